import type {
  TenantRecentErrors,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';

const DEMO_QUERY = [
  'fields @timestamp, @log, requestId, message',
  'filter level = "ERROR"',
  'sort @timestamp desc',
  'limit 50',
].join('\n| ');

const MESSAGES = [
  'TimeoutError: Connection to {t}-data timed out after 3000 ms',
  'UpstreamError: Payment provider answered 502 Bad Gateway',
];

/**
 * Deterministic recent errors of a demo tenant: a degraded or critical tenant has a few ERROR
 * lines (one every 7 minutes), a healthy one none. Same answer on every load.
 */
export function demoRecentErrors(
  t: TenantSummary,
  now: Date,
  minutes = 60,
): TenantRecentErrors {
  const end = now.getTime();
  const region = 'us-east-1';
  const troubled =
    t.healthStatus === 'degraded' || t.healthStatus === 'critical';
  const logGroup = `/aws/lambda/${t.tenantId}-api`;
  const arn = `arn:aws:logs:${region}:${t.accountId}:log-group:${logGroup}`;
  const rows = troubled
    ? Array.from({ length: Math.min(8, Math.floor(minutes / 7)) }, (_, i) => ({
        timestamp: new Date(end - (i * 7 + 1) * 60_000).toISOString(),
        region,
        logGroup,
        message: MESSAGES[i % 3 === 2 ? 1 : 0].replace('{t}', t.tenantId),
        requestId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      }))
    : [];
  return {
    tenantId: t.tenantId,
    accountId: t.accountId,
    start: new Date(end - minutes * 60_000).toISOString(),
    end: now.toISOString(),
    minutes,
    query: DEMO_QUERY,
    regions: [
      {
        region,
        status: 'Complete',
        queryId: '00000000-0000-4000-8000-000000000000',
        logGroups: [arn],
        logGroupsFound: 1,
        statistics: {
          recordsMatched: rows.length,
          recordsScanned: minutes + rows.length,
          bytesScanned: (minutes + rows.length) * 160,
        },
        consoleUrl: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights`,
      },
    ],
    rows,
    ranAt: now.toISOString(),
    cached: false,
  };
}
