import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ServiceUnavailableError } from '@backstage/errors';
import { isAwsError, toBackstageError } from '@tenancy/plugin-tenants-node';

/** Most log groups one StartQuery may name (Logs Insights' limit). */
export const MAX_LOG_GROUPS_PER_QUERY = 50;

/** One result row of Logs Insights: field name → value (strings, as AWS answers). */
export type InsightsRow = Record<string, string>;

/** How a query ended, as the API reports it. */
export type InsightsStatus =
  | 'Complete'
  | 'TimedOut'
  | 'Cancelled'
  | 'Failed'
  | 'Timeout';

/** What one query answered. */
export interface InsightsResult {
  queryId: string;
  status: InsightsStatus;
  rows: InsightsRow[];
  statistics: {
    recordsMatched: number;
    recordsScanned: number;
    bytesScanned: number;
  };
}

/** What to run. */
export interface InsightsRequest {
  region: string;
  /** Log group ARNs (at most {@link MAX_LOG_GROUPS_PER_QUERY}). */
  logGroupArns: string[];
  queryString: string;
  /** Time range, epoch seconds. */
  startTime: number;
  endTime: number;
  /** Most rows (StartQuery `limit`). */
  limit: number;
  /** Stop the query (StopQuery) when not complete by then. */
  timeoutMs: number;
  pollIntervalMs: number;
  /** Aborted when the caller leaves: the query is stopped. */
  signal?: AbortSignal;
}

/**
 * The tenant account's log group ARNs in the client's region, as the monitoring account sees
 * them (DescribeLogGroups with `includeLinkedAccounts` and `accountIdentifiers`, every page).
 */
export async function tenantLogGroupArns(
  client: CloudWatchLogsClient,
  accountId: string,
): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeLogGroupsCommand({
        includeLinkedAccounts: true,
        accountIdentifiers: [accountId],
        nextToken,
      }),
    );
    for (const g of page.logGroups ?? []) {
      // Only the tenant's own account, whatever else the sink answers.
      if (g.logGroupArn?.split(':')[4] === accountId) arns.push(g.logGroupArn);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

/** The clear message for Logs Insights' concurrency limit (LimitExceededException). */
export function concurrencyLimitMessage(region: string, aws: string): string {
  return (
    `CloudWatch Logs Insights is running as many queries as the monitoring account may run at once in ${region} ` +
    `(AWS: "${aws}"). Queries from dashboards and the console count too. Try again in a minute.`
  );
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

function rowsOf(res: GetQueryResultsCommandOutput): InsightsRow[] {
  return (res.results ?? []).map(fields =>
    Object.fromEntries(
      fields
        .filter(f => f.field !== undefined && f.value !== undefined)
        .map(f => [f.field!, f.value!]),
    ),
  );
}

const ENDED = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout']);

/**
 * Runs one Logs Insights query: StartQuery, then GetQueryResults every `pollIntervalMs` until
 * it ends. A query still Scheduled or Running at `timeoutMs`, or when `signal` aborts, is
 * stopped with StopQuery (once) and answered `TimedOut` with the rows read so far.
 * @throws ServiceUnavailableError (503) with {@link concurrencyLimitMessage} on
 * LimitExceededException; other AWS errors as `toBackstageError` maps them.
 */
export async function runInsightsQuery(
  client: CloudWatchLogsClient,
  request: InsightsRequest,
): Promise<InsightsResult> {
  let queryId: string;
  try {
    const started = await client.send(
      new StartQueryCommand({
        logGroupIdentifiers: request.logGroupArns,
        startTime: request.startTime,
        endTime: request.endTime,
        queryString: request.queryString,
        limit: request.limit,
      }),
      { abortSignal: request.signal },
    );
    queryId = started.queryId!;
  } catch (error) {
    if (isAwsError(error, 'LimitExceededException')) {
      throw new ServiceUnavailableError(
        concurrencyLimitMessage(request.region, (error as Error).message),
      );
    }
    throw toBackstageError(error, 'CloudWatchLogs.StartQuery');
  }
  const deadline = Date.now() + request.timeoutMs;
  let last: GetQueryResultsCommandOutput | undefined;
  for (;;) {
    last = await client
      .send(new GetQueryResultsCommand({ queryId }))
      .catch(error => {
        throw toBackstageError(error, 'CloudWatchLogs.GetQueryResults');
      });
    if (ENDED.has(last.status ?? '')) break;
    if (Date.now() >= deadline || request.signal?.aborted) {
      await client.send(new StopQueryCommand({ queryId })).catch(() => {
        // Ended meanwhile (StopQuery answers an error for a query not running): nothing to stop.
      });
      return { ...resultOf(queryId, last), status: 'TimedOut' };
    }
    await sleep(
      Math.min(request.pollIntervalMs, Math.max(0, deadline - Date.now())),
      request.signal,
    );
  }
  return resultOf(queryId, last);
}

function resultOf(
  queryId: string,
  res: GetQueryResultsCommandOutput,
): InsightsResult {
  return {
    queryId,
    status: (res.status ?? 'Failed') as InsightsStatus,
    rows: rowsOf(res),
    statistics: {
      recordsMatched: res.statistics?.recordsMatched ?? 0,
      recordsScanned: res.statistics?.recordsScanned ?? 0,
      bytesScanned: res.statistics?.bytesScanned ?? 0,
    },
  };
}
