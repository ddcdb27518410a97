import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { parseCostClasses } from './costClasses';
import {
  fleetFootprintOf,
  foldUsage,
  footprintOf,
  type UsageByAccount,
  type UsageCost,
} from './footprint';
import { formatUsd } from '../../spend/money';
import { fetchUsageLines } from './footprintFetch';

// Memory bound of the finance footprint (docs/memory.md): the usage lines are handed over one
// Cost Explorer page at a time and folded per account-month (three class sums and the always-on
// items), so the three months' lines of every account are never held. Exact values.
const ce = mockClient(CostExplorerClient);
const RULES = parseCostClasses(
  [
    'rules:',
    '  - service: Amazon Elastic Compute Cloud - Compute',
    '    class: always-on',
    '    why: Instance hours.',
    '  - service: AWS Lambda',
    '    class: usage-based',
    '    why: Per request.',
  ].join('\n'),
);
const SERVICES = [
  'Amazon Elastic Compute Cloud - Compute',
  'AWS Lambda',
  'Amazon Lightsail',
];
const account = (i: number) => String(100000000000 + i);

/** 3 months × `accounts` × 3 services, 1,000 groups a page (the last group of a page split in two). */
function answer(accounts: number) {
  const groups = (month: string) =>
    Array.from({ length: accounts * 3 }, (_, i) => ({
      Keys: [account(Math.floor(i / 3)), SERVICES[i % 3]],
      Metrics: {
        AmortizedCost: { Amount: `${(i % 7) + 1}.25`, Unit: 'USD' },
      },
      month,
    }));
  const all = ['2026-09', '2026-10', '2026-11'].flatMap(groups);
  ce.on(GetCostAndUsageCommand).callsFake(input => {
    const at = input.NextPageToken ? Number(input.NextPageToken) : 0;
    const page = all.slice(at, at + 1000);
    const months = [...new Set(page.map(g => g.month))];
    return {
      ResultsByTime: months.map(m => ({
        TimePeriod: { Start: `${m}-01`, End: `${m}-28` },
        Groups: page
          .filter(g => g.month === m)
          .map(({ Keys, Metrics }) => ({ Keys, Metrics })),
        Estimated: false,
      })),
      NextPageToken: at + 1000 < all.length ? String(at + 1000) : undefined,
    };
  });
}

beforeEach(() => ce.reset());

describe('finance footprint memory bound', () => {
  it('hands the lines over page by page and keeps none of them', async () => {
    answer(2000); // 18,000 groups: 18 pages
    const perPage: number[] = [];
    const usage: UsageByAccount = new Map();
    const read = await fetchUsageLines(
      new CostExplorerClient({}),
      RULES,
      { start: '2026-09-01', end: '2026-12-01' },
      'AmortizedCost',
      lines => {
        perPage.push(lines.length);
        lines.forEach(l => foldUsage(RULES, usage, l));
      },
    );
    expect(read).toEqual({ lines: [], pages: 18 });
    expect(perPage).toEqual(new Array(18).fill(1000));
    // per account: 3 months, each 3 class sums and 1 always-on item (EC2)
    expect(usage.size).toBe(2000);
    expect([...usage.values()].every(m => m.size === 3)).toBe(true);
    expect(
      [...usage.values()].every(m =>
        [...m.values()].every(x => x.items.size === 1),
      ),
    ).toBe(true);
  });

  it('folded usage gives the sums of the lines, in any order (reference sums computed here)', () => {
    const lines: UsageCost[] = [];
    for (let i = 0; i < 300; i++)
      lines.push({
        accountId: account(i % 40),
        month: ['2026-09', '2026-10', '2026-11'][i % 3],
        service: SERVICES[(i >> 2) % 3],
        usageType: '',
        amount: BigInt((i * 37) % 1000) * 10_000_000n, // USD (i·37 mod 1,000) / 10
      });
    const usage: UsageByAccount = new Map();
    [...lines].reverse().forEach(l => foldUsage(RULES, usage, l));
    const sum = (f: (l: UsageCost) => boolean) =>
      lines.filter(f).reduce((a, l) => a + l.amount, 0n);
    const usd = (a: bigint) => formatUsd(a);
    const months = ['2026-09', '2026-10', '2026-11'];
    const mine = footprintOf(usage.get(account(3)));
    expect(mine.map(m => m.month)).toEqual(months);
    for (const [k, month] of months.entries()) {
      const of = (service: string) =>
        sum(
          l =>
            l.accountId === account(3) &&
            l.month === month &&
            l.service === service,
        );
      expect(mine[k].alwaysOn).toBe(usd(of(SERVICES[0])));
      expect(mine[k].usageBased).toBe(usd(of(SERVICES[1])));
      expect(mine[k].unclassified).toBe(usd(of(SERVICES[2])));
    }
    const tenants = new Map(
      Array.from({ length: 30 }, (_, i) => [account(i), `t${i}`]),
    );
    const expected = [...tenants]
      .map(([a, t]) => ({
        tenantId: t,
        alwaysOn: sum(
          l =>
            l.accountId === a &&
            l.month === '2026-10' &&
            l.service === SERVICES[0],
        ),
      }))
      .filter(r => r.alwaysOn > 0n)
      .sort(
        (x, y) =>
          Number(y.alwaysOn - x.alwaysOn) ||
          x.tenantId.localeCompare(y.tenantId),
      )
      .slice(0, 20)
      .map(r => [r.tenantId, usd(r.alwaysOn)]);
    expect(
      fleetFootprintOf(RULES, usage, tenants, '2026-10').map(r => [
        r.tenantId,
        r.alwaysOn,
      ]),
    ).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});
