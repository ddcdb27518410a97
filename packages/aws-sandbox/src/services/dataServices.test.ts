import {
  GetCostAndUsageCommand,
  LimitExceededException,
} from '@aws-sdk/client-cost-explorer';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { DescribeAggregateComplianceByConfigRulesCommand } from '@aws-sdk/client-config-service';
import {
  GetFindingsStatisticsCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../__testUtils__/dataSandbox';

jest.setTimeout(30_000);

describe('billing and observability services: metering, faults, determinism', () => {
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

  it('gives byte-identical answers for the same seed in every data service', async () => {
    const other = await startDataSandbox({ tenants: 5 });
    try {
      const answers = async (d: DataTestSandbox) => {
        const accounts = d.sandbox.state.org.tenantAccounts().map(a => a.id);
        const now = d.sandbox.clock.now().getTime();
        const metrics = await d.cloudWatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(now - 6 * 3_600_000),
            EndTime: new Date(now),
            MetricDataQueries: accounts.map((id, i) => ({
              Id: `q${i}`,
              AccountId: id,
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ApiGateway',
                  MetricName: 'Latency',
                  Dimensions: [],
                },
                Period: 300,
                Stat: 'p95',
              },
            })),
          }),
        );
        const alarms = await d.cloudWatch.send(
          new DescribeAlarmsCommand({ MaxRecords: 100 }),
        );
        const rules = await d.configService.send(
          new DescribeAggregateComplianceByConfigRulesCommand({
            ConfigurationAggregatorName: 'tenancy-organization',
          }),
        );
        const detector = (await d.guardDuty.send(new ListDetectorsCommand({})))
          .DetectorIds![0];
        const findings = await d.guardDuty.send(
          new GetFindingsStatisticsCommand({
            DetectorId: detector,
            GroupBy: 'ACCOUNT',
            MaxResults: 100,
          }),
        );
        return JSON.stringify([
          metrics.MetricDataResults,
          alarms.MetricAlarms,
          rules.AggregateComplianceByConfigRules,
          findings.FindingStatistics,
        ]);
      };
      const a = await answers(t);
      expect(a.length).toBeGreaterThan(1000);
      expect(await answers(other)).toBe(a);
    } finally {
      await other.destroy();
    }
  });
});
