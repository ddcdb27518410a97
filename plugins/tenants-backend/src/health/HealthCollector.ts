import { isInService, notInService } from '@tenancy/plugin-tenants-common';
import type {
  TenantsCollector,
  CollectorContext,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { errorText, staleMarker } from '../refresh/sourceReads';
import type { HealthStore } from './HealthStore';
import type { HealthSettings } from './settings';
import { fetchHealth } from './healthFetch';
import { storedAlarms } from './alarmsFetch';
import { healthRulesOf } from './settings';
import { notMonitoredHealth, StoredHealth } from './status';

/** What the health and alarms collectors read and write through. */
export interface HealthCollectorDeps {
  store: () => Promise<HealthStore>;
  tenants: TenantsStore;
  settings: HealthSettings;
}

/**
 * The `health` collector (the metrics): GetMetricData in the monitoring account for the tenants
 * in service (ACTIVE) only (see {@link fetchHealth}), the status judged with the alarms as the
 * `alarms` source stored them (DescribeAlarms is read here only when a tenant has no stored
 * health yet); a tenant not in service
 * (suspended, closing, …) is never queried and is stored as not monitored, with no status in
 * the overview. When CloudWatch cannot be read, every tenant keeps its last health, marked
 * stale with the error, and the run reports that one error (source `cloudWatch`).
 */
export class HealthCollector implements TenantsCollector {
  readonly name = 'health';

  constructor(private readonly deps: HealthCollectorDeps) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const insights = await this.deps.store();
    const tenants = ctx.tenants.filter(t => t.state !== 'CLOSED');
    const monitored = tenants.filter(t => isInService(t.state));
    const previous = await insights.listStoredHealth();
    let health: Map<string, StoredHealth>;
    let stale: { error: string } | undefined;
    // The alarms source's, as stored; read now only when a tenant has no stored health yet.
    const useStored = monitored.every(t => {
      const h = previous.get(t.tenantId);
      return !!h && !h.notMonitored;
    });
    try {
      health = await fetchHealth(region => ctx.clients.cloudWatch(region), {
        tenants: monitored,
        regions: this.deps.settings.regions,
        now: ctx.now,
        concurrency: this.deps.settings.concurrency,
        rules: healthRulesOf(this.deps.settings),
        alarms: useStored ? storedAlarms(monitored, previous) : undefined,
      });
    } catch (e) {
      const error = errorText(e);
      ctx.reportError({ source: 'cloudWatch', message: error });
      health = new Map();
      stale = { error };
    }
    const items = tenants.flatMap(t => {
      if (!isInService(t.state)) {
        return [
          {
            tenantId: t.tenantId,
            accountId: t.accountId,
            health: notMonitoredHealth(notInService(t.state), ctx.now),
          },
        ];
      }
      const fresh = health.get(t.tenantId);
      const alarmsStale = useStored
        ? previous.get(t.tenantId)?.alarmsStale
        : undefined;
      if (fresh)
        return [
          {
            tenantId: t.tenantId,
            accountId: t.accountId,
            health: alarmsStale ? { ...fresh, alarmsStale } : fresh,
          },
        ];
      const before = previous.get(t.tenantId);
      if (!stale || !before || before.notMonitored) return [];
      return [
        {
          tenantId: t.tenantId,
          accountId: t.accountId,
          health: {
            ...before,
            stale: staleMarker(stale.error, ctx.now, before),
          },
        },
      ];
    });
    const readAt = ctx.now.toISOString();
    await insights.replaceHealth(items, readAt);
    const byTenant = new Map(items.map(i => [i.tenantId, i.health]));
    await this.deps.tenants.updateTenantSummaries(
      ctx.tenants.map(t => {
        const h = byTenant.get(t.tenantId);
        return {
          tenantId: t.tenantId,
          healthStatus: h && !h.notMonitored ? h.status : null,
        };
      }),
      readAt,
    );
  }
}
