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
import {
  DEFAULT_HEALTH_RULES,
  notMonitoredHealth,
  StoredHealth,
} from './status';

/**
 * The `health` collector: GetMetricData and DescribeAlarms in the monitoring account for the
 * tenants in service (ACTIVE) only (see {@link fetchHealth}); a tenant not in service
 * (suspended, closing, …) is never queried and is stored as not monitored, with no status in
 * the overview. When CloudWatch cannot be read, every tenant keeps its last health, marked
 * stale with the error, and the run reports that one error (source `cloudWatch`).
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
    const tenants = ctx.tenants.filter(t => t.state !== 'CLOSED');
    const monitored = tenants.filter(t => isInService(t.state));
    let health: Map<string, StoredHealth>;
    let stale:
      | { error: string; previous: Map<string, StoredHealth> }
      | undefined;
    try {
      health = await fetchHealth(region => ctx.clients.cloudWatch(region), {
        tenants: monitored,
        regions: this.deps.settings.regions,
        now: ctx.now,
        concurrency: this.deps.settings.concurrency,
        rules: {
          ...DEFAULT_HEALTH_RULES,
          ...this.deps.settings.healthThresholds,
          criticalAlarmCount: this.deps.settings.criticalAlarmCount,
        },
      });
    } catch (e) {
      const error = errorText(e);
      ctx.reportError({ source: 'cloudWatch', message: error });
      health = new Map();
      stale = { error, previous: await insights.listStoredHealth() };
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
      if (fresh)
        return [
          { tenantId: t.tenantId, accountId: t.accountId, health: fresh },
        ];
      const before = stale?.previous.get(t.tenantId);
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
