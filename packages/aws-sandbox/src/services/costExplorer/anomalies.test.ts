import {
  DeleteAnomalyMonitorCommand,
  GetAnomaliesCommand,
  GetAnomalyMonitorsCommand,
  GetCostAndUsageCommand,
  UnknownMonitorException,
  paginateGetAnomalies,
} from '@aws-sdk/client-cost-explorer';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';

const EC2 = 'Amazon Elastic Compute Cloud - Compute';
/** Spikes of at least USD 1.00 in the 90 days before 2026-03-15 (seed 7, 20 tenants). */
const ANOMALIES = 186;

describe('Cost Explorer: Cost Anomaly Detection, usage types, month finalization', () => {
  let t: DataTestSandbox;
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 20, seed: 7 });
  });
  afterAll(() => t.destroy());

  it('has one AWS managed LINKED_ACCOUNT monitor, and pages GetAnomalies', async () => {
    const { AnomalyMonitors } = await t.costExplorer.send(
      new GetAnomalyMonitorsCommand({}),
    );
    expect(
      AnomalyMonitors!.map(m => [
        m.MonitorName,
        m.MonitorType,
        m.MonitorDimension,
        m.LastEvaluatedDate,
      ]),
    ).toEqual([
      [
        'Default-Linked-Account-Monitor',
        'DIMENSIONAL',
        'LINKED_ACCOUNT',
        '2026-03-15',
      ],
    ]);

    const interval = { StartDate: '2025-12-15', EndDate: '2026-03-15' };
    const pages = [];
    for await (const page of paginateGetAnomalies(
      { client: t.costExplorer, pageSize: 5 },
      { DateInterval: interval },
    ))
      pages.push(page);
    const anomalies = pages.flatMap(p => p.Anomalies ?? []);
    const first = await t.costExplorer.send(
      new GetAnomaliesCommand({ DateInterval: interval }),
    );
    expect(first.Anomalies!.length).toBe(100); // the default page
    expect(typeof first.NextPageToken).toBe('string');
    expect(anomalies.slice(0, 100).map(a => a.AnomalyId)).toEqual(
      first.Anomalies!.map(a => a.AnomalyId),
    );
    expect(new Set(anomalies.map(a => a.AnomalyId)).size).toBe(
      anomalies.length,
    );
    expect([anomalies.length, pages.length]).toEqual([
      ANOMALIES,
      Math.ceil(ANOMALIES / 5),
    ]);
    for (const a of anomalies) {
      expect(a.RootCauses![0].LinkedAccount).toBe(a.DimensionValue);
      expect(a.Impact!.TotalImpact).toBeGreaterThanOrEqual(1);
      expect(a.AnomalyEndDate! < '2026-03-15').toBe(true);
    }

    // The anomaly is the cost data's: its actual spend is the day's usage of that service.
    const a = anomalies.find(x => x.RootCauses![0].Service !== EC2)!;
    const cause = a.RootCauses![0];
    const day = await t.costExplorer.send(
      new GetCostAndUsageCommand({
        TimePeriod: {
          Start: a.AnomalyStartDate!,
          End: new Date(
            Date.parse(`${a.AnomalyStartDate}T00:00:00Z`) + 86_400_000,
          )
            .toISOString()
            .slice(0, 10),
        },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: {
          And: [
            {
              Dimensions: {
                Key: 'LINKED_ACCOUNT',
                Values: [cause.LinkedAccount!],
              },
            },
            { Dimensions: { Key: 'SERVICE', Values: [cause.Service!] } },
            { Dimensions: { Key: 'USAGE_TYPE', Values: [cause.UsageType!] } },
            { Dimensions: { Key: 'RECORD_TYPE', Values: ['Usage'] } },
          ],
        },
      }),
    );
    expect(Number(day.ResultsByTime![0].Total!.UnblendedCost.Amount)).toBe(
      a.Impact!.TotalActualSpend,
    );
    expect(
      Math.round(
        (a.Impact!.TotalActualSpend! - a.Impact!.TotalExpectedSpend!) * 100,
      ),
    ).toBe(Math.round(a.Impact!.TotalImpact! * 100));
  });

  it('groups by USAGE_TYPE with the region prefix AWS uses', async () => {
    const res = await t.costExplorer.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [
          { Type: 'DIMENSION', Key: 'REGION' },
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        ],
        Filter: {
          Dimensions: { Key: 'SERVICE', Values: ['EC2 - Other', 'AWS Lambda'] },
        },
      }),
    );
    const keys = [
      ...new Set(res.ResultsByTime![0].Groups!.map(g => g.Keys!.join(' '))),
    ];
    expect(keys.sort()).toEqual([
      'eu-central-1 EUC1-Lambda-GB-Second',
      'eu-west-1 EU-Lambda-GB-Second',
      'eu-west-1 EU-NatGateway-Hours',
      'us-east-1 Lambda-GB-Second',
      'us-east-1 NatGateway-Hours',
    ]);
  });

  it('marks a closed month Estimated until the 5th of the next month', async () => {
    const march = async () =>
      (
        await t.costExplorer.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: '2026-03-01', End: '2026-04-01' },
            Granularity: 'MONTHLY',
            Metrics: ['UnblendedCost'],
          }),
        )
      ).ResultsByTime![0].Estimated;
    const clock = t.sandbox.clock;
    try {
      clock.set('2026-04-04T23:59:00Z');
      expect(await march()).toBe(true);
      clock.set('2026-04-05T00:00:00Z');
      expect(await march()).toBe(false);
    } finally {
      clock.set('2026-03-15T12:00:00Z');
    }
  });

  it('answers no anomaly once the monitor is deleted, and UnknownMonitorException for its ARN', async () => {
    const { AnomalyMonitors } = await t.costExplorer.send(
      new GetAnomalyMonitorsCommand({}),
    );
    const arn = AnomalyMonitors![0].MonitorArn!;
    await t.costExplorer.send(
      new DeleteAnomalyMonitorCommand({ MonitorArn: arn }),
    );
    expect(
      (await t.costExplorer.send(new GetAnomalyMonitorsCommand({})))
        .AnomalyMonitors,
    ).toEqual([]);
    expect(
      (
        await t.costExplorer.send(
          new GetAnomaliesCommand({
            DateInterval: { StartDate: '2025-12-15' },
          }),
        )
      ).Anomalies,
    ).toEqual([]);
    await expect(
      t.costExplorer.send(
        new GetAnomaliesCommand({
          MonitorArn: arn,
          DateInterval: { StartDate: '2025-12-15' },
        }),
      ),
    ).rejects.toBeInstanceOf(UnknownMonitorException);
  });
});
