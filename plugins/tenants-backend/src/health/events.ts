import {
  healthStatusOf,
  type AlarmCounts,
  type RegionHealth,
} from '@tenancy/plugin-tenants-common';
import type { TenantsStore } from '../inventory/store/types';
import type { AlarmEvent } from '../events/eventModel';
import type { ApplyResult, TenantEventHandler } from '../events/types';
import type { HealthStore } from './HealthStore';
import { withAlarms } from './alarmsFetch';
import { healthRulesOf, type HealthSettings } from './settings';
import type { StoredHealth } from './status';

/**
 * Applies `CloudWatch Alarm State Change` to the tenant's stored health: the alarm's state,
 * reason and time in the alarm list, the alarm counts, and the status decided again from the
 * alarms and the stored metric series (same rules as the refresh), also in the tenants list.
 * An alarm whose stored state is newer than the event is left alone (`older`). The alarm's
 * region's counts move with it ({@link regionCountsAfter}). A batch of events is applied in one transaction
 * (`applyAll`): the tenants' rows read locked, changed in order, written, and their statuses.
 */
/**
 * The name the alarms read stores the event's alarm under: with more than one region read it
 * is `<name> (<region>)` (`fetchAlarms`), with one the bare name. An entry already stored
 * decides; else the regions the stored health was read in do.
 */
export function storedAlarmName(
  health: Pick<StoredHealth, 'alarmList' | 'regions' | 'regionsRead'>,
  e: Pick<AlarmEvent, 'alarmName' | 'region'>,
): string {
  const regional = e.region ? `${e.alarmName} (${e.region})` : undefined;
  const has = (n: string) => health.alarmList.some(a => a.name === n);
  if (regional && has(regional)) return regional;
  if (has(e.alarmName)) return e.alarmName;
  const regions = Math.max(
    health.regions?.length ?? 0,
    health.regionsRead?.length ?? 0,
  );
  return regional && regions > 1 ? regional : e.alarmName;
}

/**
 * The alarm counts of the event's region once one of its alarms went from `from` (its stored
 * state; undefined for an alarm not stored yet) to `to`, as a map for `withAlarms`; empty when
 * the health has no per-region part for it (no `regions`, or a region the tenant is not read
 * in). Without a region in the event, a health read in one region is that region's.
 */
export function regionCountsAfter(
  regions: RegionHealth[] | undefined,
  region: string | undefined,
  from: keyof AlarmCounts | undefined,
  to: keyof AlarmCounts,
): Map<string, AlarmCounts> {
  const target =
    region ?? (regions?.length === 1 ? regions[0].region : undefined);
  const stored = regions?.find(r => r.region === target);
  if (!stored) return new Map();
  const counts = { ...stored.alarms };
  if (from) counts[from] = Math.max(0, counts[from] - 1);
  counts[to] += 1;
  return new Map([[stored.region, counts]]);
}

export function createHealthEventHandler(deps: {
  store: () => Promise<HealthStore>;
  tenants: TenantsStore;
  settings: HealthSettings;
}): TenantEventHandler<AlarmEvent> {
  const rules = healthRulesOf(deps.settings);
  const applyAll: TenantEventHandler<AlarmEvent>['applyAll'] & {} = async (
    items,
    now,
  ) => {
    const store = await deps.store();
    // Read, decided and written with the rows locked, the tenants list's statuses in the same
    // transaction: another replica's event of another alarm of a tenant here waits, then reads
    // what this one wrote.
    return store.batches.changeEvents(
      items.map(i => i.tenant.tenantId),
      stored => {
        const next = new Map<
          string,
          {
            tenantId: string;
            accountId: string;
            value: StoredHealth;
            eventTime: string;
          }
        >();
        const results = items.map(({ event: e, tenant }): ApplyResult => {
          const health =
            next.get(tenant.tenantId)?.value ?? stored.get(tenant.tenantId);
          if (!health || health.notMonitored) return 'not-applicable';
          const name = storedAlarmName(health, e);
          const before = health.alarmList.find(a => a.name === name);
          const storedAt = before?.updatedAt ?? health.collectedAt;
          if (Date.parse(storedAt) > Date.parse(e.time)) return 'older';
          const alarms = [
            ...health.alarmList.filter(a => a.name !== name),
            {
              name,
              state: e.state,
              reason: e.reason,
              updatedAt: e.time,
            },
          ].map(a => ({ ...a, accountIds: [tenant.accountId] }));
          const had = next.get(tenant.tenantId)?.eventTime;
          next.set(tenant.tenantId, {
            tenantId: tenant.tenantId,
            accountId: tenant.accountId,
            value: withAlarms(health, alarms, {
              rules,
              now,
              regionCounts: regionCountsAfter(
                health.regions,
                e.region,
                before?.state,
                e.state,
              ),
            }),
            eventTime: had && had > e.time ? had : e.time,
          });
          return 'applied';
        });
        return { next: [...next.values()], result: results };
      },
      (tx, next) =>
        deps.tenants.updateTenantSummaries(
          next.map(n => ({
            tenantId: n.tenantId,
            healthStatus: healthStatusOf(n.value),
          })),
          undefined,
          tx,
        ),
    );
  };
  return {
    kinds: ['alarm'],
    // Ordered per alarm and region: one alarm name can live in several regions.
    marks: e => [`alarm:${e.alarmName}${e.region ? ` (${e.region})` : ''}`],
    applyAll,
    async apply(e, tenant, now) {
      return (await applyAll([{ event: e, tenant }], now))[0];
    },
  };
}
