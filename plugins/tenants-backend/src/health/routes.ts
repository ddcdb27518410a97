import {
  tenantHealthReadPermission,
  type TenantHealth,
} from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import { staleErrorsFor } from '../permissions/staleErrorText';
import type { TenantsRouteContext } from '../routeContext';
import { readableTenant } from '../permissions/readableTenant';
import type { HealthStore } from './HealthStore';
import type { ApiResponse } from '../schema/apiResponse';

/** The answer of `GET /tenants/{tenantId}/health` as the spec describes it. */
type Res = ApiResponse<'/tenants/{tenantId}/health', 'get'>;

/** Health answer before the first collection. */
export const NO_HEALTH: TenantHealth = {
  status: 'unknown',
  reason: 'Not collected yet',
  alarms: { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 },
  alarmList: [],
  series24h: [],
  series7d: [],
  collectedAt: '',
};

/**
 * Routes of the health snapshot, served from the database only:
 * `GET /tenants/:tenantId/health` → TenantHealth (`tenants.health.read`; {@link NO_HEALTH}
 * before the first collection) with `regionsRead`, the regions the health source reads (`deps.regions`,
 * `tenancy.aws.regions`; absent when not given). 404 for an unknown tenant, 403 without the
 * permission.
 */
export function createHealthRouter(deps: {
  store: () => Promise<HealthStore>;
  /** `tenancy.aws.regions`, in order: answered as `regionsRead`. */
  regions?: string[];
}) {
  return (ctx: TenantsRouteContext) => {
    const router = Router();
    router.get('/tenants/:tenantId/health', async (req, res: Res) => {
      const tenant = await readableTenant(ctx, req, tenantHealthReadPermission);
      const health =
        (await (await deps.store()).getHealth(tenant.tenantId)) ?? NO_HEALTH;
      res.json(
        await staleErrorsFor(
          ctx,
          req,
          deps.regions ? { ...health, regionsRead: deps.regions } : health,
        ),
      );
    });
    return router;
  };
}
