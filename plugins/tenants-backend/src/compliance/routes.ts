import {
  tenantComplianceReadPermission,
  type TenantCompliance,
} from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import { staleErrorsFor } from '../permissions/staleErrorText';
import type { TenantsRouteContext } from '../routeContext';
import { readableTenant } from '../permissions/readableTenant';
import type { ComplianceStore } from './ComplianceStore';
import type { ApiResponse } from '../schema/apiResponse';

/** The answer of `GET /tenants/{tenantId}/compliance` as the spec describes it. */
type Res = ApiResponse<'/tenants/{tenantId}/compliance', 'get'>;

/** Compliance answer before the first collection. */
export const NO_COMPLIANCE: TenantCompliance = {
  score: {
    compliant: 0,
    evaluated: 0,
    noData: 0,
    evaluationFailing: 0,
    total: 0,
  },
  guardrails: [],
  findings: { member: false, low: 0, medium: 0, high: 0, critical: 0 },
  baselineStatus: null,
  collectedAt: '',
};

/**
 * Routes of the compliance snapshot, served from the database only:
 * `GET /tenants/:tenantId/compliance` → TenantCompliance (`tenants.compliance.read`;
 * {@link NO_COMPLIANCE} before the first collection) with `regionsRead`, the regions GuardDuty,
 * Config results and StackSet instances are read in (`deps.regions`, `tenancy.aws.regions`;
 * absent when not given). 404 for an unknown tenant, 403 without the permission.
 */
export function createComplianceRouter(deps: {
  store: () => Promise<ComplianceStore>;
  /** `tenancy.aws.regions`, in order: answered as `regionsRead`. */
  regions?: string[];
}) {
  return (ctx: TenantsRouteContext) => {
    const router = Router();
    router.get('/tenants/:tenantId/compliance', async (req, res: Res) => {
      const tenant = await readableTenant(
        ctx,
        req,
        tenantComplianceReadPermission,
      );
      const compliance =
        (await (await deps.store()).getCompliance(tenant.tenantId)) ??
        NO_COMPLIANCE;
      res.json(
        await staleErrorsFor(
          ctx,
          req,
          deps.regions
            ? { ...compliance, regionsRead: deps.regions }
            : compliance,
        ),
      );
    });
    return router;
  };
}
