import type { MetricPoint, MetricSeries } from '@tenancy/plugin-tenants-common';

/** GetMetricData limits: queries per call and datapoints per call (docs/aws-behaviours/fleet.md#getmetricdata-limits). */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** A metric collected for every tenant account (account-level, no dimensions). */
export interface MetricDefinition {
  /** Stable id, e.g. `lambdaErrors`. */
  id: string;
  label: string;
  namespace: string;
  metricName: string;
  /** CloudWatch statistic: `Sum`, `Average`, `Maximum`, or a percentile such as `p95`. */
  stat: string;
  unit: string;
  /**
   * Counts errors/throttles: degrades the tenant when its rate (or, without a denominator, its
   * count) in the last hour is over the threshold of `HealthRules`.
   */
  errorSignal?: boolean;
}

/**
 * The health metrics: Lambda errors/throttles/duration p95, API Gateway 5XX/latency p95,
 * DynamoDB throttles; plus Lambda Invocations and API Gateway Count, the denominators of the
 * error rates.
 */
export const DEFAULT_METRICS: MetricDefinition[] = [
  {
    id: 'lambdaErrors',
    label: 'Lambda errors',
    namespace: 'AWS/Lambda',
    metricName: 'Errors',
    stat: 'Sum',
    unit: 'Count',
    errorSignal: true,
  },
  {
    id: 'lambdaThrottles',
    label: 'Lambda throttles',
    namespace: 'AWS/Lambda',
    metricName: 'Throttles',
    stat: 'Sum',
    unit: 'Count',
    errorSignal: true,
  },
  {
    id: 'lambdaDurationP95',
    label: 'Lambda duration p95',
    namespace: 'AWS/Lambda',
    metricName: 'Duration',
    stat: 'p95',
    unit: 'Milliseconds',
  },
  {
    id: 'apiGateway5xx',
    label: 'API Gateway 5XX',
    namespace: 'AWS/ApiGateway',
    metricName: '5XXError',
    stat: 'Sum',
    unit: 'Count',
    errorSignal: true,
  },
  {
    id: 'apiGatewayLatencyP95',
    label: 'API Gateway latency p95',
    namespace: 'AWS/ApiGateway',
    metricName: 'Latency',
    stat: 'p95',
    unit: 'Milliseconds',
  },
  {
    id: 'dynamoDbThrottles',
    label: 'DynamoDB throttled requests',
    namespace: 'AWS/DynamoDB',
    metricName: 'ThrottledRequests',
    stat: 'Sum',
    unit: 'Count',
    errorSignal: true,
  },
  {
    id: 'lambdaInvocations',
    label: 'Lambda invocations',
    namespace: 'AWS/Lambda',
    metricName: 'Invocations',
    stat: 'Sum',
    unit: 'Count',
  },
  {
    id: 'apiGatewayCount',
    label: 'API Gateway requests',
    namespace: 'AWS/ApiGateway',
    metricName: 'Count',
    stat: 'Sum',
    unit: 'Count',
  },
];

/** A time window at one period; `start` and `end` are whole periods (epoch seconds, UTC). */
export interface MetricWindow {
  start: number;
  end: number;
  periodSeconds: number;
}

/**
 * Plans a window of `durationSeconds` ending at `now`, honouring CloudWatch retention (docs/aws-behaviours/fleet.md#missing-data-is-not-zero):
 * data older than 15 days needs a period ≥ 300 s, older than 63 days ≥ 3,600 s. The period is
 * raised when needed and start/end are snapped down to whole periods.
 *
 * @throws Error when the period is not a positive multiple of 60 s (or 1, 5, 10, 30 s).
 */
export function planWindow(
  now: Date,
  durationSeconds: number,
  periodSeconds: number,
): MetricWindow {
  if (
    !(periodSeconds > 0) ||
    (periodSeconds >= 60
      ? periodSeconds % 60 !== 0
      : ![1, 5, 10, 30].includes(periodSeconds))
  ) {
    throw new Error(
      `CloudWatch periods are 1, 5, 10, 30 or a multiple of 60 seconds; got ${periodSeconds}`,
    );
  }
  const nowSec = Math.floor(now.getTime() / 1000);
  const age = durationSeconds;
  let period = periodSeconds;
  if (age > 63 * 86400) period = Math.max(period, 3600);
  else if (age > 15 * 86400) period = Math.max(period, 300);
  if (period < 60 && age > 3 * 3600) period = 60;
  const end = Math.floor(nowSec / period) * period;
  const start = Math.floor((end - durationSeconds) / period) * period;
  return { start, end, periodSeconds: period };
}

/** Number of datapoint slots of a window. */
export function slotCount(w: MetricWindow): number {
  return Math.round((w.end - w.start) / w.periodSeconds);
}

/**
 * Splits `queryCount` queries of one window into GetMetricData calls that each respect both
 * limits: ≤ 500 queries and ≤ 100,800 datapoints (docs/aws-behaviours/fleet.md#getmetricdata-limits). Returns the size of each call.
 */
export function batchSizes(
  queryCount: number,
  pointsPerQuery: number,
): number[] {
  const perCall = Math.max(
    1,
    Math.min(
      MAX_QUERIES_PER_CALL,
      Math.floor(MAX_DATAPOINTS_PER_CALL / Math.max(1, pointsPerQuery)),
    ),
  );
  const out: number[] = [];
  for (let left = queryCount; left > 0; left -= perCall)
    out.push(Math.min(perCall, left));
  return out;
}

/**
 * Lays datapoints into every slot of the window in time order; slots without a datapoint are
 * `null` — missing data is not zero (docs/aws-behaviours/fleet.md#missing-data-is-not-zero). Timestamps may arrive in any order.
 */
export function toValues(
  w: MetricWindow,
  timestamps: Date[],
  values: number[],
): Array<number | null> {
  const out: Array<number | null> = new Array(slotCount(w)).fill(null);
  timestamps.forEach((t, i) => {
    const slot = Math.floor(
      (Math.floor(t.getTime() / 1000) - w.start) / w.periodSeconds,
    );
    if (slot >= 0 && slot < out.length && values[i] !== undefined)
      out[slot] = values[i];
  });
  return out;
}

/** Slot values as points with their period-start timestamps. */
export function pointsOf(
  startIso: string | null,
  periodSeconds: number,
  values: Array<number | null>,
): MetricPoint[] {
  const t0 = startIso ? Date.parse(startIso) : 0;
  return values.map((value, i) => ({
    timestamp: new Date(t0 + i * periodSeconds * 1000).toISOString(),
    value,
  }));
}

/** {@link toValues} as points. */
export function toSlots(
  w: MetricWindow,
  timestamps: Date[],
  values: number[],
): MetricPoint[] {
  return pointsOf(
    new Date(w.start * 1000).toISOString(),
    w.periodSeconds,
    toValues(w, timestamps, values),
  );
}

/**
 * A series as collected and stored: slot timestamps are implied by `start` and the period
 * (a tenth of the memory of {@link MetricPoint} objects at 10,000 tenants).
 */
export interface CompactSeries extends Omit<MetricSeries, 'points'> {
  /** First slot's start, ISO-8601 UTC; null when the series has no slots. */
  start: string | null;
  values: Array<number | null>;
}

/** A {@link CompactSeries} as the API's {@link MetricSeries}. */
export function expandSeries(s: CompactSeries): MetricSeries {
  const { start, values, ...rest } = s;
  return { ...rest, points: pointsOf(start, s.periodSeconds, values) };
}

/** A {@link MetricSeries} as a {@link CompactSeries}. */
export function compactSeries(s: MetricSeries): CompactSeries {
  const { points, ...rest } = s;
  return {
    ...rest,
    start: points[0]?.timestamp ?? null,
    values: points.map(p => p.value),
  };
}
