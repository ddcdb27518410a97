import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { getMetricSeries, describeAllAlarms } from './cloudWatch';
import {
  batchSizes,
  DEFAULT_METRICS,
  planWindow,
  pointsOf,
  slotCount,
} from './metricPlan';
import {
  buildTenantHealth,
  countAlarms,
  assignAlarms,
  expandHealth,
} from './status';
import { fetchHealth } from './healthFetch';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const errors = DEFAULT_METRICS[0];
const acct = (i: number) => String(100000000000 + i);

beforeEach(() => cw.reset());

describe('GetMetricData limits', () => {
  it('1,200 tenants × 1 metric at 300 s for 1 h → exactly 3 calls (500 + 500 + 200)', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const w = planWindow(new Date('2025-07-01T14:00:00Z'), 3600, 300);
    const requests = Array.from({ length: 1200 }, (_, i) => ({
      key: acct(i),
      accountId: acct(i),
      metric: errors,
    }));
    await getMetricSeries(client, w, requests, 1);
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls.map(c => c.args[0].input.MetricDataQueries!.length)).toEqual([
      500, 500, 200,
    ]);
    expect(calls[2].args[0].input.MetricDataQueries![199]).toEqual({
      Id: 'q199',
      AccountId: acct(1199),
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [],
        },
        Period: 300,
        Stat: 'Sum',
      },
    });
  });

  it('96 series at 60 s for 24 h (138,240 datapoints) split into 70 + 26', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const w = planWindow(new Date('2025-07-01T14:00:00Z'), 86400, 60);
    expect(slotCount(w)).toBe(1440);
    expect(batchSizes(96, 1440)).toEqual([70, 26]);
    await getMetricSeries(
      client,
      w,
      Array.from({ length: 96 }, (_, i) => ({
        key: `k${i}`,
        accountId: acct(i),
        metric: errors,
      })),
      1,
    );
    expect(
      cw
        .commandCalls(GetMetricDataCommand)
        .map(c => c.args[0].input.MetricDataQueries!.length),
    ).toEqual([70, 26]);
  });

  it('follows NextToken on PartialData and merges; still partial → marked partial', async () => {
    const w = planWindow(new Date('2025-07-01T14:00:00Z'), 3600, 300);
    const t = (hhmm: string) => new Date(`2025-07-01T${hhmm}:00Z`);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'q0',
            StatusCode: 'PartialData',
            Timestamps: [t('13:00')],
            Values: [1],
          },
          {
            Id: 'q1',
            StatusCode: 'PartialData',
            Timestamps: [t('13:00')],
            Values: [5],
          },
        ],
        NextToken: 'n1',
      })
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'q0',
            StatusCode: 'Complete',
            Timestamps: [t('13:05')],
            Values: [2],
          },
          { Id: 'q1', StatusCode: 'PartialData', Timestamps: [], Values: [] },
        ],
      });
    const r = await getMetricSeries(client, w, [
      { key: 'a', accountId: acct(1), metric: errors },
      { key: 'b', accountId: acct(2), metric: errors },
    ]);
    expect(
      cw.commandCalls(GetMetricDataCommand).map(c => c.args[0].input.NextToken),
    ).toEqual([undefined, 'n1']);
    expect(r.get('a')!.partial).toBe(false);
    expect(r.get('a')!.values.slice(0, 3)).toEqual([1, 2, null]);
    expect(r.get('b')!.partial).toBe(true);
    const health = buildTenantHealth({
      alarms: [],
      series24h: [
        {
          ...errors,
          id: 'lambdaDurationP95',
          periodSeconds: 300,
          start: '2025-07-01T13:00:00.000Z',
          values: r.get('b')!.values,
          partial: true,
        },
      ],
      series7d: [],
      definitions: DEFAULT_METRICS,
      now: new Date('2025-07-01T14:00:00Z'),
    });
    expect(health.status).toBe('unknown');
    expect(health.reason).toBe(
      'CloudWatch returned partial data for Lambda errors',
    );
  });
});

describe('missing data is not zero', () => {
  it('12 slots, 3 filled, 9 no data, newest-first input', async () => {
    const w = planWindow(new Date('2025-07-01T14:00:20Z'), 3600, 300);
    expect(new Date(w.start * 1000).toISOString()).toBe(
      '2025-07-01T13:00:00.000Z',
    );
    expect(new Date(w.end * 1000).toISOString()).toBe(
      '2025-07-01T14:00:00.000Z',
    );
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'q0',
          StatusCode: 'Complete',
          Timestamps: ['13:40', '13:10', '13:05'].map(
            h => new Date(`2025-07-01T${h}:00Z`),
          ),
          Values: [2, 0, 1],
        },
      ],
    });
    const r = await getMetricSeries(client, w, [
      { key: 'a', accountId: acct(1), metric: errors },
    ]);
    const pts = pointsOf(
      new Date(w.start * 1000).toISOString(),
      300,
      r.get('a')!.values,
    );
    expect(pts).toHaveLength(12);
    expect(pts.filter(p => p.value !== null)).toEqual([
      { timestamp: '2025-07-01T13:05:00.000Z', value: 1 },
      { timestamp: '2025-07-01T13:10:00.000Z', value: 0 },
      { timestamp: '2025-07-01T13:40:00.000Z', value: 2 },
    ]);
    expect(pts.filter(p => p.value === null)).toHaveLength(9);
  });

  it('raises the period for old data and snaps to whole periods', () => {
    const now = new Date('2025-07-01T14:07:13Z');
    const w20 = planWindow(now, 20 * 86400, 60);
    expect(w20.periodSeconds).toBe(300);
    expect(w20.end % 300).toBe(0);
    expect(new Date(w20.end * 1000).toISOString()).toBe(
      '2025-07-01T14:05:00.000Z',
    );
    const w70 = planWindow(now, 70 * 86400, 60);
    expect(w70.periodSeconds).toBe(3600);
    expect(new Date(w70.start * 1000).toISOString()).toBe(
      '2025-04-22T14:00:00.000Z',
    );
    expect(() => planWindow(now, 3600, 90)).toThrow('multiple of 60');
  });
});

describe('alarms over two pages', () => {
  const alarm = (name: string, state: string): MetricAlarm => ({
    AlarmName: name,
    StateValue: state as MetricAlarm['StateValue'],
    Metrics: [
      {
        Id: 'm',
        AccountId: '111111111111',
        MetricStat: {
          Metric: { MetricName: 'Errors' },
          Period: 60,
          Stat: 'Sum',
        },
      },
    ],
  });

  it('counts ALARM 1, OK 100, INSUFFICIENT_DATA 2 and the tenant is degraded', async () => {
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({
        MetricAlarms: [
          ...Array.from({ length: 98 }, (_, i) => alarm(`ok-${i}`, 'OK')),
          alarm('insufficient-1', 'INSUFFICIENT_DATA'),
          alarm('insufficient-2', 'INSUFFICIENT_DATA'),
        ],
        NextToken: 'p2',
      })
      .resolvesOnce({
        MetricAlarms: [
          alarm('api-5xx', 'ALARM'),
          alarm('ok-98', 'OK'),
          alarm('ok-99', 'OK'),
        ],
      });
    const alarms = await describeAllAlarms(client);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(2);
    const mine = assignAlarms(alarms, [
      { tenantId: 'acme', accountId: '111111111111' },
    ]).get('acme')!;
    expect(countAlarms(mine)).toEqual({
      ALARM: 1,
      OK: 100,
      INSUFFICIENT_DATA: 2,
    });
    const h = buildTenantHealth({
      alarms: mine,
      series24h: [],
      series7d: [],
      definitions: DEFAULT_METRICS,
      now: new Date('2025-07-01T14:00:00Z'),
    });
    expect(h.status).toBe('degraded');
    expect(h.reason).toBe('1 alarm in ALARM: api-5xx');
  });

  it('assigns alarms by account id in the name or tenant id prefix', () => {
    const base = { state: 'ALARM' as const, accountIds: [] };
    const m = assignAlarms(
      [
        { ...base, name: 'acme-prod-5xx' },
        { ...base, name: 'acme-5xx' },
        { ...base, name: 'latency-222222222222' },
        { ...base, name: 'other' },
      ],
      [
        { tenantId: 'acme', accountId: '111111111111' },
        { tenantId: 'acme-prod', accountId: '222222222222' },
      ],
    );
    expect(m.get('acme')!.map(a => a.name)).toEqual(['acme-5xx']);
    expect(m.get('acme-prod')!.map(a => a.name)).toEqual([
      'acme-prod-5xx',
      'latency-222222222222',
    ]);
  });
});

describe('fetchHealth', () => {
  it('reads N × M series in one 7-day window at 3,600 s plus the alarms, and decides status', async () => {
    cw.on(GetMetricDataCommand).callsFake(input => ({
      MetricDataResults: input.MetricDataQueries.map(
        (q: { Id: string; AccountId: string }) => ({
          Id: q.Id,
          StatusCode: 'Complete',
          // t5's account had 11 errors (no invocations) in the hour to 13:00, none since
          Timestamps:
            q.AccountId === acct(5)
              ? [
                  new Date('2025-07-01T12:00:00Z'),
                  new Date('2025-07-01T13:00:00Z'),
                ]
              : [new Date('2025-07-01T13:00:00Z')],
          Values: q.AccountId === acct(5) ? [11, 0] : [0],
        }),
      ),
    }));
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const tenants = Array.from({ length: 100 }, (_, i) => ({
      tenantId: `t${i}`,
      accountId: acct(i),
    }));
    const r = await fetchHealth(async () => client, {
      tenants,
      now: new Date('2025-07-01T14:20:00Z'),
    });
    // 800 series × 168 slots: 500 per call (84,000 datapoints) → 2 calls, 1 DescribeAlarms
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(2);
    expect(
      cw.commandCalls(GetMetricDataCommand)[0].args[0].input,
    ).toMatchObject({
      StartTime: new Date('2025-06-24T14:00:00Z'),
      EndTime: new Date('2025-07-01T14:00:00Z'),
    });
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);
    expect(r.get('t5')).toMatchObject({
      status: 'healthy',
      reason: 'No errors in the last hour',
    });
    const t5 = expandHealth(r.get('t5')!);
    expect(t5.series7d[0].points).toHaveLength(168);
    expect(t5.series24h[0].points).toHaveLength(24);
    expect(t5.series24h[0].points[0]).toEqual({
      timestamp: '2025-06-30T14:00:00.000Z',
      value: null,
    });
    expect(t5.series24h[0].points.slice(22)).toEqual([
      { timestamp: '2025-07-01T12:00:00.000Z', value: 11 },
      { timestamp: '2025-07-01T13:00:00.000Z', value: 0 },
    ]);
    expect(t5.series7d[0].points[167]).toEqual(t5.series24h[0].points[23]);
  });
});
