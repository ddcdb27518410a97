/**
 * Deterministic CloudWatch Logs of tenant accounts: one log group per Lambda function of the
 * tenant's metric profile (`/aws/lambda/<tenant>-api`, …) in each region the tenant runs in,
 * holding Lambda's JSON log format lines. The lines follow the metrics: in each minute a
 * function logs one ERROR line per error of its `AWS/Lambda` `Errors` metric (Sum at 60 s, the
 * same value GetMetricData answers) and one INFO line with its invocation count; an idle
 * minute logs nothing. A tenant whose metrics show an error spike therefore has error lines.
 */
import type { MetricProfile } from '../cloudWatch/metricModel';
import { aggregate, resolveSeries } from '../cloudWatch/metricModel';
import { hashString, hexId, rand } from '../../core/random';

/** One log group of a tenant account in one region. */
export interface LogGroupModel {
  accountId: string;
  region: string;
  /** e.g. `/aws/lambda/acme-api`. */
  name: string;
  /** The Lambda function writing to it. */
  functionName: string;
  /** Epoch ms the group was created (the account's first traffic). */
  creationTime: number;
  profile: MetricProfile;
}

/** One log event, with the fields Logs Insights discovers in Lambda's JSON lines. */
export interface LogEvent {
  /** Epoch ms. */
  timestamp: number;
  logStream: string;
  /** The raw line (JSON text). */
  message: string;
  /** Discovered JSON fields: `level`, `message`, `requestId`, `errorType`. */
  fields: Record<string, string>;
}

/** Log groups keep events this long (`retentionInDays`). */
export const RETENTION_DAYS = 30;

/** The log groups of a tenant account in a region (from its metric profile). */
export function logGroupsOf(
  profile: MetricProfile,
  region: string,
): LogGroupModel[] {
  return profile.functions.map(fn => ({
    accountId: profile.account.accountId,
    region,
    name: `/aws/lambda/${fn}`,
    functionName: fn,
    creationTime: profile.since,
    profile,
  }));
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>` (the `logGroupArn` form, no `:*`). */
export function logGroupArn(group: LogGroupModel): string {
  return `arn:aws:logs:${group.region}:${group.accountId}:log-group:${group.name}`;
}

/** Error messages, most frequent first: the tenant's trouble dominates, the rest are occasional. */
const TROUBLE_ERRORS: Array<[string, string]> = [
  ['TimeoutError', 'Connection to {table} timed out after 3000 ms'],
  [
    'ProvisionedThroughputExceededException',
    'Rate of requests to {table} exceeds the allowed throughput',
  ],
  ['UpstreamError', 'Payment provider answered 502 Bad Gateway'],
];
const OCCASIONAL_ERRORS: Array<[string, string]> = [
  ['ValidationError', 'order.total must be a non-negative amount'],
  ['TypeError', "Cannot read properties of undefined (reading 'customerId')"],
  ['ConditionalCheckFailedException', 'The conditional request failed'],
];

function errorOf(
  group: LogGroupModel,
  seed: number,
  minute: number,
  i: number,
): [string, string] {
  const p = group.profile;
  const r = rand(seed, p.key, minute, i, 61);
  const table = p.tableName;
  const pick = (list: Array<[string, string]>) => {
    // Weights 3:2:1, so the top messages are stable.
    let at = 2;
    if (r < 0.5) at = 0;
    else if (r < 0.83) at = 1;
    const [type, text] = list[at];
    return [type, text.replace('{table}', table)] as [string, string];
  };
  return pick(p.trouble === 'errors' ? TROUBLE_ERRORS : OCCASIONAL_ERRORS);
}

function requestId(seed: number, key: number, minute: number, i: number) {
  const h = hexId(32, seed, key, minute, i, 67);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

function line(fields: Record<string, string>, timestamp: number): string {
  return JSON.stringify({
    timestamp: new Date(timestamp).toISOString(),
    ...fields,
  });
}

/**
 * The events of a log group in [startMs, endMs), oldest first, never after `nowMs` nor before
 * the retention window. Pure function of (seed, group, time range).
 */
export function logEvents(
  seed: number,
  group: LogGroupModel,
  startMs: number,
  endMs: number,
  nowMs: number,
): LogEvent[] {
  const p = group.profile;
  const errorsSeries = resolveSeries(p, 'AWS/Lambda', 'Errors', [
    { Name: 'FunctionName', Value: group.functionName },
  ]);
  if (!errorsSeries) return [];
  const from = Math.max(startMs, nowMs - RETENTION_DAYS * 86_400_000);
  const until = Math.min(endMs, nowMs);
  const out: LogEvent[] = [];
  const fnKey = hashString(group.functionName);
  for (let m = Math.floor(from / 60_000) * 60_000; m < until; m += 60_000) {
    const agg = aggregate(seed, p, errorsSeries, m, 60_000, nowMs);
    if (!agg) continue;
    const minute = m / 60_000;
    const hour = Math.floor(m / 3_600_000);
    const day = new Date(m).toISOString().slice(0, 10).replace(/-/g, '/');
    const logStream = `${day}/[$LATEST]${hexId(
      32,
      seed,
      p.key,
      fnKey,
      hour,
      71,
    )}`;
    const push = (offsetMs: number, fields: Record<string, string>) => {
      const t = m + offsetMs;
      if (t >= from && t < until) {
        out.push({ timestamp: t, logStream, message: line(fields, t), fields });
      }
    };
    for (let i = 0; i < agg.sum; i++) {
      const [errorType, message] = errorOf(group, seed, minute, i);
      const offset = Math.floor(
        rand(seed, p.key, fnKey, minute, i, 73) * 59_000,
      );
      push(offset, {
        level: 'ERROR',
        requestId: requestId(seed, p.key ^ fnKey, minute, i),
        errorType,
        message: `${errorType}: ${message}`,
      });
    }
    push(59_000, {
      level: 'INFO',
      requestId: requestId(seed, p.key ^ fnKey, minute, -1),
      message: `Handled ${agg.count} invocations`,
    });
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}
