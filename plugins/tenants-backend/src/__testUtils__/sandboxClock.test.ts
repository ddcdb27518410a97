/**
 * One clock for both sides: tests that fake `Date` and run the sandbox in this process must
 * see the sandbox's HTTP `Date` header follow the faked clock. Otherwise the SDK measures
 * months of clock skew on every error answer, marks the error `clockSkewCorrected` and retries
 * it, so a non-retryable error (AccessDeniedException, DataUnavailableException) is seen two
 * or three times and the tests cannot tell a retried error from a non-retried one.
 */
import { ConfigReader } from '@backstage/config';
import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { RunningSandbox, startSandbox } from '@tenancy/aws-sandbox';
import { DefaultAwsClientFactory } from '@tenancy/plugin-tenants-node';
import { fakeDateOnly } from './fakeDateOnly';

/** Months before the machine's real clock, so a header from the real clock would be skewed. */
const NOW = new Date('2026-03-15T12:00:00.000Z');
const MAX_ATTEMPTS = 4;

describe('in-process sandbox with a faked clock: one clock for both sides', () => {
  let sandbox: RunningSandbox;
  let clients: DefaultAwsClientFactory;

  beforeAll(async () => {
    // Only Date is faked (and stands still at NOW); timers stay real for HTTP and backoff.
    fakeDateOnly(NOW);
    sandbox = await startSandbox({ port: 0, seed: 1, tenants: 20, clock: NOW });
    clients = DefaultAwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
        },
        tenancy: {
          aws: {
            endpoint: sandbox.endpoint,
            region: 'us-east-1',
            managementAccountId: '000000000000',
            monitoringAccountId: '000000000001',
            securityAccountId: '000000000002',
            maxAttempts: MAX_ATTEMPTS,
            retryBaseDelayMs: 5,
          },
        },
      }),
    );
  });
  afterAll(async () => {
    await sandbox?.stop();
    jest.useRealTimers();
  });
  beforeEach(() => {
    sandbox.faults.clear();
    sandbox.resetStats();
  });

  const attempts = (call: string) => sandbox.stats().calls[call] ?? 0;

  it('the sandbox Date header is the faked clock, not the real one', async () => {
    const res = await fetch(`${sandbox.endpoint}/_sandbox/health`);
    expect(res.headers.get('date')).toBe('Sun, 15 Mar 2026 12:00:00 GMT');
    expect(new Date().toISOString()).toBe('2026-03-15T12:00:00.000Z');
  });

  it('DataUnavailableException (a new account without billing data) is seen once: 1 attempt', async () => {
    const organizations = await clients.organizations();
    const created = await organizations.send(
      new CreateAccountCommand({
        AccountName: 'tenant-clock-check',
        Email: 'aws+tenant-clock-check@saas-example.com',
      }),
    );
    expect(created.CreateAccountStatus?.State).toBe('IN_PROGRESS');
    const accountId = sandbox.state.org
      .accounts()
      .find(a => a.name === 'tenant-clock-check')?.id;
    // CreateAccount finishes on the next call (no simulated duration in tests).
    const ce = await clients.costExplorer();
    const request = (account: string) =>
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-03-01', End: '2026-03-15' },
        Granularity: 'DAILY',
        Metrics: ['AmortizedCost'],
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [account] } },
      });
    sandbox.resetStats();
    const error = await ce
      .send(request(accountId ?? '999999999999'))
      .catch(e => e);
    expect(error.name).toBe('DataUnavailableException');
    expect(error.$metadata.attempts).toBe(1);
    expect(error.$metadata.clockSkewCorrected).toBeUndefined();
    expect(attempts('CostExplorer.GetCostAndUsage')).toBe(1);
  });

  it('AccessDeniedException (GuardDuty ListDetectors, HTTP 403) is seen once: 1 attempt', async () => {
    sandbox.faults.add({
      kind: 'error',
      service: 'GuardDuty',
      operation: 'ListDetectors',
      code: 'AccessDeniedException',
      httpStatus: 403,
    });
    const guardDuty = await clients.guardDuty();
    const error = await guardDuty
      .send(new ListDetectorsCommand({}))
      .catch(e => e);
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.$metadata.attempts).toBe(1);
    expect(attempts('GuardDuty.ListDetectors')).toBe(1);
  });

  it('throttling is retried: 2 throttles then success = 3 attempts; endless throttling = 4 attempts (maxAttempts)', async () => {
    const cloudWatch = await clients.cloudWatch();
    const request = () =>
      new GetMetricDataCommand({
        StartTime: new Date('2026-03-15T11:00:00Z'),
        EndTime: NOW,
        MetricDataQueries: [
          {
            Id: 'inv',
            AccountId: sandbox.state.org.tenantAccounts()[0].id,
            MetricStat: {
              Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' },
              Period: 3600,
              Stat: 'Sum',
            },
          },
        ],
      });
    sandbox.faults.add({ kind: 'throttle', service: 'CloudWatch', count: 2 });
    const ok = await cloudWatch.send(request());
    expect(ok.$metadata.attempts).toBe(3);
    expect(attempts('CloudWatch.GetMetricData')).toBe(3);

    sandbox.faults.clear();
    sandbox.resetStats();
    sandbox.faults.add({ kind: 'throttle', service: 'CloudWatch', count: 100 });
    const error = await cloudWatch.send(request()).catch(e => e);
    expect(error.name).toBe('Throttling');
    expect(error.$metadata.attempts).toBe(MAX_ATTEMPTS);
    expect(attempts('CloudWatch.GetMetricData')).toBe(MAX_ATTEMPTS);
  });
});
