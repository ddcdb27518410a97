import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { TenantSummary } from '@tenancy/plugin-tenants-common';
import type { TenantsSourceRouteContext } from '@tenancy/plugin-tenants-node';
import type { Request } from 'express';

/**
 * The tenant a `/tenants/:tenantId/…` request names, once the caller may read it with
 * `permission`.
 * @throws NotFoundError (404) for an unknown tenant, InputError (400) for a malformed id,
 * NotAllowedError (403) without the permission.
 */
export async function readableTenant(
  ctx: TenantsSourceRouteContext,
  req: Request<{ tenantId: string }>,
  permission: ResourcePermission<'tenants-tenant'>,
): Promise<TenantSummary> {
  const tenant = await ctx.loadTenant(req.params.tenantId);
  await ctx.access.assertTenant(
    permission,
    await ctx.httpAuth.credentials(req),
    tenant,
  );
  return tenant;
}
