import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  InvalidParameterValueException,
  ListMetricsCommand,
  MetricAlarm,
  MetricDataQuery,
  ValidationException,
} from '@aws-sdk/client-cloudwatch';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';
import { toDataAccount } from '../../core/accountDirectory';
import { buildMetricProfile } from './metricModel';

jest.setTimeout(30_000);

const NOW = Date.parse('2026-03-15T12:00:00.000Z');
const HOUR = 3_600_000;

function query(
  id: string,
  accountId: string,
  metricName: string,
  stat = 'Sum',
  period = 300,
  namespace = 'AWS/Lambda',
): MetricDataQuery {
  return {
    Id: id,
    AccountId: accountId,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: [] },
      Period: period,
      Stat: stat,
    },
  };
}

describe('CloudWatch (monitoring account)', () => {
  let t: DataTestSandbox;
  let tenants: { id: string; idle: number; trouble?: string }[];
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 40, seed: 5 });
    tenants = t.sandbox.state.org.tenantAccounts().map(a => {
      const p = buildMetricProfile(5, toDataAccount(a, '000000000000'));
      return { id: a.id, idle: p.idleShare, trouble: p.trouble };
    });
  });
  afterAll(() => t.destroy());

  it('omits periods without data: an idle account has gaps, never zeros', async () => {
    const idle = tenants.find(x => x.idle > 0.3 && x.idle < 1)!;
    const res = await t.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 24 * HOUR),
        EndTime: new Date(NOW),
        MetricDataQueries: [query('inv', idle.id, 'Invocations', 'Sum', 3600)],
      }),
    );
    const [r] = res.MetricDataResults!;
    expect(r.StatusCode).toBe('Complete');
    expect(r.Timestamps!.length).toBeGreaterThan(0);
    expect(r.Timestamps!.length).toBeLessThan(24);
    expect(r.Values!.every(v => v > 0)).toBe(true);
    // Newest first by default, on whole hours.
    const ts = r.Timestamps!.map(d => d.getTime());
    expect([...ts].sort((a, b) => b - a)).toEqual(ts);
    expect(ts.every(x => x % HOUR === 0)).toBe(true);
  });

  it('answers ScanBy TimestampAscending and a tenant in trouble shows errors', async () => {
    const troubled = tenants.find(x => x.trouble === 'errors' && x.idle < 0.3)!;
    const res = await t.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - HOUR),
        EndTime: new Date(NOW),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          query('err', troubled.id, 'Errors'),
          query('inv', troubled.id, 'Invocations'),
        ],
      }),
    );
    const [err, inv] = res.MetricDataResults!;
    const ts = err.Timestamps!.map(d => d.getTime());
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    const rate =
      err.Values!.reduce((a, b) => a + b, 0) /
      inv.Values!.reduce((a, b) => a + b, 0);
    expect(rate).toBeGreaterThan(0.1);
  });

  it('pages with MaxDatapoints: PartialData + NextToken, merged pages equal one answer', async () => {
    const input: GetMetricDataCommandInput = {
      StartTime: new Date(NOW - 6 * HOUR),
      EndTime: new Date(NOW),
      MetricDataQueries: tenants
        .slice(0, 5)
        .map((x, i) => query(`q${i}`, x.id, 'Duration', 'p95', 300)),
    };
    const whole = await t.cloudWatch.send(new GetMetricDataCommand(input));
    const total = whole.MetricDataResults!.reduce(
      (a, r) => a + r.Values!.length,
      0,
    );
    expect(whole.NextToken).toBeUndefined();
    const merged = new Map<string, number[]>();
    let token: string | undefined;
    let pages = 0;
    let sawPartial = false;
    do {
      const page = await t.cloudWatch.send(
        new GetMetricDataCommand({
          ...input,
          MaxDatapoints: 50,
          NextToken: token,
        }),
      );
      pages++;
      const count = page.MetricDataResults!.reduce(
        (a, r) => a + r.Values!.length,
        0,
      );
      expect(count).toBeLessThanOrEqual(50);
      for (const r of page.MetricDataResults!) {
        merged.set(r.Id!, [...(merged.get(r.Id!) ?? []), ...r.Values!]);
        if (r.StatusCode === 'PartialData') sawPartial = true;
      }
      token = page.NextToken;
    } while (token);
    expect(pages).toBe(Math.ceil(total / 50));
    expect(sawPartial).toBe(true);
    for (const r of whole.MetricDataResults!)
      expect(merged.get(r.Id!)).toEqual(r.Values);
  });

  it('keeps 1-minute data 15 days, 5-minute data 63 days', async () => {
    const acct = tenants.find(x => x.idle < 0.1)!.id;
    const at = (days: number, period: number) =>
      t.cloudWatch
        .send(
          new GetMetricDataCommand({
            StartTime: new Date(NOW - days * 24 * HOUR),
            EndTime: new Date(NOW - days * 24 * HOUR + HOUR),
            MetricDataQueries: [query('q', acct, 'Invocations', 'Sum', period)],
          }),
        )
        .then(r => r.MetricDataResults![0].Values!.length);
    expect(await at(1, 60)).toBe(60);
    expect(await at(20, 60)).toBe(0);
    expect(await at(20, 300)).toBe(12);
    expect(await at(70, 300)).toBe(0);
    expect(await at(70, 3600)).toBe(1);
  });

  it('enforces 500 queries per call and MaxDatapoints ≤ 100,800', async () => {
    const queries = Array.from({ length: 501 }, (_, i) =>
      query(`q${i}`, tenants[i % tenants.length].id, 'Errors'),
    );
    const err = await t.cloudWatch
      .send(
        new GetMetricDataCommand({
          StartTime: new Date(NOW - HOUR),
          EndTime: new Date(NOW),
          MetricDataQueries: queries,
        }),
      )
      .catch(e => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toContain(
      'Member must have length less than or equal to 500',
    );
    const ok = await t.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - HOUR),
        EndTime: new Date(NOW),
        MetricDataQueries: queries.slice(0, 500),
      }),
    );
    expect(ok.MetricDataResults).toHaveLength(500);
    await expect(
      t.cloudWatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(NOW - HOUR),
          EndTime: new Date(NOW),
          MaxDatapoints: 100_801,
          MetricDataQueries: queries.slice(0, 1),
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('pages DescribeAlarms (MaxRecords ≤ 100) in name order, with StateValue filter', async () => {
    const all: MetricAlarm[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await t.cloudWatch.send(
        new DescribeAlarmsCommand({ MaxRecords: 25, NextToken: token }),
      );
      expect(page.MetricAlarms!.length).toBeLessThanOrEqual(25);
      all.push(...page.MetricAlarms!);
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(all.length / 25));
    const names = all.map(a => a.AlarmName!);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
    const tenantIds = new Set(tenants.map(x => x.id));
    expect(all.every(a => tenantIds.has(a.Metrics![0].AccountId!))).toBe(true);
    const states = new Set(all.map(a => a.StateValue));
    expect([...states].sort()).toEqual(['ALARM', 'INSUFFICIENT_DATA', 'OK']);
    const alarming = await t.cloudWatch.send(
      new DescribeAlarmsCommand({ StateValue: 'ALARM', MaxRecords: 100 }),
    );
    expect(alarming.MetricAlarms!.map(a => a.AlarmName)).toEqual(
      all.filter(a => a.StateValue === 'ALARM').map(a => a.AlarmName),
    );
    await expect(
      t.cloudWatch.send(new DescribeAlarmsCommand({ MaxRecords: 101 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('less than or equal to 100'),
    });
  });

  it('lists the metrics of linked accounts with their owning accounts', async () => {
    const owner = tenants[2].id;
    const res = await t.cloudWatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/ApiGateway',
        IncludeLinkedAccounts: true,
        OwningAccount: owner,
      }),
    );
    expect(
      res.Metrics!.map(m => `${m.MetricName}:${m.Dimensions!.length}`),
    ).toEqual([
      '5XXError:0',
      '5XXError:1',
      'Count:0',
      'Count:1',
      'Latency:0',
      'Latency:1',
    ]);
    expect(res.OwningAccounts).toEqual(Array(6).fill(owner));
    const own = await t.cloudWatch.send(new ListMetricsCommand({}));
    expect(own.Metrics).toEqual([]);
  });
});
