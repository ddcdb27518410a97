import { NotFoundError } from '@backstage/errors';
import {
  tenantReadPermission,
  type TenantListResponse,
} from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import type { TenantsRouteContext } from './context';
import { limitQuerySchema, parseOrThrow, parseTenantListQuery } from './query';

/**
 * `GET /tenants`, `GET /tenants/:tenantId`, `GET /tenants/:tenantId/activity`; all need
 * `tenants.tenant.read`, for every tenant or (conditional decision) for the matching ones.
 */
export function createTenantsRoutes(ctx: TenantsRouteContext) {
  const router = Router();

  router.get('/tenants', async (req, res) => {
    const query = parseTenantListQuery(req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const scope = await ctx.access.scope(tenantReadPermission, credentials);
    const page = await ctx.store.listTenants(
      query,
      scope.all ? undefined : scope.filter,
    );
    const body: TenantListResponse = {
      items: page.items,
      totalCount: page.totalCount,
      limit: query.limit,
      offset: query.offset,
    };
    res.json(body);
  });

  router.get('/tenants/:tenantId', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req);
    const tenant = await loadTenant(ctx, req.params.tenantId);
    await ctx.access.assertTenant(tenantReadPermission, credentials, tenant);
    res.json(tenant);
  });

  router.get('/tenants/:tenantId/activity', async (req, res) => {
    const { limit } = parseOrThrow(limitQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const tenant = await loadTenant(ctx, req.params.tenantId);
    await ctx.access.assertTenant(tenantReadPermission, credentials, tenant);
    res.json({ items: await ctx.store.listActivity(tenant.tenantId, limit) });
  });

  return router;
}

/** Loads a tenant or throws NotFoundError (404). */
export async function loadTenant(ctx: TenantsRouteContext, tenantId: string) {
  const tenant = await ctx.store.getTenant(tenantId);
  if (!tenant) {
    throw new NotFoundError(`No tenant with id ${tenantId}`);
  }
  return tenant;
}
