import {
  tenantReadPermission,
  tenantSpendReadPermission,
  type TenantListResponse,
} from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import type { TenantsRouteContext } from '../routeContext';
import { redactAmounts } from './activityRedaction';
import {
  limitQuerySchema,
  noQuerySchema,
  parseOrThrow,
  parseTenantListQuery,
} from './query';
import {
  assertQueryColumns,
  decideColumns,
  listColumns,
  maskColumns,
} from './tenantColumns';
import { tenantNotFound } from './tenantVisibility';
import type { ApiResponse } from '../schema/apiResponse';

/** The answer of `GET /tenants` as the spec describes it. */
type ListRes = ApiResponse<'/tenants', 'get'>;
/** The answer of `GET /tenants/{tenantId}` as the spec describes it. */
type TenantRes = ApiResponse<'/tenants/{tenantId}', 'get'>;
/** The answer of `GET /tenants/{tenantId}/activity` as the spec describes it. */
type ActivityRes = ApiResponse<'/tenants/{tenantId}/activity', 'get'>;

/**
 * `GET /tenants`, `GET /tenants/:tenantId`, `GET /tenants/:tenantId/activity`; all need
 * `tenants.tenant.read`, for every tenant or (conditional decision) for the matching ones.
 * The summary columns of the list and the detail (spend, health, compliance) are null where
 * the caller lacks `tenants.spend.read`, `tenants.health.read` or `tenants.compliance.read`
 * (see `tenantColumns.ts`); sorting or filtering by one needs it for every tenant.
 */
export function createTenantsRoutes(ctx: TenantsRouteContext) {
  const router = Router();

  router.get('/tenants', async (req, res: ListRes) => {
    const query = parseTenantListQuery(req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const [scope, decisions] = await Promise.all([
      ctx.access.scope(tenantReadPermission, credentials),
      decideColumns(ctx.access, credentials),
    ]);
    assertQueryColumns(query, decisions);
    const page = await ctx.store.listTenants(
      query,
      scope.all ? undefined : scope.filter,
    );
    const body: TenantListResponse = {
      items: page.items.map(tenant => maskColumns(tenant, decisions)),
      totalCount: page.totalCount,
      limit: query.limit,
      offset: query.offset,
      ...listColumns(decisions),
      ...(ctx.regions ? { regionsRead: ctx.regions } : {}),
    };
    res.json(body);
  });

  router.get('/tenants/:tenantId', async (req, res: TenantRes) => {
    parseOrThrow(noQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const tenant = await loadTenant(ctx, req.params.tenantId);
    await ctx.access.assertTenant(tenantReadPermission, credentials, tenant);
    const decisions = await decideColumns(ctx.access, credentials);
    res.json(maskColumns(tenant, decisions));
  });

  router.get('/tenants/:tenantId/activity', async (req, res: ActivityRes) => {
    const { limit } = parseOrThrow(limitQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const tenant = await loadTenant(ctx, req.params.tenantId);
    await ctx.access.assertTenant(tenantReadPermission, credentials, tenant);
    const items = await ctx.store.listActivity(tenant.tenantId, limit);
    // Budget amounts and other spend figures need tenants.spend.read for this tenant.
    const { spend } = await ctx.access.decisions(
      { spend: tenantSpendReadPermission },
      credentials,
    );
    res.json({ items: spend.allows(tenant) ? items : redactAmounts(items) });
  });

  return router;
}

/** Loads a tenant or throws NotFoundError (404, `Tenant <id> not found`). */
export async function loadTenant(
  ctx: Pick<TenantsRouteContext, 'store'>,
  tenantId: string,
) {
  const tenant = await ctx.store.getTenant(tenantId);
  if (!tenant) {
    throw tenantNotFound(tenantId);
  }
  return tenant;
}
