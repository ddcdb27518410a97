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
  /** Recent window, default 24 h at 300 s. */
  recent?: { seconds: number; periodSeconds: number };
  /** Trend window, default 7 days at 3,600 s. */
  trend?: { seconds: number; periodSeconds: number };
  rules?: HealthRules;
  concurrency?: number;
}

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

/**
 * Health of every tenant from the monitoring account: GetMetricData for every tenant × metric in
 * two windows (recent and trend), batched to the API limits, plus DescribeAlarms (every page).
 * Calls: Σ windows ⌈N·M / q⌉ + alarm pages, where q = min(500, ⌊100,800 / slots⌋).
 */
export async function fetchHealth(
  client: CloudWatchClient,
  options: HealthFetchOptions,
): Promise<Map<string, StoredHealth>> {
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const recent = options.recent ?? { seconds: 24 * 3600, periodSeconds: 300 };
  const trend = options.trend ?? { seconds: 7 * 86400, periodSeconds: 3600 };
  const w24 = planWindow(options.now, recent.seconds, recent.periodSeconds);
  const w7 = planWindow(options.now, trend.seconds, trend.periodSeconds);
  const requests: SeriesRequest[] = options.tenants.flatMap(t =>
    metrics.map(m => ({
      key: `${t.accountId}/${m.id}`,
      accountId: t.accountId,
      metric: m,
    })),
  );
  const [r24, r7, alarms] = await Promise.all([
    getMetricSeries(client, w24, requests, options.concurrency),
    getMetricSeries(client, w7, requests, options.concurrency),
    describeAllAlarms(client),
  ]);
  const byTenant = assignAlarms(alarms, options.tenants);
  const out = new Map<string, StoredHealth>();
  for (const t of options.tenants) {
    out.set(
      t.tenantId,
      buildTenantHealth({
        alarms: byTenant.get(t.tenantId) ?? [],
        series24h: metrics.map(m =>
          toSeries(m, w24, r24.get(`${t.accountId}/${m.id}`)),
        ),
        series7d: metrics.map(m =>
          toSeries(m, w7, r7.get(`${t.accountId}/${m.id}`)),
        ),
        definitions: metrics,
        now: options.now,
        rules: options.rules,
      }),
    );
  }
  return out;
}
