import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fetchAlarms, type AlarmsRead } from './alarmsFetch';
import { getMetricSeries, SeriesRequest, SeriesResult } from './cloudWatch';
import {
  batchSizes,
  MAX_QUERIES_PER_CALL,
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

/** Tenants whose health is built and written together (see {@link streamHealth}). */
export const HEALTH_BATCH_TENANTS = 500;

/** A tenant of a batch whose series are being read (queries still outstanding, by metric id). */
interface OpenTenant {
  tenant: HealthFetchOptions['tenants'][number];
  outstanding: number;
  series: Map<string, SeriesResult[]>;
}

/** One tenant's health, as {@link streamHealth} hands it over. */
export interface TenantHealthItem {
  tenantId: string;
  accountId: string;
  health: StoredHealth;
}

/**
 * Health of every tenant from the monitoring account's sink in each region of `regions`,
 * handed to `sink` in batches of at most `batchSize` tenants (default
 * {@link HEALTH_BATCH_TENANTS}) — each batch is awaited before the next is read, so memory
 * holds one batch's series, never all N tenants' (docs/memory.md).
 *
 * GetMetricData for every tenant × metric in one window (7 days at 3,600 s: 168 slots, so the
 * 500-query limit binds, not the datapoints) in each region the tenant runs in, judged with
 * `alarms` (the alarms source's, as stored) or, when not given, DescribeAlarms (every page) in
 * each region ({@link fetchAlarms}), read first: alarms are assigned over all tenants (an alarm
 * named by tenant prefix needs every id to pick the longest). Metric series of several regions
 * merge by {@link mergeRegionSeries}; alarms of every region count, named with their region
 * when more than one region is read. The 24-hour series is the window's last 24 slots and the
 * status judges its last slot, the last whole hour — the alarms give the live signal. Only full
 * GetMetricData calls are made while tenants remain: a region's last partial call's queries
 * carry over to the next batch (with their tenants, at most q/M of them), so the calls stay
 * Σ over regions r of ⌈N_r·M / q⌉ (+ ⌈alarms_r / 100⌉ when the alarms are read here), where
 * N_r = tenants read in r and q = min(500, ⌊100,800 / slots⌋) — 500 at 168 slots — whatever
 * the batch size.
 */
export async function streamHealth(
  clientFor: (region?: string) => Promise<CloudWatchClient>,
  options: HealthFetchOptions & { batchSize?: number },
  sink: (batch: TenantHealthItem[]) => Promise<void>,
): Promise<void> {
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const trend = options.trend ?? {
    seconds: 7 * DAY_SECONDS,
    periodSeconds: 3600,
  };
  const w7 = planWindow(options.now, trend.seconds, trend.periodSeconds);
  const perCall = batchSizes(MAX_QUERIES_PER_CALL, slotCount(w7))[0];
  const regions: Array<string | undefined> = options.regions?.length
    ? options.regions
    : [undefined];
  const named = options.regions ?? [];
  const readIn = (t: { regions?: string[] }): Array<string | undefined> =>
    named.length ? tenantReadRegions(t.regions, named) : [undefined];
  const clients = await Promise.all(regions.map(r => clientFor(r)));
  const alarms =
    options.alarms ??
    (await fetchAlarms(clientFor, {
      tenants: options.tenants,
      regions: options.regions,
    }));
  const zero = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };

  /** Tenants whose series are being read: by account, with the queries still outstanding. */
  const open = new Map<string, OpenTenant>();
  const pending: SeriesRequest[][] = regions.map(() => []);
  const build = (o: OpenTenant): TenantHealthItem => {
    const t = o.tenant;
    const series7d = metrics.map(m =>
      toSeries(m, w7, mergeRegionSeries(m.stat, o.series.get(m.id) ?? [])),
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
    return {
      tenantId: t.tenantId,
      accountId: t.accountId,
      health: named.length
        ? {
            ...health,
            regions: named.map(region => ({
              region,
              alarms: counts?.get(region) ?? zero,
              seriesRead: readIn(t).includes(region) ? metrics.length : 0,
            })),
          }
        : health,
    };
  };
  const size = Math.max(1, options.batchSize ?? HEALTH_BATCH_TENANTS);
  for (let from = 0; from < options.tenants.length; from += size) {
    const last = from + size >= options.tenants.length;
    for (const t of options.tenants.slice(from, from + size)) {
      const o: OpenTenant = { tenant: t, outstanding: 0, series: new Map() };
      open.set(t.accountId, o);
      for (const region of readIn(t)) {
        const i = regions.indexOf(region);
        for (const m of metrics) {
          pending[i].push({
            key: `${t.accountId}/${m.id}`,
            accountId: t.accountId,
            metric: m,
          });
          o.outstanding += 1;
        }
      }
    }
    for (let i = 0; i < regions.length; i++) {
      const take = last
        ? pending[i].length
        : pending[i].length - (pending[i].length % perCall);
      const requests = pending[i].splice(0, take);
      const read = await getMetricSeries(
        clients[i],
        w7,
        requests,
        options.concurrency,
      );
      for (const r of requests) {
        const o = open.get(r.accountId)!;
        const got = read.get(r.key);
        if (got)
          o.series.set(r.metric.id, [
            ...(o.series.get(r.metric.id) ?? []),
            got,
          ]);
        o.outstanding -= 1;
      }
    }
    const done = [...open.values()].filter(o => o.outstanding === 0);
    done.forEach(o => open.delete(o.tenant.accountId));
    if (done.length) await sink(done.map(build));
  }
}

/**
 * Health of every tenant, as one map by tenant id: {@link streamHealth} with every batch kept
 * (for tests and small fleets; the collector writes batch by batch instead).
 */
export async function fetchHealth(
  clientFor: (region?: string) => Promise<CloudWatchClient>,
  options: HealthFetchOptions,
): Promise<Map<string, StoredHealth>> {
  const out = new Map<string, StoredHealth>();
  await streamHealth(clientFor, options, async batch => {
    for (const item of batch) out.set(item.tenantId, item.health);
  });
  return out;
}
