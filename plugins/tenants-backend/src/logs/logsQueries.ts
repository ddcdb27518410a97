import type { TenantsApiSchemas } from '@tenancy/plugin-tenants-common';
import type { InsightsRow } from './insightsQuery';

type RecentErrorRow = TenantsApiSchemas['RecentErrorRow'];
type TopErrorMessage = TenantsApiSchemas['TopErrorMessage'];

/**
 * One kind of logs question: its Logs Insights query text (the real syntax, over the fields
 * Logs Insights discovers in Lambda's JSON log lines: `level`, `message`, `requestId`) and how
 * its rows of every region become the API's rows.
 */
export interface LogsQueryKind<Row> {
  id: 'recent-errors' | 'top-messages';
  /** The query text for `limit` rows. */
  queryString(limit: number): string;
  /** Rows of every region, merged and cut to `limit`. */
  merge(
    perRegion: Array<{ region: string; rows: InsightsRow[] }>,
    limit: number,
  ): Row[];
}

/** Lambda's `@timestamp` (`2026-03-15 11:59:12.345`, UTC) as ISO-8601. */
function isoTimestamp(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}

/** `@log` is `<account id>:<log group name>` in a cross-account query. */
function logGroupName(log: string | undefined): string {
  return log?.slice(log.indexOf(':') + 1) ?? '';
}

/** The most recent ERROR lines, newest first. */
export const recentErrorsQuery: LogsQueryKind<RecentErrorRow> = {
  id: 'recent-errors',
  queryString: limit =>
    [
      'fields @timestamp, @log, requestId, message',
      'filter level = "ERROR"',
      'sort @timestamp desc',
      `limit ${limit}`,
    ].join('\n| '),
  merge: (perRegion, limit) =>
    perRegion
      .flatMap(({ region, rows }) =>
        rows.map(r => ({
          timestamp: isoTimestamp(r['@timestamp'] ?? ''),
          region,
          logGroup: logGroupName(r['@log']),
          message: r.message ?? '',
          requestId: r.requestId ?? null,
        })),
      )
      .sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))
      .slice(0, limit),
};

/** The most frequent error messages with their counts, summed over the regions. */
export const topMessagesQuery: LogsQueryKind<TopErrorMessage> = {
  id: 'top-messages',
  queryString: limit =>
    [
      'filter level = "ERROR"',
      'stats count(*) as occurrences by message',
      'sort occurrences desc',
      `limit ${limit}`,
    ].join('\n| '),
  merge: (perRegion, limit) => {
    const counts = new Map<string, number>();
    for (const { rows } of perRegion) {
      for (const r of rows) {
        const message = r.message ?? '';
        counts.set(message, (counts.get(message) ?? 0) + Number(r.occurrences));
      }
    }
    return [...counts]
      .map(([message, count]) => ({ message, count }))
      .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message))
      .slice(0, limit);
  },
};
