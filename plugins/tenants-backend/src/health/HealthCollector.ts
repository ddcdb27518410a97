import { isInService, notInService } from '@tenancy/plugin-tenants-common';
import type {
  TenantsCollector,
  CollectorContext,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { errorText, staleMarker } from '../refresh/sourceReads';
import type { HealthStore } from './HealthStore';
import type { HealthSettings } from './settings';
import { streamHealth, type TenantHealthItem } from './healthFetch';
import { forEachBatch } from '../refresh/batches';
import { DEFAULT_HEALTH_RULES, notMonitoredHealth } from './status';

/**
 * The `health` collector: GetMetricData and DescribeAlarms in the monitoring account for the
 * tenants in service (ACTIVE) only (see {@link streamHealth}), written batch by batch (`tenancy.refresh.batchSize` tenants at a
 * time: memory holds one batch's series, docs/memory.md); a tenant not in service
 * (suspended, closing, …) is never queried and is stored as not monitored, with no status in
 * the overview. When CloudWatch cannot be read, every tenant not yet written by this run keeps its last
 * health, marked stale with the error, and the run reports that one error (source `cloudWatch`).
 */
export class HealthCollector implements TenantsCollector {
  readonly name = 'health';

  constructor(
    private readonly deps: {
      store: () => Promise<HealthStore>;
      tenants: TenantsStore;
      settings: HealthSettings;
    },
  ) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const insights = await this.deps.store();
    const { settings } = this.deps;
    const size = settings.batchSize;
    const tenants = ctx.tenants.filter(t => t.state !== 'CLOSED');
    const monitored = tenants.filter(t => isInService(t.state));
    const write = async (items: TenantHealthItem[], remove: string[] = []) => {
      await insights.batches.writeBatch(
        items.map(i => ({ ...i, value: i.health })),
        remove,
      );
      await this.deps.tenants.updateTenantSummaries([
        ...items.map(i => ({
          tenantId: i.tenantId,
          healthStatus: i.health.notMonitored ? null : i.health.status,
        })),
        ...remove.map(tenantId => ({ tenantId, healthStatus: null })),
      ]);
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
          rules: {
            ...DEFAULT_HEALTH_RULES,
            ...settings.healthThresholds,
            criticalAlarmCount: settings.criticalAlarmCount,
          },
        },
        async batch => {
          await write(batch);
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
    await insights.batches.keepOnly(tenants.map(t => t.tenantId));
  }
}
