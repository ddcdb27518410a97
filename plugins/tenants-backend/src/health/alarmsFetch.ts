import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AlarmCounts } from '@tenancy/plugin-tenants-common';
import { forEachAlarmPage, type AlarmInfo } from './cloudWatch';
import { DEFAULT_METRICS } from './metricPlan';
import {
  alarmAssigner,
  alarmListOf,
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
 * `tenants` ({@link alarmAssigner}); with more than one region each alarm is named with its
 * region (`name (region)`). Page by page: each page's alarms are assigned as it arrives and
 * only the tenants' alarms are kept (compact, equal state reasons shared), never the
 * whole account's alarms or a second copy of them. Calls: Σ over regions of ⌈alarms_r / 100⌉.
 * Throws the AWS error.
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
  const tenantsOf = alarmAssigner(options.tenants);
  const byTenant = new Map<string, AlarmInfo[]>();
  const regionCounts = new Map<string, Map<string, AlarmCounts>>();
  // equal state reasons held once: AWS words them from a few templates
  const texts = new Map<string, string>();
  const shared = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const known = texts.get(text);
    if (known !== undefined) return known;
    texts.set(text, text);
    return text;
  };
  for (const region of regions) {
    const counts = new Map<string, AlarmCounts>();
    await forEachAlarmPage(await clientFor(region), region, page => {
      for (const read of page) {
        const owners = tenantsOf(read);
        if (!owners.length) continue;
        const a: AlarmInfo = {
          ...read,
          name: named.length > 1 ? `${read.name} (${region})` : read.name,
          reason: shared(read.reason),
        };
        for (const t of owners) {
          const list = byTenant.get(t);
          if (list) list.push(a);
          else byTenant.set(t, [a]);
          if (!region) continue;
          const c = counts.get(t) ?? { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
          c[a.state] = (c[a.state] ?? 0) + 1;
          counts.set(t, c);
        }
      }
    });
    if (!region) continue;
    for (const t of options.tenants) {
      const mine = regionCounts.get(t.tenantId) ?? new Map();
      mine.set(
        region,
        counts.get(t.tenantId) ?? { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 },
      );
      regionCounts.set(t.tenantId, mine);
    }
  }
  return { byTenant, regionCounts };
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
