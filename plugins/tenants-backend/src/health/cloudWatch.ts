import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  DescribeAlarmsCommandOutput,
  GetMetricDataCommand,
  GetMetricDataCommandOutput,
  MetricAlarm,
  CompositeAlarm,
} from '@aws-sdk/client-cloudwatch';
import pLimit from 'p-limit';
import {
  batchSizes,
  MetricDefinition,
  MetricWindow,
  slotCount,
  toValues,
} from './metricPlan';

/** One series to read: a metric of one tenant account (cross-account observability). */
export interface SeriesRequest {
  /** Caller's key for the result, e.g. `${accountId}/${metric.id}`. */
  key: string;
  accountId: string;
  metric: MetricDefinition;
}

/** A series read: every slot of the window (null = no data), `partial` when CloudWatch still said PartialData. */
export interface SeriesResult {
  values: Array<number | null>;
  partial: boolean;
}

/**
 * Reads series with GetMetricData from the monitoring account: each MetricStat carries the
 * tenant's `AccountId`; calls hold ≤ 500 queries and ≤ 100,800 datapoints (docs/aws-behaviours/fleet.md#getmetricdata-limits); every
 * `NextToken` is followed and results merged by query id; a series whose last answer is still
 * `PartialData` (or an error status) is marked partial. Calls run `concurrency` at a time.
 */
export async function getMetricSeries(
  client: CloudWatchClient,
  window: MetricWindow,
  requests: SeriesRequest[],
  concurrency = 4,
): Promise<Map<string, SeriesResult>> {
  const sizes = batchSizes(requests.length, slotCount(window));
  const batches: SeriesRequest[][] = [];
  let offset = 0;
  for (const size of sizes) {
    batches.push(requests.slice(offset, offset + size));
    offset += size;
  }
  const limit = pLimit(concurrency);
  const out = new Map<string, SeriesResult>();
  await Promise.all(
    batches.map(batch =>
      limit(async () => {
        const ts = new Map<string, Date[]>();
        const vals = new Map<string, number[]>();
        const status = new Map<string, string>();
        let token: string | undefined;
        do {
          const res: GetMetricDataCommandOutput = await client.send(
            new GetMetricDataCommand({
              StartTime: new Date(window.start * 1000),
              EndTime: new Date(window.end * 1000),
              ScanBy: 'TimestampAscending',
              NextToken: token,
              MetricDataQueries: batch.map((r, i) => ({
                Id: `q${i}`,
                AccountId: r.accountId,
                ReturnData: true,
                MetricStat: {
                  Metric: {
                    Namespace: r.metric.namespace,
                    MetricName: r.metric.metricName,
                    Dimensions: [],
                  },
                  Period: window.periodSeconds,
                  Stat: r.metric.stat,
                },
              })),
            }),
          );
          for (const r of res.MetricDataResults ?? []) {
            if (!r.Id) continue;
            ts.set(r.Id, [...(ts.get(r.Id) ?? []), ...(r.Timestamps ?? [])]);
            vals.set(r.Id, [...(vals.get(r.Id) ?? []), ...(r.Values ?? [])]);
            status.set(r.Id, r.StatusCode ?? 'Complete');
          }
          token = res.NextToken || undefined;
        } while (token);
        batch.forEach((r, i) => {
          const id = `q${i}`;
          out.set(r.key, {
            values: toValues(window, ts.get(id) ?? [], vals.get(id) ?? []),
            partial: status.has(id) ? status.get(id) !== 'Complete' : true,
          });
        });
      }),
    ),
  );
  return out;
}

/** An alarm of the monitoring account with the account its metrics belong to. */
export interface AlarmInfo {
  name: string;
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  reason?: string;
  updatedAt?: string;
  /** Accounts named by the alarm's metric queries (`AccountId`) or its `AccountId` dimension. */
  accountIds: string[];
  /** Region of the monitoring sink the alarm is in (alarms are regional). */
  region?: string;
}

function accountsOf(a: MetricAlarm | CompositeAlarm): string[] {
  const ids = new Set<string>();
  if ('Metrics' in a) {
    for (const m of a.Metrics ?? []) if (m.AccountId) ids.add(m.AccountId);
  }
  if ('Dimensions' in a) {
    for (const d of a.Dimensions ?? [])
      if (d.Name === 'AccountId' && d.Value) ids.add(d.Value);
  }
  return [...ids];
}

/**
 * Reads every alarm of the monitoring account page by page: DescribeAlarms (MetricAlarm and
 * CompositeAlarm, 100 a page, every `NextToken`; docs/aws-behaviours/fleet.md#alarm-states),
 * handing each page's alarms to `onPage` (awaited) before the next page is read, so only one
 * page is held. Calls: ⌈alarms / 100⌉. Throws the AWS error.
 */
export async function forEachAlarmPage(
  client: CloudWatchClient,
  region: string | undefined,
  onPage: (alarms: AlarmInfo[]) => void | Promise<void>,
): Promise<void> {
  let token: string | undefined;
  do {
    const res: DescribeAlarmsCommandOutput = await client.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: token,
      }),
    );
    await onPage(
      [...(res.MetricAlarms ?? []), ...(res.CompositeAlarms ?? [])].map(a => ({
        name: a.AlarmName ?? '',
        state: (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmInfo['state'],
        reason: a.StateReason,
        updatedAt: a.StateUpdatedTimestamp?.toISOString(),
        accountIds: accountsOf(a),
        ...(region ? { region } : {}),
      })),
    );
    token = res.NextToken || undefined;
  } while (token);
}

/** Reads every alarm of the monitoring account, all held ({@link forEachAlarmPage}). */
export async function describeAllAlarms(
  client: CloudWatchClient,
  region?: string,
): Promise<AlarmInfo[]> {
  const out: AlarmInfo[] = [];
  await forEachAlarmPage(client, region, page => {
    out.push(...page);
  });
  return out;
}
