import {
  GetCostAndUsageCommand,
  LimitExceededException,
} from '@aws-sdk/client-cost-explorer';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../billing/__testUtils__/sdkTestClients';

jest.setTimeout(30_000);

describe('billing and observability services: metering and faults', () => {
  let t: DataTestSandbox;
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 5 });
  });
  afterAll(() => t.destroy());

  it('meters calls and answers Cost Explorer throttling as LimitExceededException, CloudWatch as Throttling', async () => {
    t.sandbox.resetStats();
    t.sandbox.faults.add({
      kind: 'throttle',
      service: 'CostExplorer',
      operation: 'GetCostAndUsage',
      count: 1,
    });
    t.sandbox.faults.add({
      kind: 'throttle',
      service: 'monitoring',
      operation: 'DescribeAlarms',
      count: 1,
    });
    const input = {
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    await expect(
      t.costExplorer.send(new GetCostAndUsageCommand(input)),
    ).rejects.toBeInstanceOf(LimitExceededException);
    const ok = await t.costExplorer.send(new GetCostAndUsageCommand(input));
    expect(ok.ResultsByTime).toHaveLength(1);
    await expect(
      t.cloudWatch.send(new DescribeAlarmsCommand({})),
    ).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    const stats = t.sandbox.stats();
    expect(stats.calls['CostExplorer.GetCostAndUsage']).toBe(2);
    expect(stats.calls['CloudWatch.DescribeAlarms']).toBe(1);
    expect(stats.throttled).toBe(2);
  });
});
