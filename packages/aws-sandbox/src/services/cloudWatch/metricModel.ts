/**
 * Deterministic CloudWatch metrics of tenant accounts: AWS/Lambda (Invocations, Errors,
 * Throttles, Duration), AWS/ApiGateway (Count, 5XXError, Latency) and AWS/DynamoDB
 * (ThrottledRequests), account-level (no dimensions) and per resource. Values are pure
 * functions of (seed, account, metric, minute); idle hours publish nothing, DynamoDB
 * publishes throttles only when there are some, and a few tenants are in trouble.
 */
import { DataAccount, accountKey, tierScale } from '../../core/dataAccounts';
import { hashString, rand, randInt } from '../../core/random';

/** One metric dimension. */
export interface Dimension {
  Name: string;
  Value: string;
}

/** The kind of trouble a tenant is in, if any. */
export type Trouble = 'errors' | 'throttles' | 'latency' | undefined;

/** What shapes one tenant account's traffic. */
export interface MetricProfile {
  account: DataAccount;
  key: number;
  /** Lambda invocations per minute at the daily peak. */
  peakPerMinute: number;
  /** Share of hours with no traffic at all (idle functions publish nothing). */
  idleShare: number;
  functions: string[];
  apiName: string;
  tableName: string;
  trouble: Trouble;
  /** Epoch ms from which the account publishes metrics (its creation). */
  since: number;
}

/** A metric the sandbox publishes: namespace, name and the dimensions of one series. */
export interface MetricIdentity {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

/** The statistics of one period of one series. */
export interface Aggregate {
  sum: number;
  count: number;
  min: number;
  max: number;
  /** For distributions (Duration, Latency): mean value; percentiles derive from it. */
  mean?: number;
}

const SIGMA = 0.55;

/** About 10 % of tenants are in trouble: 4 % errors, 3 % throttling, 3 % latency. */
function troubleOf(t: number): Trouble {
  if (t < 0.04) return 'errors';
  if (t < 0.07) return 'throttles';
  if (t < 0.1) return 'latency';
  return undefined;
}

/** Suspended accounts are silent; a quarter of tenants idle 30–80 % of hours. */
function idleShareOf(suspended: boolean, idle: number, share: number): number {
  if (suspended) return 1;
  return idle < 0.25 ? 0.3 + share * 0.5 : 0.02;
}

/**
 * Share of requests that fail: high in trouble (`troubled[0]` + `troubled[1]` × jitter), else zero
 * in most sub-hour periods and `occasional` in the rest (jitter ≥ `quietBelow`). A period of an
 * hour or more is not one draw but the average of its minutes' bursts, `(1 − quietBelow)` ×
 * `occasional`, as CloudWatch's sum over an hour is the sum of its minutes: a healthy tenant's
 * hourly rate stays as low as the mean of its 5-minute rates.
 */
function failureRate(
  inTrouble: boolean,
  jitter: number,
  troubled: [number, number],
  quietBelow: number,
  occasional: number,
  hourly: boolean,
): number {
  if (inTrouble) return troubled[0] + troubled[1] * jitter;
  if (hourly) return (1 - quietBelow) * occasional;
  return jitter < quietBelow ? 0 : occasional;
}

/**
 * Builds the metric profile of a tenant account in one region. The home region (the first of
 * the account's `regions` tag, or `region` omitted) keeps the account's own profile; another
 * region the account runs in gets its own traffic (a different key, half the peak), as each
 * region's CloudWatch holds only the metrics published there.
 */
export function buildMetricProfile(
  seed: number,
  account: DataAccount,
  region?: string,
): MetricProfile {
  const home = !region || region === (account.regions?.[0] ?? 'us-east-1');
  const key = home
    ? accountKey(account)
    : (accountKey(account) ^ hashString(region)) >>> 0;
  const r = (salt: string) => rand(seed, key, hashString(salt));
  const name = account.tenantId ?? account.accountId;
  const fnCount = randInt(2, 4, seed, key, 31);
  const functions = ['api', 'worker', 'scheduler', 'events']
    .slice(0, fnCount)
    .map(f => `${name}-${f}`);
  const t = r('trouble');
  const trouble = troubleOf(t);
  const suspended = account.state !== undefined && account.state !== 'ACTIVE';
  return {
    account,
    key,
    peakPerMinute: Math.max(
      2,
      Math.round(
        (home ? 1 : 0.5) *
          tierScale(account.tier) *
          40 *
          Math.exp((r('traffic') - 0.5) * 3),
      ),
    ),
    idleShare: idleShareOf(suspended, r('idle'), r('idle-share')),
    functions,
    apiName: `${name}-api`,
    tableName: `${name}-data`,
    trouble,
    since: account.createdAt.getTime() + 86_400_000,
  };
}

/** Every series a tenant account publishes. */
export function metricCatalog(p: MetricProfile): MetricIdentity[] {
  const out: MetricIdentity[] = [];
  for (const m of ['Duration', 'Errors', 'Invocations', 'Throttles']) {
    out.push({ Namespace: 'AWS/Lambda', MetricName: m, Dimensions: [] });
    for (const f of p.functions) {
      out.push({
        Namespace: 'AWS/Lambda',
        MetricName: m,
        Dimensions: [{ Name: 'FunctionName', Value: f }],
      });
    }
  }
  for (const m of ['5XXError', 'Count', 'Latency']) {
    out.push({ Namespace: 'AWS/ApiGateway', MetricName: m, Dimensions: [] });
    out.push({
      Namespace: 'AWS/ApiGateway',
      MetricName: m,
      Dimensions: [{ Name: 'ApiName', Value: p.apiName }],
    });
  }
  out.push({
    Namespace: 'AWS/DynamoDB',
    MetricName: 'ThrottledRequests',
    Dimensions: [],
  });
  for (const op of ['GetItem', 'PutItem', 'Query']) {
    out.push({
      Namespace: 'AWS/DynamoDB',
      MetricName: 'ThrottledRequests',
      Dimensions: [
        { Name: 'Operation', Value: op },
        { Name: 'TableName', Value: p.tableName },
      ],
    });
  }
  return out;
}

/** Resolves a requested metric to its series in the profile: `share` of the account's traffic. */
export function resolveSeries(
  p: MetricProfile,
  namespace: string,
  metricName: string,
  dimensions: Dimension[],
):
  | { namespace: string; metric: string; share: number; salt: number }
  | undefined {
  const dims = [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : 1));
  const known = metricCatalog(p).find(
    m =>
      m.Namespace === namespace &&
      m.MetricName === metricName &&
      m.Dimensions.length === dims.length &&
      m.Dimensions.every(
        (d, i) => d.Name === dims[i].Name && d.Value === dims[i].Value,
      ),
  );
  if (!known) return undefined;
  let share = 1;
  let salt = 0;
  if (dims.length > 0) {
    salt = hashString(dims.map(d => `${d.Name}=${d.Value}`).join(','));
    if (namespace === 'AWS/Lambda') {
      const i = p.functions.indexOf(dims[0].Value);
      share = i === 0 ? 0.55 : 0.45 / (p.functions.length - 1);
    } else if (namespace === 'AWS/DynamoDB') {
      share = 1 / 3;
    }
  }
  return { namespace, metric: metricName, share, salt };
}

function diurnal(ms: number): number {
  const hour = new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
  const day = new Date(ms).getUTCDay();
  const wave =
    0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) ** 1.5;
  return day === 0 || day === 6 ? wave * 0.6 : wave;
}

/** Whether the account had any traffic in the hour containing `ms`. */
function activeHour(seed: number, p: MetricProfile, ms: number): boolean {
  const hour = Math.floor(ms / 3_600_000);
  return rand(seed, p.key, hour, 41) >= p.idleShare;
}

/**
 * Statistics of one series over [start, start + periodMs), or undefined when nothing was
 * published in it. Sub-hour periods sum per minute; longer ones per hour. Time from `until`
 * on (the present) has no data yet.
 */
export function aggregate(
  seed: number,
  p: MetricProfile,
  series: { namespace: string; metric: string; share: number; salt: number },
  start: number,
  periodMs: number,
  until = Number.POSITIVE_INFINITY,
): Aggregate | undefined {
  const step = periodMs >= 3_600_000 ? 3_600_000 : 60_000;
  let requests = 0;
  let published = false;
  for (let t = start; t < start + periodMs && t < until; t += step) {
    if (t < p.since || !activeHour(seed, p, t)) continue;
    const noise =
      0.8 + 0.4 * rand(seed, p.key, series.salt, Math.floor(t / step), 43);
    const perMinute = p.peakPerMinute * diurnal(t) * noise * series.share;
    requests += perMinute * (step / 60_000);
    published = true;
  }
  if (!published) return undefined;
  const n = Math.max(1, Math.round(requests));
  const bucket = Math.floor(start / periodMs);
  const jitter = rand(seed, p.key, series.salt, bucket, 47);
  switch (series.metric) {
    case 'Invocations':
    case 'Count':
      return { sum: n, count: n, min: 1, max: 1 };
    case 'Errors':
    case '5XXError': {
      const rate = failureRate(
        p.trouble === 'errors',
        jitter,
        [0.12, 0.2],
        0.8,
        0.002 + 0.01 * jitter,
        step === 3_600_000,
      );
      const errors = Math.round(n * rate);
      return { sum: errors, count: n, min: 0, max: errors > 0 ? 1 : 0 };
    }
    case 'Throttles': {
      const rate = failureRate(
        p.trouble === 'throttles',
        jitter,
        [0.05, 0.1],
        0.97,
        0.001,
        step === 3_600_000,
      );
      const throttles = Math.round(n * rate);
      return { sum: throttles, count: n, min: 0, max: throttles > 0 ? 1 : 0 };
    }
    case 'ThrottledRequests': {
      const rate = failureRate(
        p.trouble === 'throttles',
        jitter,
        [0.03, 0.05],
        0.98,
        0.0005,
        step === 3_600_000,
      );
      const throttled = Math.round(n * rate * 0.5);
      // DynamoDB only publishes ThrottledRequests when a request was throttled.
      return throttled > 0
        ? { sum: throttled, count: throttled, min: 1, max: 1 }
        : undefined;
    }
    case 'Duration':
    case 'Latency': {
      const base = series.metric === 'Duration' ? 120 : 180;
      const mean =
        base * (p.trouble === 'latency' ? 4 + 2 * jitter : 0.8 + 0.4 * jitter);
      return {
        sum: mean * n,
        count: n,
        min: mean * 0.15,
        max: mean * (3.5 + jitter),
        mean,
      };
    }
    default:
      return undefined;
  }
}

/** Inverse of the standard normal CDF (Acklam's approximation is overkill here). */
function normalQuantile(q: number): number {
  const p = q < 0.5 ? q : 1 - q;
  const t = Math.sqrt(-2 * Math.log(p));
  const z =
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3);
  return q < 0.5 ? -z : z;
}

/** Value of a statistic (Sum, Average, Minimum, Maximum, SampleCount, pNN) of an aggregate. */
export function statistic(agg: Aggregate, stat: string): number {
  switch (stat) {
    case 'Sum':
      return agg.sum;
    case 'SampleCount':
      return agg.count;
    case 'Average':
      return agg.count > 0 ? agg.sum / agg.count : 0;
    case 'Minimum':
      return agg.min;
    case 'Maximum':
      return agg.max;
    default: {
      const q = Number(stat.slice(1)) / 100;
      if (agg.mean === undefined)
        return q * agg.count >= agg.count - agg.sum ? agg.max : agg.min;
      const v =
        agg.mean *
        Math.exp(
          SIGMA * normalQuantile(Math.min(0.9999, Math.max(0.0001, q))) -
            (SIGMA * SIGMA) / 2,
        );
      return Math.round(Math.min(agg.max, Math.max(agg.min, v)) * 100) / 100;
    }
  }
}

/** Whether `stat` is a statistic the sandbox computes. */
export function isSupportedStat(stat: unknown): stat is string {
  return (
    typeof stat === 'string' &&
    (['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'].includes(stat) ||
      /^p(\d{1,2}(\.\d{1,2})?|100)$/.test(stat))
  );
}
