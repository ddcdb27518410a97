/**
 * CloudWatch Logs Insights: StartQuery, GetQueryResults, StopQuery. A query is `Scheduled` for
 * `durations.logsQueryScheduledMs` of sandbox time, then `Running` for `logsQueryRunMs`, then
 * `Complete` (`Timeout` when it would run past AWS's 60 minutes; `Cancelled` once stopped).
 * At most `limits.logsConcurrentQueries` queries (AWS: 100 per account and region) are
 * Scheduled or Running at once: one more is LimitExceededException. At most 50 log groups per
 * query. GetQueryResults answers the rows found so far while a query runs (over the part of
 * its time range scanned by then), and the final rows once it is Complete.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { defineDataSlot } from '../../core/context';
import { int, list, requireStr } from '../../core/input';
import { hexId } from '../../core/random';
import { Command, MAX_QUERY_LIMIT, parseInsightsQuery } from './insightsQuery';
import { LogGroupModel, logEvents } from './logModel';
import { QueryOutcome, runQuery } from './queryEngine';
import {
  accountLogGroups,
  canRead,
  invalidParameter,
  tooLong,
} from './logGroups';

/** Most log groups one StartQuery may name. @public */
export const MAX_LOG_GROUPS_PER_QUERY = 50;
/** AWS stops a query that runs longer than this (status `Timeout`). */
const QUERY_TIMEOUT_MS = 60 * 60_000;
/** Longest query string AWS accepts. */
const MAX_QUERY_STRING = 10_000;

interface StoredQuery {
  id: string;
  accountId: string;
  region: string;
  startedAt: number;
  groups: LogGroupModel[];
  startMs: number;
  endMs: number;
  commands: Command[];
  limit: number;
  stoppedAt?: number;
  outcome?: QueryOutcome;
}

const LOGS_DATA = defineDataSlot('logs', () => ({
  queries: new Map<string, StoredQuery>(),
  started: 0,
}));

type Status = 'Scheduled' | 'Running' | 'Complete' | 'Cancelled' | 'Timeout';

function statusOf(q: StoredQuery, ctx: OperationContext): Status {
  if (q.stoppedAt !== undefined) return 'Cancelled';
  const { logsQueryScheduledMs, logsQueryRunMs } = ctx.options.durations;
  const elapsed = ctx.now().getTime() - q.startedAt;
  if (elapsed < logsQueryScheduledMs) return 'Scheduled';
  if (logsQueryRunMs > QUERY_TIMEOUT_MS) {
    return elapsed < logsQueryScheduledMs + QUERY_TIMEOUT_MS
      ? 'Running'
      : 'Timeout';
  }
  return elapsed < logsQueryScheduledMs + logsQueryRunMs
    ? 'Running'
    : 'Complete';
}

function notFound(message: string): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', message);
}

/** `logGroupIdentifiers` (ARNs or names), `logGroupNames` or `logGroupName`: exactly one. */
function resolveGroups(
  input: OperationInput,
  ctx: OperationContext,
): LogGroupModel[] {
  const given = (
    ['logGroupName', 'logGroupNames', 'logGroupIdentifiers'] as const
  ).filter(k => input[k] !== undefined && input[k] !== null);
  if (given.length !== 1) {
    throw invalidParameter(
      'Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified (or a SOURCE command in the query).',
    );
  }
  const ids =
    given[0] === 'logGroupName'
      ? [requireStr(input, 'logGroupName', invalidParameter)]
      : list<string>(input[given[0]]);
  if (ids.length === 0)
    throw invalidParameter(`${given[0]} must not be empty.`);
  if (ids.length > MAX_LOG_GROUPS_PER_QUERY) {
    throw tooLong(
      given[0] === 'logGroupNames' ? 'logGroupNames' : 'logGroupIdentifiers',
      MAX_LOG_GROUPS_PER_QUERY,
    );
  }
  return ids.map(id => {
    const arn = /^arn:aws:logs:([^:]+):(\d{12}):log-group:(.+)$/.exec(id);
    if (arn && given[0] === 'logGroupIdentifiers') {
      if (arn[3].endsWith('*')) {
        throw invalidParameter(
          `A log group ARN in logGroupIdentifiers must not end with an asterisk: ${id}`,
        );
      }
      const [, region, accountId, name] = arn;
      const found =
        region === ctx.region && canRead(ctx, accountId)
          ? accountLogGroups(ctx, accountId).find(g => g.name === name)
          : undefined;
      if (!found) throw notFound(`Log group '${id}' does not exist.`);
      return found;
    }
    const own = accountLogGroups(ctx, ctx.callerAccountId).find(
      g => g.name === id,
    );
    if (!own) {
      throw notFound(
        `Log group '${id}' does not exist for account ID '${ctx.callerAccountId}'.`,
      );
    }
    return own;
  });
}

function epochSeconds(input: OperationInput, name: string): number {
  const v = input[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw invalidParameter(
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v * 1000;
}

/**
 * StartQuery. @throws InvalidParameterException (bad members, more than 50 log groups),
 * MalformedQueryException, ResourceNotFoundException (a log group the caller cannot see),
 * LimitExceededException (concurrent queries).
 */
export function startQuery(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const queryString = requireStr(input, 'queryString', invalidParameter);
  if (queryString.length > MAX_QUERY_STRING) {
    throw tooLong('queryString', MAX_QUERY_STRING);
  }
  const startMs = epochSeconds(input, 'startTime');
  const endMs = epochSeconds(input, 'endTime');
  if (endMs < startMs) {
    throw invalidParameter('End time must not be before start time.');
  }
  const limit = int(input.limit, 'limit', invalidParameter) ?? MAX_QUERY_LIMIT;
  if (limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw invalidParameter(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_QUERY_LIMIT}`,
    );
  }
  const groups = resolveGroups(input, ctx);
  const commands = parseInsightsQuery(queryString);
  const data = ctx.data.slot(LOGS_DATA);
  const now = ctx.now().getTime();
  for (const [id, q] of data.queries) {
    if (now - q.startedAt > 24 * 3_600_000) data.queries.delete(id);
  }
  const active = [...data.queries.values()].filter(
    q =>
      q.accountId === ctx.callerAccountId &&
      q.region === ctx.region &&
      ['Scheduled', 'Running'].includes(statusOf(q, ctx)),
  ).length;
  const max = ctx.options.limits.logsConcurrentQueries;
  if (active >= max) {
    throw new AwsServiceError(
      'LimitExceededException',
      `Account maximum query concurrency limit of [${max}] reached.`,
    );
  }
  const h = hexId(32, ctx.data.seed, data.started++, 83);
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20)}`;
  data.queries.set(id, {
    id,
    accountId: ctx.callerAccountId,
    region: ctx.region,
    startedAt: now,
    groups,
    startMs,
    endMs,
    commands,
    limit,
  });
  return { queryId: id };
}

/** The caller's query named by `queryId` and its status now. */
function queryOf(
  input: OperationInput,
  ctx: OperationContext,
): { q: StoredQuery; status: Status } {
  const id = requireStr(input, 'queryId', invalidParameter);
  const q = ctx.data.slot(LOGS_DATA).queries.get(id);
  if (!q || q.accountId !== ctx.callerAccountId || q.region !== ctx.region) {
    throw notFound(`Query ${id} does not exist.`);
  }
  return { q, status: statusOf(q, ctx) };
}

/**
 * The rows of `q` over the part of its time range scanned by `atMs`: Logs Insights scans the
 * range while the query runs, so a Running query answers the rows found so far, and a
 * Cancelled or Timeout query the rows found before it stopped. `undefined` = all of it.
 */
function outcomeOf(
  q: StoredQuery,
  ctx: OperationContext,
  scanned?: number,
): QueryOutcome {
  const { logsQueryScheduledMs, logsQueryRunMs } = ctx.options.durations;
  const doneAt = q.startedAt + logsQueryScheduledMs + logsQueryRunMs;
  const endMs =
    scanned === undefined
      ? q.endMs
      : q.startMs + Math.floor((q.endMs - q.startMs) * scanned);
  const seed = ctx.data.seed;
  return runQuery(
    q.commands,
    q.groups.map(group => ({
      group,
      events:
        endMs > q.startMs || scanned === undefined
          ? logEvents(seed, group, q.startMs, endMs, doneAt)
          : [],
    })),
    q.limit,
    (group, event) =>
      Buffer.from(
        `${group.accountId}:${group.name}|${event.timestamp}|${event.logStream}`,
      ).toString('base64url'),
  );
}

/** Share of the time range scanned at `atMs` (0 while Scheduled, 1 once the run is over). */
function scannedShare(q: StoredQuery, ctx: OperationContext, atMs: number) {
  const { logsQueryScheduledMs, logsQueryRunMs } = ctx.options.durations;
  const running = atMs - q.startedAt - logsQueryScheduledMs;
  return Math.min(1, Math.max(0, running / Math.max(1, logsQueryRunMs)));
}

/**
 * GetQueryResults: the status and the rows and statistics so far — partial while Running (as
 * AWS answers), those found before the stop once Cancelled or Timeout, all once Complete.
 */
export function getQueryResults(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const { q, status } = queryOf(input, ctx);
  if (status === 'Scheduled') {
    return {
      status,
      results: [],
      statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
    };
  }
  if (status === 'Complete') {
    q.outcome ??= outcomeOf(q, ctx);
    return { status, ...q.outcome };
  }
  const at = status === 'Cancelled' ? q.stoppedAt! : ctx.now().getTime();
  return { status, ...outcomeOf(q, ctx, scannedShare(q, ctx, at)) };
}

/** StopQuery: `success: true` for a Scheduled or Running query; InvalidParameterException once it ended. */
export function stopQuery(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const { q, status } = queryOf(input, ctx);
  if (status !== 'Scheduled' && status !== 'Running') {
    throw invalidParameter(`Query ${q.id} is not running (status ${status}).`);
  }
  q.stoppedAt = ctx.now().getTime();
  return { success: true };
}
