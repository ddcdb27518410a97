import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TenantsCollector } from '@tenancy/plugin-tenants-node';
import { addMonths, monthOf, monthRange } from '@tenancy/plugin-tenants-common';
import { FleetSpendBuilder, FleetSpendView } from './fleetModel';
import { HISTORY_MONTHS } from './spendModel';
import type { SpendStore } from './SpendStore';
import type { FleetViewStore, StoredFleetView } from './FleetViewStore';

/**
 * The oldest stored month (`YYYY-MM`, UTC) of a snapshot taken at `now`: the snapshot keeps the
 * current month and the 12 before it. Its previous month is not stored.
 */
export function oldestStoredMonth(now: Date): string {
  return addMonths(monthOf(now), -(HISTORY_MONTHS - 1));
}

/** The months (`YYYY-MM`, oldest first) a snapshot taken at `now` answers. */
export function storedMonths(now: Date): string[] {
  const out: string[] = [];
  for (let m = oldestStoredMonth(now); m <= monthOf(now); m = addMonths(m, 1))
    out.push(m);
  return out;
}

/** Accounts whose facts {@link computeFleetView} reads in one query. */
export const FLEET_VIEW_ACCOUNTS_PER_READ = 500;

/**
 * The costs page of `month` computed from the stored facts (the rules of `buildFleetSpend`), every
 * tenant row included. Only the current month reads the daily facts (its previous amounts are
 * the same days of the previous month); a past month reads its and the previous month's monthly
 * facts only. The facts are read {@link FLEET_VIEW_ACCOUNTS_PER_READ} accounts at a time and
 * folded ({@link FleetSpendBuilder}): at 10,000 tenants the current month is ~1 million facts,
 * which read at once held ~320 MiB (docs/memory.md).
 */
export async function computeFleetView(
  store: SpendStore,
  metric: string,
  month: string,
  now: Date,
): Promise<FleetSpendView> {
  const isCurrent = month === monthOf(now);
  const builder = new FleetSpendBuilder({
    tenants: await store.snapshotTenants(),
    month,
    now,
    metric,
    tagStatus: await store.tagStatus(metric),
    previousKnown: month > oldestStoredMonth(now),
    stale: await store.staleParts(metric),
  });
  const accounts = await store.factAccounts(metric);
  for (let i = 0; i < accounts.length; i += FLEET_VIEW_ACCOUNTS_PER_READ) {
    builder.add(
      await store.spendFacts({
        metric,
        from: `${addMonths(month, -1)}-01`,
        to: monthRange(month).end,
        accountIds: accounts.slice(i, i + FLEET_VIEW_ACCOUNTS_PER_READ),
        ...(isCurrent
          ? {}
          : { dimensions: ['RECORD_TYPE', 'SERVICE', 'TAG', 'ORG_TOTAL'] }),
      }),
    );
  }
  return builder.build();
}

/**
 * Computes the costs page of every stored month of the snapshot and stores it under `runId`
 * (one month at a time: the facts of two months are in memory at once, never the 13).
 * @returns the months stored
 */
export async function materializeFleetViews(options: {
  spend: SpendStore;
  views: FleetViewStore;
  metric: string;
  runId: string;
}): Promise<string[]> {
  const now = (await options.spend.collectedAt()) ?? new Date();
  const months = storedMonths(now);
  for (const month of months) {
    const view = await computeFleetView(
      options.spend,
      options.metric,
      month,
      now,
    );
    await options.views.put(options.metric, options.runId, view, new Date());
  }
  return months;
}

/**
 * The stored view of `month` when it was computed from the spend run `runId`; otherwise
 * (no view stored yet, an older run's, or no run recorded, `runId` undefined: computed each
 * time) computes it now and stores it. Concurrent calls for one key in this process share one
 * computation (`inFlight`); when another replica stores the same run's view at the same moment,
 * its view is used.
 */
export async function ensureFleetView(options: {
  spend: SpendStore;
  views: FleetViewStore;
  metric: string;
  month: string;
  runId: string | undefined;
  now: Date;
  inFlight: Map<string, Promise<StoredFleetView>>;
}): Promise<StoredFleetView> {
  const { views, metric, month, runId } = options;
  const stored = await views.view(metric, month);
  if (stored && runId !== undefined && stored.runId === runId) return stored;
  const key = `${metric}:${month}:${runId ?? ''}`;
  const pending = options.inFlight.get(key);
  if (pending) return pending;
  const computing = (async () => {
    const view = await computeFleetView(
      options.spend,
      metric,
      month,
      options.now,
    );
    const at = new Date();
    try {
      await views.put(metric, runId ?? '', view, at);
    } catch (e) {
      // Another replica stored the same view at the same moment (a key conflict): use it.
      const other = await views.view(metric, month);
      if (!other || runId === undefined || other.runId !== runId) throw e;
      return other;
    }
    const { tenants: _rows, ...rest } = view;
    return { view: rest, runId: runId ?? '', computedAt: at.toISOString() };
  })().finally(() => options.inFlight.delete(key));
  options.inFlight.set(key, computing);
  return computing;
}

/**
 * Wraps the spend collector so that, once it has run (even when it failed part-way, since some
 * facts may have been replaced), the run's id is recorded with {@link SpendStore.setSpendRunId}
 * and the costs page of every stored month is computed and stored for it
 * ({@link materializeFleetViews}): requests read the stored views, never recompute them. A
 * failure to store the views is logged; the routes then compute a missing view once.
 */
export function recordingSpendRun(
  spend: TenantsCollector,
  deps: {
    store: () => Promise<SpendStore>;
    views: () => Promise<FleetViewStore>;
    metric: string;
  },
): TenantsCollector {
  return {
    name: spend.name,
    async collect(ctx) {
      try {
        await spend.collect(ctx);
      } finally {
        const store = await deps.store();
        await store.setSpendRunId(ctx.runId);
        await storeViews(ctx.logger, async () =>
          materializeFleetViews({
            spend: store,
            views: await deps.views(),
            metric: deps.metric,
            runId: ctx.runId,
          }),
        );
      }
    },
  };
}

async function storeViews(
  logger: LoggerService,
  fn: () => Promise<string[]>,
): Promise<void> {
  try {
    const months = await fn();
    logger.info(`Stored the costs page of ${months.length} months`);
  } catch (e) {
    logger.warn(`Could not store the costs pages: ${e}`);
  }
}
