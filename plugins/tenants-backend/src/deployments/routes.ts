import {
  tenantDeploymentsReadPermission,
  type TenantDeployments,
} from '@tenancy/plugin-tenants-common';
import type { TenantsSourceRouteContext } from '@tenancy/plugin-tenants-node';
import Router from 'express-promise-router';
import { readableTenant } from '../permissions/readableTenant';
import type { ApiResponse } from '../schema/apiResponse';
import type { DeploymentsStore } from './DeploymentsStore';
import { createReleaseStartRoutes } from './releaseStartRoutes';

/** The answer of `GET /tenants/{tenantId}/deployments` as the spec describes it. */
type Res = ApiResponse<'/tenants/{tenantId}/deployments', 'get'>;

/**
 * Routes of the deployments snapshot, served from the database only:
 * `GET /tenants/:tenantId/deployments` → TenantDeployments (`tenants.deployments.read`; before
 * the first collection: no release, empty history, `collectedAt` ''). 404 for an unknown
 * tenant, 403 without the permission. `POST /releases/starts` (service principals): who
 * started a release's operations.
 */
export function createDeploymentsRouter(deps: {
  store: () => Promise<DeploymentsStore>;
  stackSetName: string;
}) {
  const none: TenantDeployments = {
    stackSetName: deps.stackSetName,
    latestVersion: '',
    release: null,
    instances: [],
    history: [],
    collectedAt: '',
  };
  return (ctx: TenantsSourceRouteContext) => {
    const router = Router();
    router.get('/tenants/:tenantId/deployments', async (req, res: Res) => {
      const tenant = await readableTenant(
        ctx,
        req,
        tenantDeploymentsReadPermission,
      );
      res.json(
        (await (await deps.store()).getDeployments(tenant.tenantId)) ?? none,
      );
    });
    router.use(createReleaseStartRoutes(ctx, deps.store));
    return router;
  };
}
