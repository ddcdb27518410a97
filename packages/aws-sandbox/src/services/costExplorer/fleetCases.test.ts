import {
  DataUnavailableException,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
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
import { unattributedRecord } from './unattributed';

jest.setTimeout(60_000);

const cents = (amount: string | undefined) => Math.round(Number(amount) * 100);

async function pages(t: DataTestSandbox, input: GetCostAndUsageCommandInput) {
  const out = [];
  let token: string | undefined;
  do {
    const page = await t.costExplorer.send(
      new GetCostAndUsageCommand({ ...input, NextPageToken: token }),
    );
    out.push(page);
    token = page.NextPageToken;
  } while (token);
  return out;
}

describe('Cost Explorer fleet cases', () => {
  let t: DataTestSandbox;
  beforeAll(async () => {
    t = await startDataSandbox({
      tenants: 8,
      seed: 7,
      clock: '2026-12-04T10:00:00.000Z',
    });
  });
  afterAll(() => t.destroy());

  it('the total is the total: groups by LINKED_ACCOUNT add to less than the ungrouped total in the months with charges of no linked account', async () => {
    const base = {
      TimePeriod: { Start: '2025-12-01', End: '2026-12-01' },
      Granularity: 'MONTHLY' as const,
      Metrics: ['AmortizedCost'],
    };
    const total = await t.costExplorer.send(new GetCostAndUsageCommand(base));
    const grouped = await pages(t, {
      ...base,
      GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
    });
    const byService = await pages(t, {
      ...base,
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    });
    const sums = (ps: typeof grouped) => {
      const m = new Map<string, number>();
      for (const p of ps)
        for (const r of p.ResultsByTime!)
          for (const g of r.Groups!)
            m.set(
              r.TimePeriod!.Start!,
              (m.get(r.TimePeriod!.Start!) ?? 0) +
                cents(g.Metrics!.AmortizedCost.Amount),
            );
      return m;
    };
    const accountSums = sums(grouped);
    const serviceSums = sums(byService);
    const gaps: Record<string, number> = {};
    for (const r of total.ResultsByTime!) {
      const start = r.TimePeriod!.Start!;
      const t0 = cents(r.Total!.AmortizedCost.Amount);
      // Groups by another dimension still add to the total.
      expect(serviceSums.get(start)).toBe(t0);
      gaps[start] = t0 - accountSums.get(start)!;
    }
    // The gap of each month is exactly the line item of no linked account that month.
    const seed = t.sandbox.options.seed;
    const expected: Record<string, number> = {};
    for (const start of Object.keys(gaps)) {
      const first = Date.parse(`${start}T00:00:00Z`) / 86_400_000;
      let gap = 0;
      for (let d = first; d < first + 31; d++) {
        if (
          new Date(d * 86_400_000).toISOString().slice(0, 7) !==
          start.slice(0, 7)
        )
          break;
        gap += unattributedRecord(seed, d)?.amortized ?? 0;
      }
      expected[start] = gap;
    }
    expect(gaps).toEqual(expected);
    const withGap = Object.values(gaps).filter(g => g > 0).length;
    expect(withGap).toBeGreaterThan(0);
    expect(withGap).toBeLessThan(12);
    // Seed 7: 22.22 in 2026-01, 38.87 in 2026-03, … and none in 2026-02.
    expect(gaps['2026-01-01']).toBe(2222);
    expect(gaps['2026-03-01']).toBe(3887);
    expect(gaps['2026-02-01']).toBe(0);
    // A query narrowed to accounts never carries the unattributed line item.
    const ids = [
      ...new Set(
        grouped.flatMap(p =>
          p.ResultsByTime!.flatMap(r => r.Groups!.map(g => g.Keys![0])),
        ),
      ),
    ];
    const narrowed = await t.costExplorer.send(
      new GetCostAndUsageCommand({
        ...base,
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ids } },
      }),
    );
    for (const r of narrowed.ResultsByTime!) {
      expect(cents(r.Total!.AmortizedCost.Amount)).toBe(
        accountSums.get(r.TimePeriod!.Start!),
      );
    }
  });

  it('a new account has no billing data yet: created 2026-12-04, on 2026-12-05 a query filtered to it answers DataUnavailableException and the groups omit it', async () => {
    const org = new OrganizationsClient({
      endpoint: t.sandbox.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      maxAttempts: 1,
    });
    try {
      const created = await org.send(
        new CreateAccountCommand({
          AccountName: 'Tenant december',
          Email: 'aws+december@saas-example.com',
        }),
      );
      const status = await org.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: created.CreateAccountStatus!.Id!,
        }),
      );
      const id = status.CreateAccountStatus!.AccountId!;
      t.sandbox.clock.set('2026-12-05T09:00:00.000Z');
      const input = {
        TimePeriod: { Start: '2026-12-01', End: '2026-12-06' },
        Granularity: 'DAILY' as const,
        Metrics: ['AmortizedCost'],
      };
      await expect(
        t.costExplorer.send(
          new GetCostAndUsageCommand({
            ...input,
            Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [id] } },
          }),
        ),
      ).rejects.toBeInstanceOf(DataUnavailableException);
      const grouped = await pages(t, {
        ...input,
        GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
      });
      const keys = grouped.flatMap(p =>
        p.ResultsByTime!.flatMap(r => r.Groups!.map(g => g.Keys![0])),
      );
      expect(keys.length).toBeGreaterThan(0);
      expect(keys).not.toContain(id);
      // Today's point is provisional: Estimated.
      expect(grouped[0].ResultsByTime!.map(r => r.Estimated)).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
    } finally {
      org.destroy();
    }
  });
});
