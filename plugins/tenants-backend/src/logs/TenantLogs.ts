import type { CacheService } from '@backstage/backend-plugin-api';
import type { TenantsApiSchemas } from '@tenancy/plugin-tenants-common';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import { logsInsightsConsoleUrl } from './consoleUrl';
import {
  MAX_LOG_GROUPS_PER_QUERY,
  runInsightsQuery,
  tenantLogGroupArns,
  type InsightsRow,
} from './insightsQuery';
import type { LogsQueryKind } from './logsQueries';
import type { LogsSettings } from './settings';

type LogsQueryRegion = TenantsApiSchemas['LogsQueryRegion'];

/** An answer of the logs routes: the query, the time range, each region's run, the rows. */
export type TenantLogsAnswer<Row> = TenantsApiSchemas['TenantLogsQuery'] & {
  rows: Row[];
};

/** What a logs question is about and how big it may be. */
export interface TenantLogsRequest {
  tenantId: string;
  accountId: string;
  /** The last `minutes` minutes (5–360). */
  minutes: number;
  /** Rows (1–100). */
  limit: number;
  /** Aborted when the caller leaves: running queries are stopped. */
  signal?: AbortSignal;
}

/**
 * Runs the logs source's Logs Insights queries for one tenant, on request: in each region's
 * monitoring account, over the log groups the tenant's account shares (DescribeLogGroups with
 * `accountIdentifiers: [accountId]`, at most 50 per query), for the last `minutes`. Answers are
 * cached per tenant, query and size for `cacheTtlMs`.
 * @throws ServiceUnavailableError (503) at Logs Insights' concurrency limit; other AWS errors mapped by `toBackstageError`.
 */
export class TenantLogs {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      settings: LogsSettings;
      cache?: CacheService;
      /** The clock (tests use the sandbox's). */
      now?: () => Date;
    },
  ) {}

  async run<Row>(
    kind: LogsQueryKind<Row>,
    request: TenantLogsRequest,
  ): Promise<TenantLogsAnswer<Row>> {
    const key = `logs:${kind.id}:${request.tenantId}:${request.minutes}:${request.limit}`;
    const cached = (await this.deps.cache?.get(key)) as
      | TenantLogsAnswer<Row>
      | undefined;
    if (cached) return { ...cached, cached: true };
    const answer = await this.runNow(kind, request);
    await this.deps.cache?.set(key, answer as never, {
      ttl: this.deps.settings.cacheTtlMs,
    });
    return answer;
  }

  private async runNow<Row>(
    kind: LogsQueryKind<Row>,
    request: TenantLogsRequest,
  ): Promise<TenantLogsAnswer<Row>> {
    const now = this.deps.now?.() ?? new Date();
    const end = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const start = new Date(end.getTime() - request.minutes * 60_000);
    const query = kind.queryString(request.limit);
    const stop = new AbortController();
    const onLeave = () => stop.abort();
    request.signal?.addEventListener('abort', onLeave);
    try {
      const perRegion = await Promise.all(
        this.deps.settings.regions.map(region =>
          this.runRegion(region, request, query, start, end, stop.signal).catch(
            error => {
              stop.abort();
              throw error;
            },
          ),
        ),
      );
      return {
        tenantId: request.tenantId,
        accountId: request.accountId,
        start: start.toISOString(),
        end: end.toISOString(),
        minutes: request.minutes,
        query,
        regions: perRegion.map(r => r.summary),
        rows: kind.merge(perRegion, request.limit),
        ranAt: now.toISOString(),
        cached: false,
      };
    } finally {
      request.signal?.removeEventListener('abort', onLeave);
    }
  }

  private async runRegion(
    region: string,
    request: TenantLogsRequest,
    query: string,
    start: Date,
    end: Date,
    signal: AbortSignal,
  ): Promise<{
    region: string;
    rows: InsightsRow[];
    summary: LogsQueryRegion;
  }> {
    const client = await this.deps.clients.cloudWatchLogs(region);
    const found = await tenantLogGroupArns(client, request.accountId);
    const logGroups = found.slice(0, MAX_LOG_GROUPS_PER_QUERY);
    const base = {
      region,
      logGroups,
      logGroupsFound: found.length,
      consoleUrl: logsInsightsConsoleUrl({
        region,
        query,
        logGroupArns: logGroups,
        start,
        end,
      }),
    };
    if (logGroups.length === 0) {
      return {
        region,
        rows: [],
        summary: {
          ...base,
          status: 'NoLogGroups',
          queryId: null,
          statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
        },
      };
    }
    const result = await runInsightsQuery(client, {
      region,
      logGroupArns: logGroups,
      queryString: query,
      startTime: start.getTime() / 1000,
      endTime: end.getTime() / 1000,
      limit: request.limit,
      timeoutMs: this.deps.settings.queryTimeoutMs,
      pollIntervalMs: this.deps.settings.pollIntervalMs,
      signal,
    });
    // A row naming its log group must be the tenant's own (`@log` is `<account>:<group>`).
    const rows = result.rows.filter(
      r =>
        r['@log'] === undefined ||
        r['@log'].startsWith(`${request.accountId}:`),
    );
    return {
      region,
      rows,
      summary: {
        ...base,
        status: result.status,
        queryId: result.queryId,
        statistics: result.statistics,
      },
    };
  }
}
