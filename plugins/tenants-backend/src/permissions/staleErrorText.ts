import { tenantReadPermission } from '@tenancy/plugin-tenants-common';
import type { Request } from 'express';
import type { TenantsRouteContext } from '../routeContext';

/** What a user who may not read every tenant sees of a failed AWS read: that it failed. */
export const READ_FAILED = 'The last read failed';

/**
 * `value` with the `error` of every stale marker (`{ since, error }`, `SourceStale`) replaced
 * by {@link READ_FAILED}: AWS's error text can hold other accounts' ids and role ARNs (the
 * central accounts the portal reads through), which only users who may read every tenant see.
 */
export function withoutStaleErrorText<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutStaleErrorText) as T;
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const marker = typeof o.since === 'string' && typeof o.error === 'string';
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [
      k,
      marker && k === 'error' ? READ_FAILED : withoutStaleErrorText(v),
    ]),
  ) as T;
}

/**
 * `value` as the caller of `req` may see it: whole for users who may read every tenant
 * (`tenants.tenant.read` allowed unconditionally), else {@link withoutStaleErrorText}.
 */
export async function staleErrorsFor<T>(
  ctx: Pick<TenantsRouteContext, 'access' | 'httpAuth'>,
  req: Request,
  value: T,
): Promise<T> {
  const credentials = await ctx.httpAuth.credentials(req);
  let all = false;
  try {
    all = (await ctx.access.scope(tenantReadPermission, credentials)).all;
  } catch {
    // Not allowed to read every tenant (or not at all): the text stays hidden.
  }
  return all ? value : withoutStaleErrorText(value);
}
