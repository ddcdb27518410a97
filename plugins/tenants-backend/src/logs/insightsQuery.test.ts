import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  LimitExceededException,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { logsInsightsConsoleUrl } from './consoleUrl';
import { runInsightsQuery } from './insightsQuery';
import { recentErrorsQuery, topMessagesQuery } from './logsQueries';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-east-1' });
const ARN =
  'arn:aws:logs:us-east-1:592835691379:log-group:/aws/lambda/juniper-telecom-api';
const request = {
  region: 'us-east-1',
  logGroupArns: [ARN],
  queryString: recentErrorsQuery.queryString(50),
  startTime: 1773572400,
  endTime: 1773576000,
  limit: 50,
  timeoutMs: 60,
  pollIntervalMs: 10,
};

beforeEach(() => {
  logs.reset();
  logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
  logs.on(StopQueryCommand).resolves({ success: true });
});

describe('runInsightsQuery (docs/aws-behaviours/logs.md)', () => {
  it('polls until Complete and answers the rows as field → value', async () => {
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled', results: [] })
      .resolvesOnce({ status: 'Running', results: [] })
      .resolves({
        status: 'Complete',
        results: [
          [
            { field: '@timestamp', value: '2026-03-15 11:59:53.124' },
            { field: 'message', value: 'UpstreamError: 502' },
          ],
        ],
        statistics: { recordsMatched: 1, recordsScanned: 7, bytesScanned: 900 },
      });
    const result = await runInsightsQuery(client, {
      ...request,
      timeoutMs: 5_000,
    });
    expect(result).toEqual({
      queryId: 'q-1',
      status: 'Complete',
      rows: [
        {
          '@timestamp': '2026-03-15 11:59:53.124',
          message: 'UpstreamError: 502',
        },
      ],
      statistics: { recordsMatched: 1, recordsScanned: 7, bytesScanned: 900 },
    });
    expect(logs.commandCalls(GetQueryResultsCommand).length).toBe(3);
    expect(logs.commandCalls(StopQueryCommand).length).toBe(0);
    expect(logs.commandCalls(StartQueryCommand)[0].args[0].input).toEqual({
      logGroupIdentifiers: [ARN],
      startTime: 1773572400,
      endTime: 1773576000,
      queryString: request.queryString,
      limit: 50,
    });
  });

  it('stops a query still running at the deadline: StopQuery once, status TimedOut, the rows found so far kept', async () => {
    // AWS answers a Running query's rows found so far (the sandbox does too).
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Running',
      results: [[{ field: 'message', value: 'TimeoutError: upstream' }]],
      statistics: { recordsMatched: 1, recordsScanned: 9, bytesScanned: 512 },
    });
    const result = await runInsightsQuery(client, request);
    expect(result.status).toBe('TimedOut');
    expect([result.rows, result.statistics]).toEqual([
      [{ message: 'TimeoutError: upstream' }],
      { recordsMatched: 1, recordsScanned: 9, bytesScanned: 512 },
    ]);
    expect(result.queryId).toBe('q-1');
    expect(
      logs.commandCalls(StopQueryCommand).map(c => c.args[0].input),
    ).toEqual([{ queryId: 'q-1' }]);
  });

  it('stops the query once when the caller leaves', async () => {
    logs
      .on(GetQueryResultsCommand)
      .resolves({ status: 'Running', results: [] });
    const leave = new AbortController();
    const running = runInsightsQuery(client, {
      ...request,
      timeoutMs: 60_000,
      signal: leave.signal,
    });
    setTimeout(() => leave.abort(), 30);
    expect((await running).status).toBe('TimedOut');
    expect(
      logs.commandCalls(StopQueryCommand).map(c => c.args[0].input),
    ).toEqual([{ queryId: 'q-1' }]);
  });

  it('answers the concurrency limit with a clear 503 message', async () => {
    logs.on(StartQueryCommand).rejects(
      new LimitExceededException({
        message: 'Account maximum query concurrency limit of [100] reached.',
        $metadata: {},
      }),
    );
    await expect(runInsightsQuery(client, request)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'CloudWatch Logs Insights is running as many queries as the monitoring account may run at once in us-east-1 (AWS: "Account maximum query concurrency limit of [100] reached."). Queries from dashboards and the console count too. Try again in a minute.',
    });
    expect(logs.commandCalls(GetQueryResultsCommand).length).toBe(0);
  });
});

describe('the logs queries', () => {
  it('are real Logs Insights syntax over the JSON fields of Lambda logs', () => {
    expect(recentErrorsQuery.queryString(50)).toBe(
      'fields @timestamp, @log, requestId, message\n| filter level = "ERROR"\n| sort @timestamp desc\n| limit 50',
    );
    expect(topMessagesQuery.queryString(10)).toBe(
      'filter level = "ERROR"\n| stats count(*) as occurrences by message\n| sort occurrences desc\n| limit 10',
    );
  });

  it('merge regions: newest lines first; message counts summed', () => {
    expect(
      recentErrorsQuery.merge(
        [
          {
            region: 'us-east-1',
            rows: [
              {
                '@timestamp': '2026-03-15 11:58:00.000',
                '@log': '111111111111:/aws/lambda/a-api',
                message: 'old',
              },
            ],
          },
          {
            region: 'eu-central-1',
            rows: [
              {
                '@timestamp': '2026-03-15 11:59:00.000',
                '@log': '111111111111:/aws/lambda/a-api',
                message: 'new',
                requestId: 'r-1',
              },
            ],
          },
        ],
        1,
      ),
    ).toEqual([
      {
        timestamp: '2026-03-15T11:59:00.000Z',
        region: 'eu-central-1',
        logGroup: '/aws/lambda/a-api',
        message: 'new',
        requestId: 'r-1',
      },
    ]);
    expect(
      topMessagesQuery.merge(
        [
          { region: 'us-east-1', rows: [{ message: 'a', occurrences: '3' }] },
          {
            region: 'eu-central-1',
            rows: [
              { message: 'a', occurrences: '2' },
              { message: 'b', occurrences: '4' },
            ],
          },
        ],
        10,
      ),
    ).toEqual([
      { message: 'a', count: 5 },
      { message: 'b', count: 4 },
    ]);
  });

  it('link to the same query in the console of the monitoring account', () => {
    expect(
      logsInsightsConsoleUrl({
        region: 'us-east-1',
        query: topMessagesQuery.queryString(10),
        logGroupArns: [ARN],
        start: new Date('2026-03-15T11:00:00Z'),
        end: new Date('2026-03-15T12:00:00Z'),
      }),
    ).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights$3FqueryDetail$3D~(end~'2026-03-15T12*3a00*3a00.000Z~start~'2026-03-15T11*3a00*3a00.000Z~timeType~'ABSOLUTE~tz~'UTC~editorString~'filter*20level*20*3d*20*22ERROR*22*0a*7c*20stats*20count*28*2a*29*20as*20occurrences*20by*20message*0a*7c*20sort*20occurrences*20desc*0a*7c*20limit*2010~source~(~'arn*3aaws*3alogs*3aus-east-1*3a592835691379*3alog-group*3a*2faws*2flambda*2fjuniper-telecom-api))",
    );
  });
});
