import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type {
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from './routeContext';
import { loadTenant } from './inventory/routes';
import { createRefreshRoutes } from './refresh/routes';
import { createTenantVisibilityGuard } from './inventory/tenantVisibility';

/**
 * The tenants REST API (`/api/tenants`, described in `src/schema/openapi.yaml`): the refresh
 * runs and the manual refresh, plus the routes of every source given (inventory, spend, health,
 * compliance, …), in order. `ctx.loadTenant` defaults to the store's tenant (404 when unknown).
 * Errors are `@backstage/errors` types (400, 403, 404, 409, 503).
 * @public
 */
export async function createRouter(
  ctx: Omit<TenantsRouteContext, 'loadTenant'> &
    Partial<Pick<TenantsRouteContext, 'loadTenant'>>,
  sourceRouters: TenantsSubRouterFactory[] = [],
): Promise<express.Router> {
  const full: TenantsRouteContext = {
    ...ctx,
    loadTenant: ctx.loadTenant ?? (id => loadTenant(ctx, id)),
  };
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  router.use(jsonBodyErrors);
  router.use(createTenantVisibilityGuard(full));
  router.use(createRefreshRoutes(full));
  for (const factory of sourceRouters) {
    router.use(await factory(full));
  }
  return router;
}

/**
 * A request body that is not JSON answers 400 `Invalid body: must be JSON (…)` instead of the
 * parser's bare SyntaxError; a body over 100 kB keeps the parser's 413.
 */
function jsonBodyErrors(
  error: unknown,
  _req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    next(
      new InputError(
        `Invalid body: must be JSON (${(error as Error).message})`,
      ),
    );
    return;
  }
  next(error);
}
