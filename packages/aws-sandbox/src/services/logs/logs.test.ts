import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';
import { errorOf } from '../../__testUtils__/testSandbox';
import { MONITORING_ACCOUNT_ID } from '../../core/organization/organization';

jest.setTimeout(30_000);

const NOW = Date.parse('2026-03-15T12:00:00.000Z');
/** Rows and statistics of the ERROR query over the troubled tenant's hour, half scanned and whole. */
const PARTIAL_ROWS = 781;
const PARTIAL_STATISTICS = {
  recordsMatched: 781,
  recordsScanned: 901,
  bytesScanned: 202934,
};
const ALL_ROWS = 1685;
const RECENT = [
  'fields @timestamp, @log, requestId, message',
  'filter level = "ERROR"',
  'sort @timestamp desc',
  'limit 50',
].join('\n| ');

describe('CloudWatch Logs (monitoring account, cross-account observability)', () => {
  let t: DataTestSandbox;
  let logs: CloudWatchLogsClient;
  const clientFor = async (accountId: string) =>
    new CloudWatchLogsClient({
      endpoint: t.sandbox.endpoint,
      region: 'us-east-1',
      credentials: await t.credentialsFor(accountId),
      maxAttempts: 1,
    });

  beforeAll(async () => {
    t = await startDataSandbox({
      tenants: 40,
      seed: 5,
      durations: { logsQueryScheduledMs: 1_000, logsQueryRunMs: 2_000 },
      limits: { logsConcurrentQueries: 3 },
    });
    logs = await clientFor(MONITORING_ACCOUNT_ID);
  });
  afterAll(async () => {
    logs.destroy();
    await t.destroy();
  });
  /** Each test starts 10 h after the last (the clock never goes back under running queries). */
  let base = NOW;
  beforeEach(() => {
    base += 10 * 3_600_000;
    t.sandbox.clock.set(base);
  });

  const tenant = (i: number) => t.sandbox.state.org.tenantAccounts()[i];
  const groupsOf = async (accountId: string) =>
    (
      await logs.send(
        new DescribeLogGroupsCommand({
          includeLinkedAccounts: true,
          accountIdentifiers: [accountId],
        }),
      )
    ).logGroups!;

  /** Starts a query and moves the clock past its run (1 s Scheduled + 2 s Running). */
  async function runToEnd(arns: string[], queryString: string, limit = 50) {
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupIdentifiers: arns,
        startTime: NOW / 1000 - 3600,
        endTime: NOW / 1000,
        queryString,
        limit,
      }),
    );
    t.sandbox.clock.set(base + 3_000);
    return logs.send(new GetQueryResultsCommand({ queryId }));
  }

  /** Index 30 of seed 5: an ACTIVE tenant in error trouble, 4 functions, us-east-1 only. */
  const TROUBLED = 30;
  /** Index 28: another tenant in error trouble (us-east-1 and us-west-2). */
  const OTHER = 28;

  it("lists a source account's log groups only with includeLinkedAccounts, ARNs in the source account", async () => {
    const a = tenant(TROUBLED);
    const own = await logs.send(new DescribeLogGroupsCommand({}));
    expect(own.logGroups).toEqual([]);
    const groups = await groupsOf(a.id);
    expect(groups.map(g => g.logGroupName)).toEqual([
      '/aws/lambda/juniper-telecom-api',
      '/aws/lambda/juniper-telecom-events',
      '/aws/lambda/juniper-telecom-scheduler',
      '/aws/lambda/juniper-telecom-worker',
    ]);
    expect(groups[0].logGroupArn).toBe(
      `arn:aws:logs:us-east-1:${a.id}:log-group:/aws/lambda/juniper-telecom-api`,
    );
    expect(groups[0].arn).toBe(`${groups[0].logGroupArn}:*`);
    const all = await logs.send(
      new DescribeLogGroupsCommand({ includeLinkedAccounts: true }),
    );
    expect(all.logGroups!.length).toBe(50);
    expect(all.nextToken).toBeDefined();
  });

  it('goes Scheduled → Running → Complete over simulated time, with statistics', async () => {
    const arns = (await groupsOf(tenant(TROUBLED).id)).map(g => g.logGroupArn!);
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupIdentifiers: arns,
        startTime: NOW / 1000 - 3600,
        endTime: NOW / 1000,
        queryString: RECENT,
      }),
    );
    const status = async () =>
      (await logs.send(new GetQueryResultsCommand({ queryId }))).status;
    expect(await status()).toBe('Scheduled');
    t.sandbox.clock.set(base + 1_000);
    expect(await status()).toBe('Running');
    t.sandbox.clock.set(base + 3_000);
    const done = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(done.status).toBe('Complete');
    expect(done.statistics).toEqual({
      recordsMatched: 1685,
      recordsScanned: 1925,
      bytesScanned: 432355,
    });
    expect(done.results!.length).toBe(50);
    expect(done.results![0].filter(f => f.field !== '@ptr')).toEqual([
      { field: '@timestamp', value: '2026-03-15 11:59:53.124' },
      {
        field: '@log',
        value: `${tenant(TROUBLED).id}:/aws/lambda/juniper-telecom-api`,
      },
      { field: 'requestId', value: '0982e2bc-8fc3-5c25-52fa-b89c82d5da7b' },
      {
        field: 'message',
        value: 'UpstreamError: Payment provider answered 502 Bad Gateway',
      },
    ]);
  });

  it('answers the rows found so far while Running, and those found before a StopQuery once Cancelled', async () => {
    const arns = (await groupsOf(tenant(TROUBLED).id)).map(g => g.logGroupArn!);
    const start = async () =>
      (
        await logs.send(
          new StartQueryCommand({
            logGroupIdentifiers: arns,
            startTime: NOW / 1000 - 3600,
            endTime: NOW / 1000,
            queryString: 'fields @timestamp, message | filter level = "ERROR"',
            limit: 10_000,
          }),
        )
      ).queryId!;
    const results = (queryId: string) =>
      logs.send(new GetQueryResultsCommand({ queryId }));
    const [running, stopped] = [await start(), await start()];
    const scheduled = await results(running);
    expect([scheduled.status, scheduled.results]).toEqual(['Scheduled', []]);
    t.sandbox.clock.set(base + 2_000); // halfway through the 2 s run
    const half = await results(running);
    expect([half.status, half.results!.length, half.statistics]).toEqual([
      'Running',
      PARTIAL_ROWS,
      PARTIAL_STATISTICS,
    ]);
    await logs.send(new StopQueryCommand({ queryId: stopped }));
    t.sandbox.clock.set(base + 3_000);
    const cancelled = await results(stopped);
    expect([cancelled.status, cancelled.results]).toEqual([
      'Cancelled',
      half.results,
    ]);
    const done = await results(running);
    expect([done.status, done.results!.length]).toEqual(['Complete', ALL_ROWS]);
  });

  it("has one ERROR line per error of the function's Errors metric (Sum at 60 s)", async () => {
    const a = tenant(TROUBLED);
    const arn = `arn:aws:logs:us-east-1:${a.id}:log-group:/aws/lambda/juniper-telecom-api`;
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupIdentifiers: [arn],
        startTime: NOW / 1000 - 120,
        endTime: NOW / 1000 - 60,
        queryString:
          'filter level = "ERROR"\n| stats count(*) as errors by errorType',
      }),
    );
    t.sandbox.clock.set(base + 3_000);
    const res = await logs.send(new GetQueryResultsCommand({ queryId }));
    const metric = await t.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 120_000),
        EndTime: new Date(NOW - 60_000),
        MetricDataQueries: [
          {
            Id: 'e',
            AccountId: a.id,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Errors',
                Dimensions: [
                  { Name: 'FunctionName', Value: 'juniper-telecom-api' },
                ],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    const lines = res.results!.reduce(
      (n, row) => n + Number(row.find(f => f.field === 'errors')!.value),
      0,
    );
    expect(metric.MetricDataResults![0].Values).toEqual([lines]);
    expect(lines).toBe(24);
  });

  it("a query over one tenant's log groups never returns another tenant's lines", async () => {
    const a = tenant(TROUBLED);
    const b = tenant(OTHER);
    const arns = (await groupsOf(a.id)).map(g => g.logGroupArn!);
    const res = await runToEnd(
      arns,
      RECENT.replace('limit 50', 'limit 10000'),
      10_000,
    );
    const logsOf = res.results!.map(
      r => r.find(f => f.field === '@log')!.value!,
    );
    expect(logsOf.length).toBe(1685);
    expect(
      logsOf.every(l => l.startsWith(`${a.id}:/aws/lambda/juniper-telecom-`)),
    ).toBe(true);
    expect(
      logsOf.some(l => l.includes(b.id) || l.includes('falcon-wines')),
    ).toBe(false);
    // A source account cannot read another source account's log group.
    const own = await clientFor(a.id);
    const other = (await groupsOf(b.id))[0].logGroupArn!;
    const e = await errorOf(
      own.send(
        new StartQueryCommand({
          logGroupIdentifiers: [other],
          startTime: NOW / 1000 - 3600,
          endTime: NOW / 1000,
          queryString: RECENT,
        }),
      ),
    );
    own.destroy();
    expect([e.name, e.message]).toEqual([
      'ResourceNotFoundException',
      `Log group '${other}' does not exist.`,
    ]);
  });

  it('counts the top error messages with stats count(*) by message', async () => {
    const arns = (await groupsOf(tenant(TROUBLED).id)).map(g => g.logGroupArn!);
    const res = await runToEnd(
      arns,
      'filter level = "ERROR"\n| stats count(*) as occurrences by message\n| sort occurrences desc\n| limit 10',
    );
    const top = res.results!.map(r => r.map(f => f.value));
    expect(top).toEqual([
      [
        'TimeoutError: Connection to juniper-telecom-data timed out after 3000 ms',
        '857',
      ],
      [
        'ProvisionedThroughputExceededException: Rate of requests to juniper-telecom-data exceeds the allowed throughput',
        '524',
      ],
      ['UpstreamError: Payment provider answered 502 Bad Gateway', '304'],
    ]);
    expect(res.statistics!.recordsMatched).toBe(857 + 524 + 304);
  });

  it('answers AWS limits: 50 log groups per query, concurrent queries, StopQuery once', async () => {
    const arns = (await groupsOf(tenant(TROUBLED).id)).map(g => g.logGroupArn!);
    const start = (identifiers: string[]) =>
      logs.send(
        new StartQueryCommand({
          logGroupIdentifiers: identifiers,
          startTime: NOW / 1000 - 3600,
          endTime: NOW / 1000,
          queryString: RECENT,
        }),
      );
    const tooMany = await errorOf(start(Array(51).fill(arns[0])));
    expect([tooMany.name, tooMany.message]).toEqual([
      'InvalidParameterException',
      "1 validation error detected: Value at 'logGroupIdentifiers' failed to satisfy constraint: Member must have length less than or equal to 50",
    ]);
    t.sandbox.clock.set(base + 3_600_000);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await start(arns)).queryId!);
    const limit = await errorOf(start(arns));
    expect([limit.name, limit.message]).toEqual([
      'LimitExceededException',
      'Account maximum query concurrency limit of [3] reached.',
    ]);
    expect(
      (await logs.send(new StopQueryCommand({ queryId: ids[0] }))).success,
    ).toBe(true);
    expect(
      (await logs.send(new GetQueryResultsCommand({ queryId: ids[0] }))).status,
    ).toBe('Cancelled');
    const again = await errorOf(
      logs.send(new StopQueryCommand({ queryId: ids[0] })),
    );
    expect([again.name, again.message]).toEqual([
      'InvalidParameterException',
      `Query ${ids[0]} is not running (status Cancelled).`,
    ]);
    // The stopped query no longer counts.
    ids.push((await start(arns)).queryId!);
    t.sandbox.clock.set(base + 3_600_000 + 3_000);
    for (const id of ids.slice(1)) {
      await logs.send(new GetQueryResultsCommand({ queryId: id }));
    }
  });

  it('rejects what the sandbox cannot compile with MalformedQueryException and its location', async () => {
    const arns = (await groupsOf(tenant(TROUBLED).id)).map(g => g.logGroupArn!);
    const compile = (queryString: string) =>
      errorOf(
        logs.send(
          new StartQueryCommand({
            logGroupIdentifiers: arns,
            startTime: NOW / 1000 - 3600,
            endTime: NOW / 1000,
            queryString,
          }),
        ),
      );
    const parse = await compile('parse @message "* *" as a, b');
    expect([parse.name, parse.message, parse.queryCompileError]).toEqual([
      'MalformedQueryException',
      'The sandbox runs only fields, filter, sort, limit and stats count(*); parse is not supported',
      {
        location: { startCharOffset: 0, endCharOffset: 5 },
        message:
          'The sandbox runs only fields, filter, sort, limit and stats count(*); parse is not supported',
      },
    ]);
    const bad = await compile('fields @timestamp\n| filter level == "ERROR"');
    expect([bad.name, bad.message, bad.queryCompileError.location]).toEqual([
      'MalformedQueryException',
      'unexpected symbol found = at line 2 and position 16',
      { startCharOffset: 34, endCharOffset: 35 },
    ]);
  });
});
