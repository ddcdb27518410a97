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
      // Read, decided and written with the row locked, the tenants list's status in the same
      // transaction: another replica's event of another alarm waits and then reads this one's.
      return store.batches.changeEvent(
        tenant,
        e.time,
        health => {
          if (!health || health.notMonitored)
            return { result: 'not-applicable' as const };
          const before = health.alarmList.find(a => a.name === e.alarmName);
          const storedAt = before?.updatedAt ?? health.collectedAt;
          if (Date.parse(storedAt) > Date.parse(e.time))
            return { result: 'older' as const };
          const alarms = [
            ...health.alarmList.filter(a => a.name !== e.alarmName),
            {
              name: e.alarmName,
              state: e.state,
              reason: e.reason,
              updatedAt: e.time,
            },
          ].map(a => ({ ...a, accountIds: [tenant.accountId] }));
          return {
            next: withAlarms(health, alarms, { rules, now }),
            result: 'applied' as const,
          };
        },
        (tx, next) =>
          deps.tenants.updateTenantSummaries(
            [{ tenantId: tenant.tenantId, healthStatus: healthStatusOf(next) }],
            undefined,
            tx,
          ),
      );
    },
  };
}
