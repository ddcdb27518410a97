import {
  DataUnavailableException,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  GetDimensionValuesCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';
import { buildCostProfile } from './costModel';
import { toDataAccount } from '../../core/accountDirectory';

jest.setTimeout(30_000);

const cents = (amount: string | undefined) => Math.round(Number(amount) * 100);

describe('Cost Explorer: new accounts, forecasts, dimension values, tags, determinism', () => {
  let t: DataTestSandbox;
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 20, seed: 7 });
  });
  afterAll(() => t.destroy());

  it('answers DataUnavailableException for an account vended moments ago, then its data from its creation', async () => {
    const org = new OrganizationsClient({
      endpoint: t.sandbox.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      maxAttempts: 1,
    });
    try {
      const created = await org.send(
        new CreateAccountCommand({
          AccountName: 'Tenant fresh',
          Email: 'aws+fresh@saas-example.com',
        }),
      );
      const status = await org.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: created.CreateAccountStatus!.Id!,
        }),
      );
      expect(status.CreateAccountStatus!.State).toBe('SUCCEEDED');
      const fresh = { id: status.CreateAccountStatus!.AccountId! };
      const input = {
        TimePeriod: { Start: '2026-03-01', End: '2026-03-16' },
        Granularity: 'DAILY' as const,
        Metrics: ['UnblendedCost'],
        Filter: {
          Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: [fresh.id] },
        },
      };
      await expect(
        t.costExplorer.send(new GetCostAndUsageCommand(input)),
      ).rejects.toBeInstanceOf(DataUnavailableException);
      t.sandbox.clock.advance(10 * 86_400_000);
      const res = await t.costExplorer.send(
        new GetCostAndUsageCommand({
          ...input,
          TimePeriod: { Start: '2026-03-01', End: '2026-03-26' },
        }),
      );
      const withData = res
        .ResultsByTime!.filter(r => r.Total!.UnblendedCost.Amount !== '0.00')
        .map(r => r.TimePeriod!.Start!);
      expect(withData.length).toBeGreaterThan(0);
      expect(withData[0] > '2026-03-15').toBe(true);
    } finally {
      t.sandbox.clock.set('2026-03-15T12:00:00.000Z');
      org.destroy();
    }
  });

  it('forecasts whole cents whose periods add up to the Total, and lists dimension values and tags', async () => {
    const forecast = await t.costExplorer.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: '2026-03-15', End: '2026-05-01' },
        Granularity: 'MONTHLY',
        Metric: 'UNBLENDED_COST',
      }),
    );
    expect(
      forecast.ForecastResultsByTime!.map(r => r.TimePeriod!.Start),
    ).toEqual(['2026-03-15', '2026-04-01']);
    const sum = forecast.ForecastResultsByTime!.reduce(
      (a, r) => a + cents(r.MeanValue),
      0,
    );
    expect(sum).toBe(cents(forecast.Total!.Amount));
    await expect(
      t.costExplorer.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: '2026-03-01', End: '2026-04-01' },
          Granularity: 'MONTHLY',
          Metric: 'UNBLENDED_COST',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });

    const accounts = await t.costExplorer.send(
      new GetDimensionValuesCommand({
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Dimension: 'LINKED_ACCOUNT',
      }),
    );
    // Accounts whose first billed day (a few days after joining) is before 2026-03-01.
    const march = Date.UTC(2026, 2, 1) / 86_400_000;
    const billed = t.sandbox.state.org
      .accounts()
      .filter(
        a =>
          buildCostProfile(7, toDataAccount(a, '000000000000')).dataStart <
          march,
      );
    expect(accounts.TotalSize).toBe(billed.length);
    expect(accounts.DimensionValues!.map(v => v.Value)).toEqual(
      billed.map(a => a.id).sort(),
    );
    const records = await t.costExplorer.send(
      new GetDimensionValuesCommand({
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Dimension: 'RECORD_TYPE',
      }),
    );
    expect(records.DimensionValues!.map(v => v.Value)).toContain('Tax');

    const tags = await t.costExplorer.send(
      new ListCostAllocationTagsCommand({ Status: 'Active' }),
    );
    expect(tags.CostAllocationTags!.map(x => x.TagKey)).toEqual([
      'tenant',
      'tier',
    ]);
  });

  it('gives byte-identical answers for the same seed', async () => {
    const other = await startDataSandbox({ tenants: 20, seed: 7 });
    try {
      const input = {
        TimePeriod: { Start: '2026-01-01', End: '2026-03-01' },
        Granularity: 'MONTHLY' as const,
        Metrics: ['UnblendedCost', 'UsageQuantity'],
        GroupBy: [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }],
      };
      const a = await t.costExplorer.send(new GetCostAndUsageCommand(input));
      const b = await other.costExplorer.send(
        new GetCostAndUsageCommand(input),
      );
      expect(JSON.stringify(a.ResultsByTime)).toBe(
        JSON.stringify(b.ResultsByTime),
      );
    } finally {
      await other.destroy();
    }
  });
});
