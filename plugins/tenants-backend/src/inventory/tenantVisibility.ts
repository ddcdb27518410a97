import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  tenantReadPermission,
  validateTenantId,
} from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import type { TenantsRouteContext } from '../routeContext';

/**
 * The one answer for a tenant the caller may not see and for a missing one.
 * @public
 */
export function tenantNotFound(tenantId: string): NotFoundError {
  // Only an id that could be a tenant id is echoed: never markup, control characters or a
  // 5,000-character string back to the caller.
  return validateTenantId(tenantId).length === 0
    ? new NotFoundError(`Tenant ${tenantId} not found`)
    : new NotFoundError('Tenant not found: the id is not a valid tenant id');
}

/**
 * Guards every `/tenants/:tenantId…` route so that a tenant the caller may not read answers
 * exactly as a missing one: 404 `Tenant <id> not found`. Otherwise an owner limited to its own
 * tenants (a conditional `tenants.tenant.read`) could tell from a 403 which tenant ids exist.
 * A caller denied `tenants.tenant.read` outright gets 403 for every id, existing or not.
 * The route behind it then checks its own permission (e.g. support asking for a tenant's
 * spend: the tenant is visible, the spend is not → 403).
 */
export function createTenantVisibilityGuard(ctx: TenantsRouteContext) {
  const router = Router();
  router.use('/tenants/:tenantId', async (req, _res, next) => {
    const { tenantId } = req.params;
    const credentials = await ctx.httpAuth.credentials(req);
    const { read } = await ctx.access.decisions(
      { read: tenantReadPermission },
      credentials,
    );
    if (read.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `Missing permission ${tenantReadPermission.name}`,
      );
    }
    const tenant = await ctx.store.getTenant(tenantId);
    if (!tenant || !read.allows(tenant)) {
      throw tenantNotFound(tenantId);
    }
    next();
  });
  return router;
}
