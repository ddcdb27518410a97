import { healthStatusOf, isInService } from '@tenancy/plugin-tenants-common';
import type {
  CollectorContext,
  TenantsCollector,
} from '@tenancy/plugin-tenants-node';
import { errorText, staleMarker } from '../refresh/sourceReads';
import { forEachBatch } from '../refresh/batches';
import { fetchAlarms, withAlarms, type AlarmsRead } from './alarmsFetch';
import type { HealthCollectorDeps } from './HealthCollector';
import type { HealthStore } from './HealthStore';
import { healthRulesOf } from './settings';
import { buildTenantHealth } from './status';

/**
 * The `alarms` collector: DescribeAlarms (every page) in the monitoring account of each region
 * (see {@link fetchAlarms}), for the tenants in service (ACTIVE) only, written into each
 * tenant's stored health — the alarm list and counts, and the status decided again with the
 * stored metric series — and the tenants list's health column. Between its runs (daily by
 * default) CloudWatch Alarm State Change events keep the alarms live; a tenant whose row holds
 * an event newer than this read keeps the event's value. When CloudWatch cannot be read the
 * stored alarms stay, marked stale (`alarmsStale`, shown as the health's `stale`), and the run
 * reports that one error (source `cloudWatch`). The stored health is read and written in
 * batches of `tenancy.refresh.batchSize` tenants (docs/memory.md): memory holds the tenants'
 * alarms and one batch's stored health, never every tenant's series.
 */
export class AlarmsCollector implements TenantsCollector {
  readonly name = 'alarms';

  constructor(private readonly deps: HealthCollectorDeps) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const { settings } = this.deps;
    const monitored = ctx.tenants.filter(t => isInService(t.state));
    const store = await this.deps.store();
    const clientFor = (region?: string) => ctx.clients.cloudWatch(region);
    let read: AlarmsRead;
    try {
      read = await fetchAlarms(clientFor, {
        regions: settings.regions,
        tenants: monitored,
      });
    } catch (e) {
      const error = errorText(e);
      ctx.reportError({ source: 'cloudWatch', message: error });
      await this.#markStale(store, monitored, error, ctx.now);
      return;
    }
    const rules = healthRulesOf(settings);
    const readAt = ctx.now.toISOString();
    await forEachBatch(monitored, settings.batchSize, async batch => {
      const previous = await store.batches.valuesOf(batch.map(t => t.tenantId));
      const items = batch.map(t => {
        const before = previous.get(t.tenantId);
        const base =
          before && !before.notMonitored
            ? before
            : buildTenantHealth({
                alarms: [],
                series24h: [],
                series7d: [],
                definitions: [],
                now: ctx.now,
                rules,
              });
        return {
          tenantId: t.tenantId,
          accountId: t.accountId,
          health: withAlarms(base, read.byTenant.get(t.tenantId) ?? [], {
            rules,
            now: ctx.now,
            regionCounts: read.regionCounts.get(t.tenantId),
          }),
        };
      });
      await store.updateHealth(items, readAt);
      await this.deps.tenants.updateTenantSummaries(
        items.map(i => ({
          tenantId: i.tenantId,
          healthStatus: healthStatusOf(i.health),
        })),
        readAt,
      );
    });
  }

  /** Keeps every stored alarm, marked `alarmsStale` since the last read, with the error. */
  async #markStale(
    store: HealthStore,
    tenants: CollectorContext['tenants'],
    error: string,
    now: Date,
  ): Promise<void> {
    await forEachBatch(tenants, this.deps.settings.batchSize, async batch => {
      const previous = await store.batches.valuesOf(batch.map(t => t.tenantId));
      const items = batch.flatMap(t => {
        const before = previous.get(t.tenantId);
        if (!before || before.notMonitored) return [];
        const alarmsStale = staleMarker(error, now, {
          collectedAt: before.collectedAt,
          stale: before.alarmsStale,
        });
        return [
          {
            tenantId: t.tenantId,
            accountId: t.accountId,
            health: { ...before, alarmsStale },
          },
        ];
      });
      await store.updateHealth(items, now.toISOString());
    });
  }
}
