import { tenantReadPermission } from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import { noQuerySchema, parseOrThrow } from '../inventory/query';
import type { TenantsRouteContext } from '../routeContext';
import type { ApiResponse } from '../schema/apiResponse';

/** The answer of `GET /guardrails` as the spec describes it. */
type Res = ApiResponse<'/guardrails', 'get'>;

/**
 * `GET /guardrails` → `{ items: Guardrail[] }`: the central guardrail catalog
 * (`guardrails/catalog.yaml`), for anyone who may read tenants. Empty when no catalog is wired.
 */
export function createGuardrailsRoutes(ctx: TenantsRouteContext) {
  const router = Router();
  router.get('/guardrails', async (req, res: Res) => {
    parseOrThrow(noQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    await ctx.access.scope(tenantReadPermission, credentials);
    res.json({ items: ctx.guardrails ? await ctx.guardrails() : [] });
  });
  return router;
}
