/**
 * CloudWatch GetMetricData in the monitoring account (cross-account observability): MetricStat
 * queries carrying `AccountId`, ≤ 500 queries, ≤ 100,800 datapoints per answer with NextToken,
 * ScanBy, periods without data omitted, and AWS's retention roll-ups (1-minute data for 15 days,
 * 5-minute for 63 days, 1-hour for 455 days).
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { MONITORING_ACCOUNT_ID } from '../../core/organization/organization';
import {
  aggregate,
  isSupportedStat,
  resolveSeries,
  statistic,
} from './metricModel';
import { metricProfile, timestampMs } from './data';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/** Most queries in one GetMetricData call. @public */
export const MAX_METRIC_DATA_QUERIES = 500;
/** Most datapoints one GetMetricData answer returns (and the largest MaxDatapoints). @public */
export const MAX_DATAPOINTS = 100_800;

const DAY = 86_400_000;

/** CloudWatch's errors are query-compatible: the code is the query error code. */
export function cwError(code: string, message: string): AwsServiceError {
  return new AwsServiceError(code, message);
}

function invalid(message: string) {
  return cwError('InvalidParameterValue', message);
}

/** Whether a datapoint at `t` of a series at `periodSeconds` is still kept at `now`. */
export function retained(
  t: number,
  periodSeconds: number,
  now: number,
): boolean {
  const age = now - t;
  if (age > 455 * DAY) return false;
  if (age > 63 * DAY) return periodSeconds % 3600 === 0;
  if (age > 15 * DAY) return periodSeconds % 300 === 0;
  if (age > 3 * 3_600_000) return periodSeconds >= 60;
  return true;
}

interface Query {
  id: string;
  label: string;
  accountId: string;
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  period: number;
  stat: string;
}

function parseQueries(input: OperationInput, ctx: OperationContext): Query[] {
  const raw = input.MetricDataQueries;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw cwError(
      'MissingParameter',
      'The parameter MetricDataQueries is required.',
    );
  }
  if (raw.length > MAX_METRIC_DATA_QUERIES) {
    throw cwError(
      'ValidationError',
      `1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_METRIC_DATA_QUERIES}`,
    );
  }
  const ids = new Set<string>();
  const out: Query[] = [];
  raw.forEach((q: any, i: number) => {
    const n = i + 1;
    if (typeof q?.Id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) {
      throw invalid(
        `The value ${q?.Id} for parameter MetricDataQueries.member.${n}.Id is invalid: it must start with a lowercase letter and contain only letters, digits and underscores.`,
      );
    }
    if (ids.has(q.Id))
      throw invalid(
        `The values for parameter id in MetricDataQueries are not unique.`,
      );
    ids.add(q.Id);
    if (q.Expression !== undefined && q.MetricStat !== undefined) {
      throw cwError(
        'InvalidParameterCombination',
        `The parameters MetricDataQueries.member.${n}.MetricStat and MetricDataQueries.member.${n}.Expression are mutually exclusive.`,
      );
    }
    if (q.Expression !== undefined) {
      throw invalid(
        `MetricDataQueries.member.${n}.Expression: metric math is not modelled by the sandbox; use MetricStat queries.`,
      );
    }
    const stat = q.MetricStat;
    if (!stat)
      throw cwError(
        'MissingParameter',
        `The parameter MetricDataQueries.member.${n}.MetricStat is required.`,
      );
    const period = Number(stat.Period);
    if (
      !Number.isInteger(period) ||
      period < 1 ||
      !([1, 5, 10, 30].includes(period) || period % 60 === 0)
    ) {
      throw invalid(
        `The parameter MetricDataQueries.member.${n}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.`,
      );
    }
    if (!isSupportedStat(stat.Stat)) {
      throw invalid(
        `The value ${stat.Stat} for parameter MetricDataQueries.member.${n}.MetricStat.Stat is not supported: use Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p95.`,
      );
    }
    if (q.ReturnData === false) return;
    out.push({
      id: q.Id,
      label:
        typeof q.Label === 'string'
          ? q.Label
          : String(stat.Metric?.MetricName ?? q.Id),
      accountId:
        typeof q.AccountId === 'string' && q.AccountId
          ? q.AccountId
          : ctx.callerAccountId,
      namespace: String(stat.Metric?.Namespace ?? ''),
      metricName: String(stat.Metric?.MetricName ?? ''),
      dimensions: Array.isArray(stat.Metric?.Dimensions)
        ? stat.Metric.Dimensions
        : [],
      period,
      stat: stat.Stat,
    });
  });
  return out;
}

/** Whether the caller may read `accountId`'s metrics: itself, or the monitoring sink reading a linked account. */
function canRead(ctx: OperationContext, accountId: string): boolean {
  return (
    accountId === ctx.callerAccountId ||
    ctx.callerAccountId === MONITORING_ACCOUNT_ID
  );
}

/** The GetMetricData handler. */
export function getMetricData(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const start = timestampMs(input.StartTime, 'StartTime', invalid);
  const end = timestampMs(input.EndTime, 'EndTime', invalid);
  if (start >= end)
    throw invalid(
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  const maxDatapoints = input.MaxDatapoints ?? MAX_DATAPOINTS;
  if (
    !Number.isInteger(maxDatapoints) ||
    maxDatapoints < 1 ||
    maxDatapoints > MAX_DATAPOINTS
  ) {
    throw invalid(
      `The value ${maxDatapoints} for parameter MaxDatapoints is greater than the maximum allowed ${MAX_DATAPOINTS}.`,
    );
  }
  const scanBy = input.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw invalid(
      `The value ${scanBy} for parameter ScanBy is not valid: use TimestampDescending or TimestampAscending.`,
    );
  }
  const queries = parseQueries(input, ctx);
  const fp = requestFingerprint(input, 'NextToken');
  const offset =
    decodePageToken(input.NextToken, fp, {
      invalid: () =>
        cwError(
          'InvalidNextToken',
          'The service returned an error with Error Code InvalidNextToken: the NextToken is invalid or belongs to another request.',
        ),
    })?.o ?? 0;
  const now = ctx.now().getTime();
  const seed = ctx.data.seed;

  // Datapoints of every query, in request order, each in ScanBy order; then one page of them.
  let position = 0;
  let budget = maxDatapoints;
  let more = false;
  const results = queries.map(q => {
    const timestamps: Date[] = [];
    const values: number[] = [];
    const profile = canRead(ctx, q.accountId)
      ? metricProfile(ctx, q.accountId)
      : undefined;
    const series =
      profile &&
      resolveSeries(profile, q.namespace, q.metricName, q.dimensions);
    let partial = false;
    if (profile && series) {
      const periodMs = q.period * 1000;
      const first = Math.floor(start / periodMs) * periodMs;
      const points: [number, number][] = [];
      for (let t = first; t < end && t < now; t += periodMs) {
        if (!retained(t, q.period, now)) continue;
        const agg = aggregate(seed, profile, series, t, periodMs, now);
        if (agg) points.push([t, statistic(agg, q.stat)]);
      }
      if (scanBy === 'TimestampDescending') points.reverse();
      for (const [t, v] of points) {
        if (position++ < offset) continue;
        if (budget === 0) {
          partial = true;
          more = true;
          break;
        }
        budget--;
        timestamps.push(new Date(t));
        values.push(v);
      }
    }
    return {
      Id: q.id,
      Label: q.label,
      Timestamps: timestamps,
      Values: values,
      StatusCode: partial ? 'PartialData' : 'Complete',
      Messages: [],
    };
  });
  return {
    MetricDataResults: results,
    Messages: [],
    ...(more
      ? { NextToken: encodePageToken(fp, { o: offset + maxDatapoints }) }
      : {}),
  };
}
