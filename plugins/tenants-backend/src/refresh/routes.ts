import {
  tenantReadPermission,
  tenantRefreshPermission,
  type RefreshRun,
  type SourceFreshness,
} from '@tenancy/plugin-tenants-common';
import { assertNoBody } from '../inventory/noBody';
import Router from 'express-promise-router';
import type { StoredRefreshRun } from '../inventory/store/types';
import type { TenantsRouteContext } from '../routeContext';
import {
  limitQuerySchema,
  noQuerySchema,
  parseOrThrow,
} from '../inventory/query';
import type { ApiResponse } from '../schema/apiResponse';
import { actorOf } from '../permissions/actor';
import { READ_FAILED } from '../permissions/staleErrorText';

/** The answer of `GET /refresh-runs` as the spec describes it. */
type RunsRes = ApiResponse<'/refresh-runs', 'get'>;
/** The answer of `GET /freshness` as the spec describes it. */
type FreshnessRes = ApiResponse<'/freshness', 'get'>;
/** The answer of `POST /refresh` as the spec describes it. */
type RefreshRes = ApiResponse<'/refresh', 'post'>;

/** The API shape of a run: a queued run reads as running, from its request time. */
function toApiRun(run: StoredRefreshRun): RefreshRun {
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status === 'queued' ? 'running' : run.status,
    awsCalls: run.awsCalls,
    errors: run.errors,
    tenantCount: run.tenantCount,
    durationSeconds: run.durationSeconds,
    ...(run.sources ? { sources: run.sources } : {}),
  };
}

/** A source's freshness without AWS's error text (account ids, role ARNs): only that it failed. */
function withoutErrorText(s: SourceFreshness): SourceFreshness {
  return {
    ...s,
    error: s.error === null ? null : READ_FAILED,
    ...(s.staleParts
      ? { staleParts: s.staleParts.map(p => ({ ...p, error: READ_FAILED })) }
      : {}),
  };
}

/**
 * `GET /refresh-runs` (`tenants.tenant.read`; per-tenant errors, AWS calls and the tenant count
 * only for users who may read every tenant: the others get `[]`, `{}` and 0), `GET /freshness` (`tenants.tenant.read`: each source's freshness) and
 * `POST /refresh` (`tenants.refresh`, 202 `{ runId }`).
 */
export function createRefreshRoutes(ctx: TenantsRouteContext) {
  const router = Router();

  router.get('/refresh-runs', async (req, res: RunsRes) => {
    const { limit } = parseOrThrow(limitQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const scope = await ctx.access.scope(tenantReadPermission, credentials);
    const runs = (await ctx.store.listRefreshRuns(limit)).map(toApiRun);
    // Users who may read only some tenants get when and how each run ended, not the fleet's
    // size, its AWS calls or other tenants' errors.
    res.json({
      items: scope.all
        ? runs
        : runs.map(run => ({
            ...run,
            errors: [],
            awsCalls: {},
            tenantCount: 0,
          })),
    });
  });

  router.get('/freshness', async (req, res: FreshnessRes) => {
    parseOrThrow(noQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req);
    const scope = await ctx.access.scope(tenantReadPermission, credentials);
    const items = (await ctx.freshness?.()) ?? [];
    res.json({ items: scope.all ? items : items.map(withoutErrorText) });
  });

  router.post('/refresh', async (req, res: RefreshRes) => {
    parseOrThrow(noQuerySchema, req.query);
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Nothing to say in a body: one is refused rather than ignored (after sign-in: an anonymous
    // caller learns nothing of the route's rules).
    assertNoBody(req, 'POST /refresh');
    const auditEvent = await ctx.auditor.createEvent({
      eventId: 'refresh-request',
      severityLevel: 'medium',
      request: req,
    });
    try {
      await ctx.access.assertBasic(tenantRefreshPermission, credentials);
    } catch (error) {
      await auditEvent.fail({ error: error as Error });
      throw error;
    }
    const result = await ctx.refresh.requestRefresh({
      actor: actorOf(credentials),
    });
    await auditEvent.success({ meta: { ...result } });
    res.status(202).json(result);
  });

  return router;
}
