import express from 'express';
import Router from 'express-promise-router';
import type {
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from './routes/context';
import { createActivityRoutes } from './routes/activityRoutes';
import { createGuardrailsRoutes } from './routes/guardrailsRoutes';
import { createRefreshRoutes } from './routes/refreshRoutes';
import { createTenantsRoutes } from './routes/tenantsRoutes';
import { createTenantVisibilityGuard } from './routes/tenantVisibility';

/**
 * The tenants REST API (`/api/tenants`, described in `src/schema/openapi.yaml`): the tenant
 * list, detail and activity, refresh runs and the manual refresh, plus every sub-router given
 * (spend, health, compliance). Errors are `@backstage/errors` types (400, 403, 404, 409, 503).
 * @public
 */
export async function createRouter(
  ctx: TenantsRouteContext,
  subRouters: TenantsSubRouterFactory[] = [],
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  router.use(createTenantVisibilityGuard(ctx));
  router.use(createTenantsRoutes(ctx));
  router.use(createRefreshRoutes(ctx));
  router.use(createActivityRoutes(ctx));
  router.use(createGuardrailsRoutes(ctx));
  for (const factory of subRouters) {
    router.use(await factory(ctx));
  }
  return router;
}
