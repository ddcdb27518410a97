import type { CacheService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { tenantSpendReadPermission } from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import type {
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from '../routeContext';
import { loadTenant } from '../inventory/routes';
import { noQuerySchema, parseOrThrow } from '../inventory/query';
import { exportQuerySchema, fleetQuerySchema } from './query';
import {
  addMonths,
  monthOf,
  monthRange,
  monthToDate,
} from '@tenancy/plugin-tenants-common';
import { buildTenantSpend, HISTORY_MONTHS } from './spendModel';
import { buildFleetSpend } from './fleetModel';
import type { SpendStore } from './SpendStore';
import type { SpendSettings } from './settings';
import { spendCsv } from './csv';
import { FleetViewCache, fleetViewKey } from './fleetViewCache';
import type { ApiResponse } from '../schema/apiResponse';

/** The answer of `GET /tenants/{tenantId}/spend` as the spec describes it. */
type TenantRes = ApiResponse<'/tenants/{tenantId}/spend', 'get'>;
/** The answer of `GET /spend/fleet` as the spec describes it. */
type FleetRes = ApiResponse<'/spend/fleet', 'get'>;
/** The answer of `GET /spend/export.csv` as the spec describes it. */
type CsvRes = ApiResponse<'/spend/export.csv', 'get'>;

/**
 * The oldest stored month (`YYYY-MM`, UTC) of a snapshot taken at `now`: the snapshot keeps the
 * current month and the 12 before it. Its previous month is not stored.
 */
export function oldestStoredMonth(now: Date): string {
  return addMonths(monthOf(now), -(HISTORY_MONTHS - 1));
}

/**
 * Routes of the spend snapshot, served from the database only:
 * - `GET /tenants/:tenantId/spend` → TenantSpend (`tenants.spend.read`)
 * - `GET /spend/fleet?month=YYYY-MM` → FleetSpend (`tenants.spend.read` for every tenant), with
 *   `availableMonths`: the 13 UTC months it answers, the snapshot's month and the 12 before it;
 *   a month outside them is a 400
 * - `GET /spend/export.csv?from=YYYY-MM&to=YYYY-MM` → CSV tenant × month × service, plus each
 *   month's part not attributed to an account as a line of its own (same permission); a
 *   range reaching outside the stored months is a 400 naming them, never a file that silently
 *   starts later (docs/aws-behaviours/fleet.md#change-needs-a-previous-value)
 *
 * The two fleet views aggregate every tenant's facts: their bodies are cached in `cache` (see
 * {@link FleetViewCache}) under the route, query, metric and the spend run id, after the
 * permission check. A failing cache is logged at warn and the view computed.
 */
export function createSpendRouter(deps: {
  store: () => Promise<SpendStore>;
  settings: SpendSettings;
  /** Backstage's cache (`coreServices.cache`); absent → the fleet views are computed each time. */
  cache?: CacheService;
  /** Cache TTL in milliseconds (default 1 hour). */
  cacheTtlMs?: number;
  /** Cache read/write timeout in milliseconds (default 500). */
  cacheTimeoutMs?: number;
}): TenantsSubRouterFactory {
  return (ctx: TenantsRouteContext) => {
    const router = Router();
    const metric = deps.settings.spendMetric;
    const views = new FleetViewCache({
      cache: deps.cache,
      logger: ctx.logger,
      ttlMs: deps.cacheTtlMs,
      timeoutMs: deps.cacheTimeoutMs,
    });
    // Read before anything else of the snapshot: what is read after it is at least as new as
    // that run's data, so a key never names a snapshot older than the body stored under it.
    const spendRunId = (store: SpendStore) => store.spendRunId();
    const snapshotTime = async (store: SpendStore) =>
      (await store.collectedAt()) ?? new Date();
    const assertFleet = async (
      req: Parameters<typeof ctx.httpAuth.credentials>[0],
    ) => {
      const scope = await ctx.access.scope(
        tenantSpendReadPermission,
        await ctx.httpAuth.credentials(req),
      );
      if (!scope.all) {
        throw new NotAllowedError(
          `Fleet spend needs ${tenantSpendReadPermission.name} for every tenant`,
        );
      }
    };

    router.get('/tenants/:tenantId/spend', async (req, res: TenantRes) => {
      parseOrThrow(noQuerySchema, req.query);
      const tenant = await loadTenant(ctx, req.params.tenantId);
      await ctx.access.assertTenant(
        tenantSpendReadPermission,
        await ctx.httpAuth.credentials(req),
        tenant,
      );
      const store = await deps.store();
      const now = await snapshotTime(store);
      const facts = await store.spendFacts({
        metric,
        from: `${addMonths(monthOf(now), -(HISTORY_MONTHS - 1))}-01`,
        to: monthToDate(now).end,
        accountIds: [tenant.accountId],
      });
      res.json(
        buildTenantSpend(facts, now, {
          metric,
          joinedAt: tenant.joinedAt,
          stale: await store.staleParts(metric, [
            'recordTypes',
            'services',
            'daily',
          ]),
        }),
      );
    });

    router.get('/spend/fleet', async (req, res: FleetRes) => {
      const q = parseOrThrow(fleetQuerySchema, req.query);
      const store = await deps.store();
      const runId = await spendRunId(store);
      const now = await snapshotTime(store);
      const m = q.month ?? monthOf(now);
      const oldest = oldestStoredMonth(now);
      if (m > monthOf(now) || m < oldest) {
        throw new InputError(
          `month must be between ${oldest} and ${monthOf(now)}; got ${m}`,
        );
      }
      await assertFleet(req);
      const key = fleetViewKey('/spend/fleet', { metric, month: m }, runId);
      res.json(
        await views.getOrCompute(key, async () => ({
          ...buildFleetSpend({
            facts: await store.spendFacts({
              metric,
              from: `${addMonths(m, -1)}-01`,
              to: monthRange(m).end,
            }),
            tenants: await store.snapshotTenants(),
            month: m,
            now,
            metric,
            tagStatus: await store.tagStatus(metric),
            previousKnown: m > oldest,
            stale: await store.staleParts(metric),
          }),
          // The months this route answers, so a month picker stops at both ends.
          availableMonths: { from: oldest, to: monthOf(now) },
        })),
      );
    });

    router.get('/spend/export.csv', async (req, res: CsvRes) => {
      const q = parseOrThrow(exportQuerySchema, req.query);
      const store = await deps.store();
      const runId = await spendRunId(store);
      const now = await snapshotTime(store);
      if (q.from > q.to)
        throw new InputError(`from (${q.from}) must not be after to (${q.to})`);
      const oldest = oldestStoredMonth(now);
      if (q.from < oldest || q.to > monthOf(now))
        throw new InputError(
          `spend is stored for ${oldest} to ${monthOf(now)}; asked for ${
            q.from
          } to ${q.to}`,
        );
      await assertFleet(req);
      const key = fleetViewKey(
        '/spend/export.csv',
        { metric, from: q.from, to: q.to },
        runId,
      );
      const csv = await views.getOrCompute(key, async () =>
        spendCsv(
          await store.spendFacts({
            metric,
            from: monthRange(q.from).start,
            to: monthRange(q.to).end,
            dimensions: ['SERVICE', 'ORG_TOTAL'],
          }),
          await store.snapshotTenants(),
          metric,
        ),
      );
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="spend-${q.from}-${q.to}.csv"`,
      );
      res.send(csv);
    });

    return router;
  };
}
