import {
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GetCostAndUsageCommandOutput,
  RequestChangedException,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';
import { CE_GROUPS_PER_PAGE } from './ceRequest';

// Generating a year of an organization's spend under a loaded CI machine takes a few seconds.
jest.setTimeout(30_000);

const cents = (amount: string | undefined) => Math.round(Number(amount) * 100);

/** Follows every page; returns the pages. */
async function allPages(
  t: DataTestSandbox,
  input: GetCostAndUsageCommandInput,
) {
  const pages: GetCostAndUsageCommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await t.costExplorer.send(
      new GetCostAndUsageCommand({ ...input, NextPageToken: token }),
    );
    pages.push(page);
    token = page.NextPageToken;
  } while (token);
  return pages;
}

/** Sum of a metric over groups per period start, in cents. */
function groupSums(pages: GetCostAndUsageCommandOutput[], metric: string) {
  const out = new Map<string, number>();
  for (const p of pages) {
    for (const r of p.ResultsByTime ?? []) {
      const start = r.TimePeriod!.Start!;
      const sum = (r.Groups ?? []).reduce(
        (a, g) => a + cents(g.Metrics![metric].Amount),
        0,
      );
      out.set(start, (out.get(start) ?? 0) + sum);
    }
  }
  return out;
}

describe('Cost Explorer', () => {
  let t: DataTestSandbox;
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 20, seed: 7 });
  });
  afterAll(() => t.destroy());

  it('answers Total {} when grouped, keys tag groups tenant$<value> and puts untagged spend under tenant$', async () => {
    const res = await t.costExplorer.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: 'tenant' }],
      }),
    );
    const [period] = res.ResultsByTime!;
    expect(period.Total).toEqual({});
    expect(period.Estimated).toBe(false);
    const keys = period.Groups!.map(g => g.Keys![0]);
    expect(keys).toContain('tenant$');
    const tenants = t.sandbox.state.org
      .tenantAccounts()
      .map(a => `tenant$${a.tags.tenant}`);
    for (const k of keys)
      expect(k === 'tenant$' || tenants.includes(k)).toBe(true);
    expect(
      period.Groups!.every(g => g.Metrics!.UnblendedCost.Unit === 'USD'),
    ).toBe(true);
  });

  it('reconciles LINKED_ACCOUNT × SERVICE groups over every page with the ungrouped total, to the cent', async () => {
    const base = {
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'DAILY' as const,
      Metrics: ['UnblendedCost', 'AmortizedCost'],
    };
    const pages = await allPages(t, {
      ...base,
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });
    const groups = pages.reduce(
      (a, p) => a + p.ResultsByTime!.reduce((b, r) => b + r.Groups!.length, 0),
      0,
    );
    expect(pages.length).toBe(Math.ceil(groups / CE_GROUPS_PER_PAGE));
    for (const p of pages.slice(0, -1)) {
      expect(p.ResultsByTime!.reduce((b, r) => b + r.Groups!.length, 0)).toBe(
        CE_GROUPS_PER_PAGE,
      );
    }
    const total = await t.costExplorer.send(new GetCostAndUsageCommand(base));
    for (const metric of ['UnblendedCost', 'AmortizedCost']) {
      const sums = groupSums(pages, metric);
      expect(sums.size).toBe(28);
      for (const r of total.ResultsByTime!) {
        expect(sums.get(r.TimePeriod!.Start!)).toBe(
          cents(r.Total![metric].Amount),
        );
      }
    }
    // LINKED_ACCOUNT groups come with the account names.
    expect(
      pages[0].DimensionValueAttributes![0].Attributes!.description,
    ).toBeTruthy();
  });

  it('reconciles RECORD_TYPE groups: usage, tax, credits, refunds and the RI purchase (amortized ≠ unblended)', async () => {
    const input = {
      TimePeriod: { Start: '2025-03-01', End: '2026-03-01' },
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost', 'AmortizedCost'],
    };
    const grouped = await allPages(t, {
      ...input,
      GroupBy: [{ Type: 'DIMENSION', Key: 'RECORD_TYPE' }],
    });
    const types = new Set(
      grouped.flatMap(p =>
        p.ResultsByTime!.flatMap(r => r.Groups!.map(g => g.Keys![0])),
      ),
    );
    expect([...types].sort()).toEqual([
      'Credit',
      'DiscountedUsage',
      'Refund',
      'Tax',
      'Upfront reservation fee',
      'Usage',
    ]);
    const fee = grouped[0]
      .ResultsByTime!.flatMap(r => r.Groups!)
      .find(g => g.Keys![0] === 'Upfront reservation fee')!;
    expect(cents(fee.Metrics!.UnblendedCost.Amount)).toBeGreaterThan(0);
    expect(fee.Metrics!.AmortizedCost.Amount).toBe('0.00');
    const total = await t.costExplorer.send(new GetCostAndUsageCommand(input));
    const sumsU = groupSums(grouped, 'UnblendedCost');
    const sumsA = groupSums(grouped, 'AmortizedCost');
    let diff = 0;
    for (const r of total.ResultsByTime!) {
      expect(sumsU.get(r.TimePeriod!.Start!)).toBe(
        cents(r.Total!.UnblendedCost.Amount),
      );
      expect(sumsA.get(r.TimePeriod!.Start!)).toBe(
        cents(r.Total!.AmortizedCost.Amount),
      );
      diff += Math.abs(
        cents(r.Total!.UnblendedCost.Amount) -
          cents(r.Total!.AmortizedCost.Amount),
      );
    }
    expect(diff).toBeGreaterThan(0);
  });

  it('treats End as exclusive, marks the open month Estimated and omits nothing for days without data', async () => {
    const res = await t.costExplorer.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-03-13', End: '2026-03-17' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
      }),
    );
    const periods = res.ResultsByTime!.map((r: ResultByTime) => [
      r.TimePeriod!.Start,
      r.Estimated,
      r.Total!.UnblendedCost.Amount !== '0.00',
    ]);
    // The clock is 2026-03-15T12:00Z: today and later have no data yet.
    expect(periods).toEqual([
      ['2026-03-13', true, true],
      ['2026-03-14', true, true],
      ['2026-03-15', true, false],
      ['2026-03-16', true, false],
    ]);
  });

  it.each([
    [
      { Start: '2026-03-01', End: '2026-03-01' },
      'Start date (and hour) should be before end date (and hour)',
    ],
    [
      { Start: '2026-03-01', End: '2026-04-02' },
      'end date past the beginning of next month',
    ],
    [
      { Start: '2025-01-14', End: '2025-02-01' },
      'Start date 2025-01-14 is older than 14 months',
    ],
    [{ Start: '2026-03-01', End: '2026-06-31' }, 'Invalid date format'],
  ])('rejects the time period %j', async (TimePeriod, message) => {
    await expect(
      t.costExplorer.send(
        new GetCostAndUsageCommand({
          TimePeriod,
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(message),
    });
  });

  it('rejects a third GroupBy and unknown metrics', async () => {
    const input = {
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    await expect(
      t.costExplorer.send(
        new GetCostAndUsageCommand({
          ...input,
          GroupBy: [
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'TAG', Key: 'tenant' },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        'Member must have length less than or equal to 2',
      ),
    });
    await expect(
      t.costExplorer.send(
        new GetCostAndUsageCommand({ ...input, Metrics: ['Cost'] }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Invalid metric name: Cost'),
    });
  });

  it('filters with And/Not/Tags and rejects a page token reused with other parameters', async () => {
    const account = t.sandbox.state.org.tenantAccounts()[3];
    const res = await t.costExplorer.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: {
          And: [
            { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [account.id] } },
            {
              Not: {
                Dimensions: {
                  Key: 'RECORD_TYPE',
                  Values: ['Tax', 'Credit', 'Refund'],
                },
              },
            },
          ],
        },
        GroupBy: [{ Type: 'TAG', Key: 'tenant' }],
      }),
    );
    const keys = res.ResultsByTime![0].Groups!.map(g => g.Keys![0]).sort();
    expect(
      keys.every(k => k === 'tenant$' || k === `tenant$${account.tags.tenant}`),
    ).toBe(true);
    expect(keys).toContain(`tenant$${account.tags.tenant}`);

    const daily = {
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'DAILY' as const,
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION' as const, Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION' as const, Key: 'SERVICE' },
      ],
    };
    const first = await t.costExplorer.send(new GetCostAndUsageCommand(daily));
    expect(first.NextPageToken).toBeDefined();
    await expect(
      t.costExplorer.send(
        new GetCostAndUsageCommand({
          ...daily,
          Metrics: ['AmortizedCost'],
          NextPageToken: first.NextPageToken,
        }),
      ),
    ).rejects.toBeInstanceOf(RequestChangedException);
  });
});
