import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AlarmCounts } from '@tenancy/plugin-tenants-common';
import { describeAllAlarms, type AlarmInfo } from './cloudWatch';
import { DEFAULT_METRICS } from './metricPlan';
import {
  alarmListOf,
  assignAlarms,
  countAlarms,
  decideStatus,
  type HealthRules,
  type StoredHealth,
} from './status';

/** The alarms of every tenant: the list, and the counts per region read (when regions are named). */
export interface AlarmsRead {
  byTenant: Map<string, AlarmInfo[]>;
  /** Per tenant, its alarm counts by region; empty when no region is named. */
  regionCounts: Map<string, Map<string, AlarmCounts>>;
}

/**
 * Reads the alarms of the monitoring account's sink in each region of `regions` (DescribeAlarms,
 * every page, 100 a page; the client's region when none is named) and assigns them to
 * `tenants` ({@link assignAlarms}); with more than one region each alarm is named with its
 * region (`name (region)`). Calls: Σ over regions of ⌈alarms_r / 100⌉. Throws the AWS error.
 */
export async function fetchAlarms(
  clientFor: (region?: string) => Promise<CloudWatchClient>,
  options: {
    tenants: Array<{ tenantId: string; accountId: string }>;
    regions?: string[];
  },
): Promise<AlarmsRead> {
  const named = options.regions ?? [];
  const regions: Array<string | undefined> = named.length ? named : [undefined];
  const all: AlarmInfo[] = [];
  const regionCounts = new Map<string, Map<string, AlarmCounts>>();
  for (const region of regions) {
    const read = await describeAllAlarms(await clientFor(region), region);
    const labelled =
      named.length > 1
        ? read.map(a => ({ ...a, name: `${a.name} (${region})` }))
        : read;
    all.push(...labelled);
    if (!region) continue;
    const mine = assignAlarms(labelled, options.tenants);
    for (const t of options.tenants) {
      const counts = regionCounts.get(t.tenantId) ?? new Map();
      counts.set(region, countAlarms(mine.get(t.tenantId) ?? []));
      regionCounts.set(t.tenantId, counts);
    }
  }
  return { byTenant: assignAlarms(all, options.tenants), regionCounts };
}

/** The alarms as the last read stored them in each tenant's health (no call to AWS). */
export function storedAlarms(
  tenants: Array<{ tenantId: string; accountId: string }>,
  stored: Map<string, StoredHealth>,
): AlarmsRead {
  const byTenant = new Map<string, AlarmInfo[]>();
  const regionCounts = new Map<string, Map<string, AlarmCounts>>();
  for (const t of tenants) {
    const h = stored.get(t.tenantId);
    if (!h || h.notMonitored) continue;
    byTenant.set(
      t.tenantId,
      h.alarmList.map(a => ({ ...a, accountIds: [t.accountId] })),
    );
    regionCounts.set(
      t.tenantId,
      new Map((h.regions ?? []).map(r => [r.region, r.alarms])),
    );
  }
  return { byTenant, regionCounts };
}

/**
 * A tenant's health with `alarms` as its alarms: the list (by name), the counts, the per-region
 * counts when given (a region not read for metrics yet shows 0 series read), and the status decided again from them and the stored metric series (the
 * refresh's rules). The metric series and `collectedAt` stay; `alarmsStale` goes (the alarms
 * are read).
 */
export function withAlarms(
  health: StoredHealth,
  alarms: AlarmInfo[],
  options: {
    rules: HealthRules;
    now: Date;
    regionCounts?: Map<string, AlarmCounts>;
  },
): StoredHealth {
  const { status, reason } = decideStatus({
    alarms,
    series: health.series24h,
    definitions: DEFAULT_METRICS,
    now: options.now,
    rules: options.rules,
  });
  const counts = options.regionCounts;
  const { alarmsStale: _read, ...rest } = health;
  return {
    ...rest,
    status,
    reason,
    alarms: countAlarms(alarms),
    alarmList: alarmListOf(alarms),
    ...(counts?.size
      ? {
          regions: health.regions
            ? health.regions.map(r => ({
                ...r,
                alarms: counts.get(r.region) ?? r.alarms,
              }))
            : [...counts].map(([region, c]) => ({
                region,
                alarms: c,
                seriesRead: 0,
              })),
        }
      : {}),
  };
}
