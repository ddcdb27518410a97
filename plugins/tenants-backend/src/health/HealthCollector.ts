import type {
  TenantsCollector,
  CollectorContext,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import type { HealthStore } from './HealthStore';
import type { HealthSettings } from './settings';
import { fetchHealth } from './healthFetch';
import { DEFAULT_HEALTH_RULES } from './status';

/**
 * The `health` collector: GetMetricData and DescribeAlarms in the monitoring account for the
 * whole fleet (see {@link fetchHealth}); stores each tenant's health and its status column.
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
    const health = await fetchHealth(region => ctx.clients.cloudWatch(region), {
      tenants,
      regions: this.deps.settings.regions,
      now: ctx.now,
      concurrency: this.deps.settings.concurrency,
      rules: {
        ...DEFAULT_HEALTH_RULES,
        ...this.deps.settings.healthThresholds,
        criticalAlarmCount: this.deps.settings.criticalAlarmCount,
      },
    });
    const items = tenants.map(t => ({
      tenantId: t.tenantId,
      accountId: t.accountId,
      health: health.get(t.tenantId)!,
    }));
    await insights.replaceHealth(items);
    await this.deps.tenants.updateTenantSummaries(
      ctx.tenants.map(t => ({
        tenantId: t.tenantId,
        healthStatus: health.get(t.tenantId)?.status ?? null,
      })),
    );
  }
}
