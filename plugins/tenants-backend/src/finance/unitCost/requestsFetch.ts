/**
 * Monthly request counts per tenant account for unit cost: daily sums of API Gateway `Count`
 * and Lambda `Invocations` (the health source's metric definitions) from the monitoring
 * account's GetMetricData, summed per UTC month. A series with no datapoint is "no data", not 0
 * (docs/aws-behaviours/fleet.md#missing-data-is-not-zero).
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { getMetricSeries } from '../../health/cloudWatch';
import { DEFAULT_METRICS } from '../../health/metricPlan';
import type { MonthRequests } from './unitCost';

const DAY = 86_400;
const REQUEST_METRICS = DEFAULT_METRICS.filter(
  m => m.id === 'apiGatewayCount' || m.id === 'lambdaInvocations',
);

/**
 * Requests of `accountIds` in the UTC month `YYYY-MM`, up to `now` (whole days).
 * @returns one entry per account with data in at least one metric
 */
export async function fetchMonthRequests(
  cw: CloudWatchClient,
  accountIds: readonly string[],
  month: string,
  now: Date,
): Promise<Map<string, MonthRequests>> {
  const start = Date.parse(`${month}-01T00:00:00Z`) / 1000;
  const [y, m] = month.split('-').map(Number);
  const monthEnd = Date.UTC(y, m, 1) / 1000;
  const end = Math.min(monthEnd, Math.floor(now.getTime() / 1000 / DAY) * DAY);
  const out = new Map<string, MonthRequests>();
  if (end <= start) return out;
  const series = await getMetricSeries(
    cw,
    { start, end, periodSeconds: DAY },
    accountIds.flatMap(accountId =>
      REQUEST_METRICS.map(metric => ({
        key: `${accountId}/${metric.id}`,
        accountId,
        metric,
      })),
    ),
  );
  for (const accountId of accountIds) {
    const entry: MonthRequests = { accountId, month };
    let any = false;
    for (const metric of REQUEST_METRICS) {
      const values = series.get(`${accountId}/${metric.id}`)?.values ?? [];
      const present = values.filter((v): v is number => v !== null);
      if (!present.length) continue;
      any = true;
      const sum = present.reduce((a, b) => a + b, 0);
      if (metric.id === 'apiGatewayCount') entry.apiGatewayCount = sum;
      else entry.lambdaInvocations = sum;
    }
    if (any) out.set(accountId, entry);
  }
  return out;
}
