import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fetchAlarms, type AlarmsRead } from './alarmsFetch';
import { getMetricSeries, SeriesRequest, SeriesResult } from './cloudWatch';
import {
  CompactSeries,
  DEFAULT_METRICS,
  MetricDefinition,
  MetricWindow,
  planWindow,
  slotCount,
} from './metricPlan';
import { buildTenantHealth, HealthRules, StoredHealth } from './status';

/** Options of {@link fetchHealth}. */
export interface HealthFetchOptions {
  /** Tenants with the regions they run in (their `regions` tag; empty = the first region read). */
  tenants: Array<{ tenantId: string; accountId: string; regions?: string[] }>;
  /** `tenancy.aws.regions`: each region's monitoring sink is read; default one, the client's. */
  regions?: string[];
  now: Date;
  metrics?: MetricDefinition[];
  /**
   * The one window read, default 7 days at 3,600 s (168 slots, ending at the last whole hour).
   * The 24-hour series is its last 24 hours; the status judges its last hour.
   */
  trend?: { seconds: number; periodSeconds: number };
  rules?: HealthRules;
  concurrency?: number;
  /**
   * The alarms to judge with (the `alarms` source's, as stored); absent → read now with
   * {@link fetchAlarms}.
   */
  alarms?: AlarmsRead;
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

/** The regions of `regions` a tenant is read in: those it runs in, else the first one. */
export function tenantReadRegions(
  tenantRegions: string[] | undefined,
  regions: string[],
): string[] {
  const own = regions.filter(r => (tenantRegions ?? []).includes(r));
  return own.length > 0 ? own : regions.slice(0, 1);
}

/**
 * Sums one metric's series of several regions slot by slot (a slot with no data anywhere stays
 * null). `Sum` statistics add up; a percentile (`p95`) cannot be added, so the worst region's is
 * kept (the maximum: an upper bound of the tenant's fleet-wide percentile). Partial when any
 * region's is.
 */
export function mergeRegionSeries(
  stat: string,
  parts: SeriesResult[],
): SeriesResult | undefined {
  if (parts.length <= 1) return parts[0];
  const add = stat === 'Sum' || stat === 'SampleCount';
  const values = parts[0].values.map((_, i) => {
    let v: number | null = null;
    for (const p of parts) {
      const x = p.values[i];
      if (x === null || x === undefined) continue;
      if (v === null) v = x;
      else v = add ? v + x : Math.max(v, x);
    }
    return v;
  });
  return { values, partial: parts.some(p => p.partial) };
}

/**
 * Health of every tenant from the monitoring account's sink in each region of `regions`:
 * GetMetricData for every tenant × metric in one window (7 days at 3,600 s: 168 slots, so the
 * 500-query limit binds, not the datapoints) in each region the tenant runs in, judged with
 * `alarms` (the alarms source's, as stored) or, when not given, DescribeAlarms (every page) in
 * each region ({@link fetchAlarms}). Metric series of several regions merge by
 * {@link mergeRegionSeries}; alarms of every region count, named with their region when more
 * than one region is read. The 24-hour series is the window's last 24 slots and the status
 * judges its last slot, the last whole hour — the alarms give the live signal.
 * Calls: Σ over regions r of ⌈N_r·M / q⌉ + ⌈alarms_r / 100⌉, where N_r = tenants read in r and
 * q = min(500, ⌊100,800 / slots⌋) — 500 at 168 slots.
 */
export async function fetchHealth(
  clientFor: (region?: string) => Promise<CloudWatchClient>,
  options: HealthFetchOptions,
): Promise<Map<string, StoredHealth>> {
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const trend = options.trend ?? {
    seconds: 7 * DAY_SECONDS,
    periodSeconds: 3600,
  };
  const w7 = planWindow(options.now, trend.seconds, trend.periodSeconds);
  const regions: Array<string | undefined> = options.regions?.length
    ? options.regions
    : [undefined];
  const named = options.regions ?? [];
  const readIn = new Map<string, Array<string | undefined>>(
    options.tenants.map(t => [
      t.tenantId,
      named.length ? tenantReadRegions(t.regions, named) : [undefined],
    ]),
  );
  const series = new Map<string, SeriesResult[]>();
  const alarms =
    options.alarms ??
    (await fetchAlarms(clientFor, {
      tenants: options.tenants,
      regions: options.regions,
    }));
  for (const region of regions) {
    const client = await clientFor(region);
    const tenants = options.tenants.filter(t =>
      readIn.get(t.tenantId)!.includes(region),
    );
    const requests: SeriesRequest[] = tenants.flatMap(t =>
      metrics.map(m => ({
        key: `${t.accountId}/${m.id}`,
        accountId: t.accountId,
        metric: m,
      })),
    );
    const r7 = await getMetricSeries(client, w7, requests, options.concurrency);
    for (const [k, v] of r7) series.set(k, [...(series.get(k) ?? []), v]);
  }
  const zero = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
  const out = new Map<string, StoredHealth>();
  for (const t of options.tenants) {
    const series7d = metrics.map(m =>
      toSeries(
        m,
        w7,
        mergeRegionSeries(m.stat, series.get(`${t.accountId}/${m.id}`) ?? []),
      ),
    );
    const health = buildTenantHealth({
      alarms: alarms.byTenant.get(t.tenantId) ?? [],
      series24h: series7d.map(s => lastSlots(s, DAY_SECONDS)),
      series7d,
      definitions: metrics,
      now: options.now,
      rules: options.rules,
    });
    const counts = alarms.regionCounts.get(t.tenantId);
    out.set(
      t.tenantId,
      named.length
        ? {
            ...health,
            regions: named.map(region => ({
              region,
              alarms: counts?.get(region) ?? zero,
              seriesRead: readIn.get(t.tenantId)!.includes(region)
                ? metrics.length
                : 0,
            })),
          }
        : health,
    );
  }
  return out;
}
