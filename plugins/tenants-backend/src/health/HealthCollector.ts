import {
  healthStatusOf,
  isInService,
  notInService,
} from '@tenancy/plugin-tenants-common';
import type {
  TenantsCollector,
  CollectorContext,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { errorText, staleMarker } from '../refresh/sourceReads';
import { forEachBatch } from '../refresh/batches';
import type { HealthStore } from './HealthStore';
import type { HealthSettings } from './settings';
import { healthRulesOf } from './settings';
import { streamHealth, type TenantHealthItem } from './healthFetch';
import { storedAlarms, type AlarmsRead } from './alarmsFetch';
import { notMonitoredHealth, type StoredHealth } from './status';

/** What the health and alarms collectors read and write through. */
export interface HealthCollectorDeps {
  store: () => Promise<HealthStore>;
  tenants: TenantsStore;
  settings: HealthSettings;
}

/** The alarms source's alarms as stored, and the tenants whose last alarms read failed. */
interface StoredAlarms {
  alarms: AlarmsRead;
  alarmsStale: Map<string, NonNullable<StoredHealth['alarmsStale']>>;
}

/**
 * The alarms of `monitored` as the `alarms` source stored them, read batch by batch; undefined
 * when a tenant has no stored health yet (then the health source reads DescribeAlarms itself).
 */
async function readStoredAlarms(
  store: HealthStore,
  monitored: Array<{ tenantId: string; accountId: string }>,
  size: number,
): Promise<StoredAlarms | undefined> {
  const out: StoredAlarms = {
    alarms: { byTenant: new Map(), regionCounts: new Map() },
    alarmsStale: new Map(),
  };
  let complete = true;
  await forEachBatch(monitored, size, async batch => {
    if (!complete) return;
    const stored = await store.batches.valuesOf(batch.map(t => t.tenantId));
    complete = batch.every(t => {
      const h = stored.get(t.tenantId);
      return !!h && !h.notMonitored;
    });
    if (!complete) return;
    const read = storedAlarms(batch, stored);
    read.byTenant.forEach((v, k) => out.alarms.byTenant.set(k, v));
    read.regionCounts.forEach((v, k) => out.alarms.regionCounts.set(k, v));
    for (const t of batch) {
      const stale = stored.get(t.tenantId)?.alarmsStale;
      if (stale) out.alarmsStale.set(t.tenantId, stale);
    }
  });
  return complete ? out : undefined;
}

/**
 * The `health` collector (the metrics): GetMetricData in the monitoring account for the tenants
 * in service (ACTIVE) only (see {@link streamHealth}), the status judged with the alarms as the
 * `alarms` source stored them (DescribeAlarms is read here only when a tenant has no stored
 * health yet), written batch by batch (`tenancy.refresh.batchSize` tenants at a time: memory
 * holds one batch's series, docs/memory.md); a tenant not in service (suspended, closing, …) is
 * never queried and is stored as not monitored, with no status in the overview. When
 * CloudWatch cannot be read, every tenant not yet written by this run keeps its last health,
 * marked stale with the error, and the run reports that one error (source `cloudWatch`). A
 * write never replaces a row holding a live event newer than this run's read.
 */
export class HealthCollector implements TenantsCollector {
  readonly name = 'health';

  constructor(private readonly deps: HealthCollectorDeps) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const insights = await this.deps.store();
    const { settings } = this.deps;
    const size = settings.batchSize;
    const readAt = ctx.now.toISOString();
    const tenants = ctx.tenants.filter(t => t.state !== 'CLOSED');
    const monitored = tenants.filter(t => isInService(t.state));
    const write = async (items: TenantHealthItem[], remove: string[] = []) => {
      await insights.batches.writeBatch(
        items.map(i => ({ ...i, value: i.health })),
        remove,
        readAt,
      );
      await this.deps.tenants.updateTenantSummaries(
        [
          ...items.map(i => ({
            tenantId: i.tenantId,
            healthStatus: healthStatusOf(i.health),
          })),
          ...remove.map(tenantId => ({ tenantId, healthStatus: null })),
        ],
        readAt,
      );
    };
    await forEachBatch(
      ctx.tenants.filter(t => !isInService(t.state)),
      size,
      batch =>
        write(
          batch
            .filter(t => t.state !== 'CLOSED')
            .map(t => ({
              tenantId: t.tenantId,
              accountId: t.accountId,
              health: notMonitoredHealth(notInService(t.state), ctx.now),
            })),
          batch.filter(t => t.state === 'CLOSED').map(t => t.tenantId),
        ),
    );
    const stored = await readStoredAlarms(insights, monitored, size);
    /** Tenants whose fresh health this run wrote (ids only), kept when a later batch fails. */
    const written = new Set<string>();
    try {
      await streamHealth(
        region => ctx.clients.cloudWatch(region),
        {
          tenants: monitored,
          regions: settings.regions,
          now: ctx.now,
          concurrency: settings.concurrency,
          batchSize: size,
          rules: healthRulesOf(settings),
          alarms: stored?.alarms,
        },
        async batch => {
          await write(
            batch.map(i => {
              const alarmsStale = stored?.alarmsStale.get(i.tenantId);
              return alarmsStale
                ? { ...i, health: { ...i.health, alarmsStale } }
                : i;
            }),
          );
          batch.forEach(i => written.add(i.tenantId));
        },
      );
    } catch (e) {
      const error = errorText(e);
      ctx.reportError({ source: 'cloudWatch', message: error });
      const left = monitored.filter(t => !written.has(t.tenantId));
      await forEachBatch(left, size, async batch => {
        const previous = await insights.batches.valuesOf(
          batch.map(t => t.tenantId),
        );
        const items: TenantHealthItem[] = [];
        const remove: string[] = [];
        for (const t of batch) {
          const before = previous.get(t.tenantId);
          if (!before || before.notMonitored) remove.push(t.tenantId);
          else
            items.push({
              tenantId: t.tenantId,
              accountId: t.accountId,
              health: { ...before, stale: staleMarker(error, ctx.now, before) },
            });
        }
        await write(items, remove);
      });
    }
    await insights.batches.keepOnly(
      tenants.map(t => t.tenantId),
      readAt,
    );
  }
}
