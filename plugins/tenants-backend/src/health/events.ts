import { healthStatusOf } from '@tenancy/plugin-tenants-common';
import type { TenantsStore } from '../inventory/store/types';
import type { AlarmEvent } from '../events/eventModel';
import type { TenantEventHandler } from '../events/types';
import type { HealthStore } from './HealthStore';
import { withAlarms } from './alarmsFetch';
import { healthRulesOf, type HealthSettings } from './settings';

/**
 * Applies `CloudWatch Alarm State Change` to the tenant's stored health: the alarm's state,
 * reason and time in the alarm list, the alarm counts, and the status decided again from the
 * alarms and the stored metric series (same rules as the refresh), also in the tenants list.
 * An alarm whose stored state is newer than the event is left alone (`older`). Per-region alarm
 * counts stay as the last refresh read them.
 */
export function createHealthEventHandler(deps: {
  store: () => Promise<HealthStore>;
  tenants: TenantsStore;
  settings: HealthSettings;
}): TenantEventHandler<AlarmEvent> {
  const rules = healthRulesOf(deps.settings);
  return {
    kinds: ['alarm'],
    marks: e => [`alarm:${e.alarmName}`],
    async apply(e, tenant, now) {
      const store = await deps.store();
      const health = await store.getStoredHealth(tenant.tenantId);
      if (!health || health.notMonitored) return 'not-applicable';
      const before = health.alarmList.find(a => a.name === e.alarmName);
      const storedAt = before?.updatedAt ?? health.collectedAt;
      if (Date.parse(storedAt) > Date.parse(e.time)) return 'older';
      const alarms = [
        ...health.alarmList.filter(a => a.name !== e.alarmName),
        {
          name: e.alarmName,
          state: e.state,
          reason: e.reason,
          updatedAt: e.time,
        },
      ].map(a => ({ ...a, accountIds: [tenant.accountId] }));
      const next = withAlarms(health, alarms, { rules, now });
      await store.putHealth(tenant.tenantId, tenant.accountId, next, e.time);
      await deps.tenants.updateTenantSummaries([
        { tenantId: tenant.tenantId, healthStatus: healthStatusOf(next) },
      ]);
      return 'applied';
    },
  };
}
