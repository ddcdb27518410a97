import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  describeAllAlarms,
  getMetricSeries,
  SeriesRequest,
  SeriesResult,
} from './cloudWatch';
import {
  CompactSeries,
  DEFAULT_METRICS,
  MetricDefinition,
  MetricWindow,
  planWindow,
  slotCount,
} from './metricPlan';
import {
  assignAlarms,
  buildTenantHealth,
  HealthRules,
  StoredHealth,
} from './status';

/** Options of {@link fetchHealth}. */
export interface HealthFetchOptions {
  tenants: Array<{ tenantId: string; accountId: string }>;
  now: Date;
  metrics?: MetricDefinition[];
  /**
   * The one window read, default 7 days at 3,600 s (168 slots, ending at the last whole hour).
   * The 24-hour series is its last 24 hours; the status judges its last hour.
   */
  trend?: { seconds: number; periodSeconds: number };
  rules?: HealthRules;
  concurrency?: number;
}

const DAY_SECONDS = 86400;

function toSeries(
  def: MetricDefinition,
  w: MetricWindow,
  r: SeriesResult | undefined,
): CompactSeries {
  return {
    id: def.id,
    label: def.label,
    namespace: def.namespace,
    metricName: def.metricName,
    stat: def.stat,
    unit: def.unit,
    periodSeconds: w.periodSeconds,
    start: new Date(w.start * 1000).toISOString(),
    values: r?.values ?? new Array(slotCount(w)).fill(null),
    partial: r?.partial ?? true,
  };
}

/** The last `seconds` of a series (whole slots), as its own series. */
export function lastSlots(s: CompactSeries, seconds: number): CompactSeries {
  const n = Math.min(s.values.length, Math.ceil(seconds / s.periodSeconds));
  const skip = s.values.length - n;
  return {
    ...s,
    start: s.start
      ? new Date(
          Date.parse(s.start) + skip * s.periodSeconds * 1000,
        ).toISOString()
      : null,
    values: s.values.slice(skip),
  };
}

/**
 * Health of every tenant from the monitoring account: GetMetricData for every tenant × metric in
 * one window (7 days at 3,600 s: 168 slots, so the 500-query limit binds, not the datapoints),
 * plus DescribeAlarms (every page). The 24-hour series is the window's last 24 slots and the
 * status judges its last slot, the last whole hour — the alarms give the live signal.
 * Calls: ⌈N·M / q⌉ + ⌈alarms / 100⌉, where q = min(500, ⌊100,800 / slots⌋) — 500 at 168 slots.
 */
export async function fetchHealth(
  client: CloudWatchClient,
  options: HealthFetchOptions,
): Promise<Map<string, StoredHealth>> {
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const trend = options.trend ?? {
    seconds: 7 * DAY_SECONDS,
    periodSeconds: 3600,
  };
  const w7 = planWindow(options.now, trend.seconds, trend.periodSeconds);
  const requests: SeriesRequest[] = options.tenants.flatMap(t =>
    metrics.map(m => ({
      key: `${t.accountId}/${m.id}`,
      accountId: t.accountId,
      metric: m,
    })),
  );
  const [r7, alarms] = await Promise.all([
    getMetricSeries(client, w7, requests, options.concurrency),
    describeAllAlarms(client),
  ]);
  const byTenant = assignAlarms(alarms, options.tenants);
  const out = new Map<string, StoredHealth>();
  for (const t of options.tenants) {
    const series7d = metrics.map(m =>
      toSeries(m, w7, r7.get(`${t.accountId}/${m.id}`)),
    );
    out.set(
      t.tenantId,
      buildTenantHealth({
        alarms: byTenant.get(t.tenantId) ?? [],
        series24h: series7d.map(s => lastSlots(s, DAY_SECONDS)),
        series7d,
        definitions: metrics,
        now: options.now,
        rules: options.rules,
      }),
    );
  }
  return out;
}
