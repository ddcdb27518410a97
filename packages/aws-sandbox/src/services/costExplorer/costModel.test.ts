import { DataAccount } from '../../core/dataAccounts';
import { CostRecord, buildCostProfile, forEachCostRecord } from './costModel';
import { dayOf, parseDay } from '../../core/dates';
import { ALL_SERVICE_NAMES, BILLED_SERVICES } from './serviceCatalog';
import { formatCents } from './costEngine';
import { TenantRoster } from './tenantRoster';

const tenant = (
  id: string,
  createdAt: string,
  tier = 'standard',
): DataAccount => ({
  accountId: id,
  name: `Tenant ${id}`,
  tenantId: `t-${id}`,
  tier,
  kind: 'tenant',
  createdAt: new Date(createdAt),
  regions: ['eu-west-1'],
});

function records(
  seed: number,
  account: DataAccount,
  day: number,
): CostRecord[] {
  const out: CostRecord[] = [];
  forEachCostRecord(seed, buildCostProfile(seed, account), day, r =>
    out.push({ ...r }),
  );
  return out;
}

describe('cost model', () => {
  const feb = parseDay('2026-02-10')!;

  it('is a pure function of (seed, account, day), in whole cents', () => {
    const a = tenant('123456789012', '2024-05-01T00:00:00Z');
    expect(records(1, a, feb)).toEqual(records(1, a, feb));
    expect(records(1, a, feb)).not.toEqual(records(2, a, feb));
    for (const r of records(1, a, feb)) {
      expect(
        Number.isInteger(r.unblended) &&
          Number.isInteger(r.amortized) &&
          Number.isInteger(r.usage),
      ).toBe(true);
    }
  });

  it('gives every tenant 10 to 40 real services, the core ones always', () => {
    const core = BILLED_SERVICES.filter(s => s.core).map(s => s.name);
    for (let i = 0; i < 200; i++) {
      const p = buildCostProfile(
        9,
        tenant(String(100000000000 + i * 7919), '2024-01-01T00:00:00Z'),
      );
      expect(p.lines.length).toBeGreaterThanOrEqual(10);
      expect(p.lines.length).toBeLessThanOrEqual(40);
      expect(core.every(n => p.lines.some(l => l.svc.name === n))).toBe(true);
      expect(p.lines.every(l => ALL_SERVICE_NAMES.includes(l.svc.name))).toBe(
        true,
      );
    }
  });

  it("has no data for a new account's first days", () => {
    const a = tenant('210987654321', '2026-02-10T15:00:00Z');
    const p = buildCostProfile(1, a);
    const joined = dayOf(a.createdAt);
    expect(p.dataStart - joined).toBeGreaterThanOrEqual(1);
    expect(p.dataStart - joined).toBeLessThanOrEqual(4);
    expect(records(1, a, joined)).toEqual([]);
    expect(records(1, a, p.dataStart).length).toBeGreaterThan(0);
  });

  it('spreads an all-upfront RI over its term: amortized sums to the fee, unblended is the fee on day one', () => {
    let checked = 0;
    for (let i = 0; i < 60 && checked < 3; i++) {
      const a = tenant(
        String(300000000000 + i * 104729),
        '2024-01-01T00:00:00Z',
        'enterprise',
      );
      const p = buildCostProfile(5, a);
      if (!p.ri) continue;
      const term: CostRecord[] = [];
      for (let d = p.ri.purchaseDay; d < p.ri.purchaseDay + 365; d++) {
        term.push(...records(5, a, d));
      }
      const fees = term.filter(r => r.recordType === 'Upfront reservation fee');
      const covered = term.filter(r => r.recordType === 'DiscountedUsage');
      expect(fees.map(r => [r.unblended, r.amortized])).toEqual([
        [p.ri.dailyCents * 365, 0],
      ]);
      expect(covered).toHaveLength(365);
      expect(covered.every(r => r.unblended === 0)).toBe(true);
      expect(covered.reduce((x, r) => x + r.amortized, 0)).toBe(
        p.ri.dailyCents * 365,
      );
      checked++;
    }
    expect(checked).toBe(3);
  });

  it('posts tax on the first day of a month only, untagged, under the Tax service', () => {
    const taxed = Array.from({ length: 20 }, (_, i) =>
      tenant(String(444455556666 + i), '2024-01-01T00:00:00Z'),
    ).find(x => buildCostProfile(11, x).taxRate > 0)!;
    const march1 = parseDay('2026-03-01')!;
    const tax = (d: number) =>
      records(11, taxed, d).filter(r => r.recordType === 'Tax');
    expect(
      tax(march1).map(r => [ALL_SERVICE_NAMES[r.service], r.tagged]),
    ).toEqual([['Tax', false]]);
    expect(tax(march1 + 1)).toEqual([]);
  });

  it('tags part of the shared data platform (shared services account) with tenants that exist that day', () => {
    const tenants = [
      tenant('111111111111', '2024-01-01T00:00:00Z'),
      tenant('222222222222', '2026-02-01T00:00:00Z'),
      tenant('333333333333', '2026-03-01T00:00:00Z'),
    ];
    const sharedAccount = (accountId: string): DataAccount => ({
      accountId,
      name: accountId,
      kind: accountId === '000000000000' ? 'management' : 'shared',
      createdAt: new Date('2023-01-01T00:00:00Z'),
    });
    const roster = new TenantRoster([
      ...tenants,
      sharedAccount('000000000004'),
    ]);
    const tagsOf = (accountId: string, day: number) => {
      const p = buildCostProfile(1, sharedAccount(accountId));
      p.roster = roster;
      const out: Array<[boolean, string | undefined]> = [];
      forEachCostRecord(1, p, day, r => out.push([r.tagged, r.tenant]));
      return out;
    };
    const platform = tagsOf('000000000004', feb);
    const tagged = platform.filter(([t]) => t);
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.length).toBeLessThan(platform.length);
    // on 10 February only the first two tenants exist
    expect(
      new Set(tagged.map(([, t]) => t)).size <= 2 &&
        tagged.every(
          ([, t]) => t === 't-111111111111' || t === 't-222222222222',
        ),
    ).toBe(true);
    expect(platform.filter(([t, v]) => !t && v !== '')).toEqual([]);
    // other shared accounts, and days before any tenant joined, stay untagged
    expect(tagsOf('000000000001', feb).some(([t]) => t)).toBe(false);
    expect(tagsOf('000000000000', feb).some(([t]) => t)).toBe(false);
    expect(
      tagsOf('000000000004', parseDay('2023-06-01')!).some(([t]) => t),
    ).toBe(false);
    expect(roster.pick(parseDay('2023-06-01')!, 0.5)).toBe('');
    expect(roster.pick(feb, 0.99)).toBe('t-222222222222');
    expect(roster.pick(parseDay('2026-03-01')!, 0.99)).toBe('t-333333333333');
  });

  it('formats cents as Cost Explorer decimal strings', () => {
    expect([
      formatCents(1234),
      formatCents(-5),
      formatCents(0),
      formatCents(-12600),
    ]).toEqual(['12.34', '-0.05', '0.00', '-126.00']);
  });
});
