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
  tenantLifecycleOf,
} from '@tenancy/plugin-tenants-common';
import { buildTenantSpend, HISTORY_MONTHS } from './spendModel';
import type { SpendStore } from './SpendStore';
import type { SpendSettings } from './settings';
import type { FleetViewStore, StoredFleetView } from './FleetViewStore';
import { ensureFleetView, oldestStoredMonth } from './fleetViews';
import { streamSpendCsv } from './exportStream';
import { uncompressedBody } from './csvResponse';
import type { ApiResponse } from '../schema/apiResponse';
import { actorOf } from '../permissions/actor';

export { oldestStoredMonth } from './fleetViews';

/** The answer of `GET /tenants/{tenantId}/spend` as the spec describes it. */
type TenantRes = ApiResponse<'/tenants/{tenantId}/spend', 'get'>;
/** The answer of `GET /spend/fleet` as the spec describes it. */
type FleetRes = ApiResponse<'/spend/fleet', 'get'>;

/**
 * Routes of the spend snapshot, served from the database only:
 * - `GET /tenants/:tenantId/spend` → TenantSpend (`tenants.spend.read`)
 * - `GET /spend/fleet?month=YYYY-MM&limit&offset&sort&order&q` → FleetSpend
 *   (`tenants.spend.read` for every tenant): the month's totals, movers and by-service series as
 *   stored once per spend run (see {@link ensureFleetView}), and one page of its tenant rows,
 *   paged, sorted and searched in the database, with `totalCount`; `availableMonths` are the 13
 *   UTC months it answers, the snapshot's month and the 12 before it; a month outside them is a
 *   400
 * - `GET /spend/export.csv?from=YYYY-MM&to=YYYY-MM` → CSV tenant × month × service, plus each
 *   month's part not attributed to an account as a line of its own (same permission), streamed
 *   from the database a page of accounts at a time ({@link streamSpendCsv}), never held whole in
 *   memory; `X-Expected-Rows` bounds its data lines for a progress indication. A range reaching
 *   outside the stored months is a 400 naming them, never a file that silently starts later
 *   (docs/aws-behaviours/fleet.md#change-needs-a-previous-value). Every export is an audit event
 *   `spend-export` with the lines written; a denied or refused one too, as failed.
 */
export function createSpendRouter(deps: {
  store: () => Promise<SpendStore>;
  views: () => Promise<FleetViewStore>;
  settings: SpendSettings;
}): TenantsSubRouterFactory {
  return (ctx: TenantsRouteContext) => {
    const router = Router();
    const metric = deps.settings.spendMetric;
    const inFlight = new Map<string, Promise<StoredFleetView>>();
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
          lifecycle: tenantLifecycleOf(tenant.state, tenant.tags),
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
      // Permission before the stored range: the range tells which months are stored.
      await assertFleet(req);
      const store = await deps.store();
      // Read before anything else of the snapshot: a view stored under this run is at least
      // as new as that run's data.
      const runId = await store.spendRunId();
      const now = await snapshotTime(store);
      const m = q.month ?? monthOf(now);
      const oldest = oldestStoredMonth(now);
      if (m > monthOf(now) || m < oldest) {
        throw new InputError(
          `month must be between ${oldest} and ${monthOf(now)}; got ${m}`,
        );
      }
      const views = await deps.views();
      const stored = await ensureFleetView({
        spend: store,
        views,
        metric,
        month: m,
        runId,
        now,
        inFlight,
      });
      const page = await views.page(metric, m, q);
      res.json({
        ...stored.view,
        tenants: page.items,
        totalCount: page.totalCount,
        limit: q.limit,
        offset: q.offset,
        // The months this route answers, so a month picker stops at both ends.
        availableMonths: { from: oldest, to: monthOf(now) },
      });
    });

    router.get('/spend/export.csv', async (req, res) => {
      const q = parseOrThrow(exportQuerySchema, req.query);
      // The audit event first, so that a denied or refused export is recorded too (failed).
      const credentials = await ctx.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const auditEvent = await ctx.auditor.createEvent({
        eventId: 'spend-export',
        severityLevel: 'medium',
        request: req,
        meta: { actor: actorOf(credentials), from: q.from, to: q.to, metric },
      });
      try {
        // Permission before the stored range: the range tells which months are stored.
        await assertFleet(req);
        const store = await deps.store();
        const now = await snapshotTime(store);
        if (q.from > q.to)
          throw new InputError(
            `from (${q.from}) must not be after to (${q.to})`,
          );
        const oldest = oldestStoredMonth(now);
        if (q.from < oldest || q.to > monthOf(now))
          throw new InputError(
            `spend is stored for ${oldest} to ${monthOf(now)}; asked for ${
              q.from
            } to ${q.to}`,
          );
        const range = { metric, from: monthRange(q.from).start };
        const expected = await store.countFacts({
          ...range,
          to: monthRange(q.to).end,
          dimension: 'SERVICE',
        });
        const months = monthsBetween(q.from, q.to);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="spend-${q.from}-${q.to}.csv"`,
        );
        res.setHeader('X-Expected-Rows', String(expected + months));
        res.setHeader('Access-Control-Expose-Headers', 'X-Expected-Rows');
        uncompressedBody(res);
        const out = await streamSpendCsv({
          store,
          metric,
          from: q.from,
          to: q.to,
          out: res,
        });
        res.end();
        await auditEvent.success({
          meta: { rows: out.rows, complete: out.complete },
        });
      } catch (error) {
        await auditEvent.fail({ error: error as Error });
        // Headers are sent: the only way to tell the client is to cut the response short.
        if (res.headersSent) res.destroy(error as Error);
        else throw error;
      }
    });

    return router;
  };
}

/** How many months `from`..`to` (`YYYY-MM`, inclusive) span. */
function monthsBetween(from: string, to: string): number {
  let n = 0;
  for (let m = from; m <= to; m = addMonths(m, 1)) n += 1;
  return n;
}
