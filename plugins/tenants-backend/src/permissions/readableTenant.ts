import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { TenantSummary } from '@tenancy/plugin-tenants-common';
import type { TenantsSourceRouteContext } from '@tenancy/plugin-tenants-node';
import type { Request } from 'express';
import type { z } from 'zod';
import { noQuerySchema, parseOrThrow } from '../inventory/query';

/**
 * The tenant a `/tenants/:tenantId/…` request names, once the caller may read it with
 * `permission`, and its query parsed with `schema` (checked first: a bad parameter is a 400
 * before any read).
 * @throws InputError (400) naming the broken rule of a query parameter or a malformed id,
 * NotFoundError (404) for an unknown tenant, NotAllowedError (403) without the permission.
 */
export async function readableTenantWithQuery<S extends z.ZodTypeAny>(
  ctx: TenantsSourceRouteContext,
  req: Request<{ tenantId: string }>,
  permission: ResourcePermission<'tenants-tenant'>,
  schema: S,
): Promise<{ tenant: TenantSummary; query: z.infer<S> }> {
  const query = parseOrThrow(schema, req.query);
  const tenant = await ctx.loadTenant(req.params.tenantId);
  await ctx.access.assertTenant(
    permission,
    await ctx.httpAuth.credentials(req),
    tenant,
  );
  return { tenant, query };
}

/**
 * The tenant a `/tenants/:tenantId/…` request without query parameters names, once the caller
 * may read it with `permission`.
 * @throws NotFoundError (404) for an unknown tenant, InputError (400) for a malformed id or any
 * query parameter, NotAllowedError (403) without the permission.
 */
export async function readableTenant(
  ctx: TenantsSourceRouteContext,
  req: Request<{ tenantId: string }>,
  permission: ResourcePermission<'tenants-tenant'>,
): Promise<TenantSummary> {
  return (await readableTenantWithQuery(ctx, req, permission, noQuerySchema))
    .tenant;
}
