import { parseAmount } from './money';
import { buildTenantSpend, SpendFact } from './spendModel';
import { buildFleetSpend } from './fleetModel';
import { spendChange } from './spendRules';

const fact = (
  accountId: string,
  periodStart: string,
  dimension: SpendFact['dimension'],
  key: string,
  amount: string,
  estimated = false,
): SpendFact => ({
  accountId,
  periodStart,
  dimension,
  key,
  amount: parseAmount(amount),
  estimated,
  granularity: dimension === 'TOTAL' ? 'DAILY' : 'MONTHLY',
});

const A = '111111111111';
const B = '222222222222';
const S = '999999999999';
const usd = (text: string) => Math.round(Number(text) * 100);

describe('the total is the total', () => {
  it('groups by LINKED_ACCOUNT add to 2,864.45, the ungrouped total is 2,888.11: 23.66 is not attributed to an account and tenants + shared + unallocated + gap = total', () => {
    const fleet = buildFleetSpend({
      facts: [
        fact(A, '2026-11-01', 'RECORD_TYPE', 'Usage', '1500.00'),
        fact(A, '2026-11-01', 'RECORD_TYPE', 'Tax', '75.00'),
        fact(B, '2026-11-01', 'RECORD_TYPE', 'Usage', '989.45'),
        fact(S, '2026-11-01', 'RECORD_TYPE', 'Usage', '300.00'),
        fact(S, '2026-11-01', 'TAG', 'acme', '200.00'),
        fact(S, '2026-11-01', 'TAG', '', '100.00'),
        fact('', '2026-11-01', 'ORG_TOTAL', '', '2888.11'),
      ],
      tenants: [
        { tenantId: 'acme', accountId: A },
        { tenantId: 'globex', accountId: B },
      ],
      month: '2026-11',
      now: new Date('2026-12-05T10:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(fleet).toMatchObject({
      total: '2888.11',
      tenantsTotal: '2564.45',
      shared: '200.00',
      unallocated: '100.00',
      notAttributed: '23.66',
    });
    expect(
      usd(fleet.tenantsTotal) +
        usd(fleet.shared) +
        usd(fleet.unallocated) +
        usd(fleet.notAttributed!),
    ).toBe(usd(fleet.total));
  });

  it('by service, the 23.66 no linked account carries is its own row "No linked account": the rows add to the total 2,888.11', () => {
    const fleet = buildFleetSpend({
      facts: [
        fact(
          A,
          '2026-11-01',
          'SERVICE',
          'Amazon Elastic Compute Cloud - Compute',
          '1575.00',
        ),
        fact(B, '2026-11-01', 'SERVICE', 'AWS Lambda', '989.45'),
        fact(
          S,
          '2026-11-01',
          'SERVICE',
          'Amazon Elastic Compute Cloud - Compute',
          '300.00',
        ),
        fact(A, '2026-11-01', 'RECORD_TYPE', 'Usage', '1575.00'),
        fact(B, '2026-11-01', 'RECORD_TYPE', 'Usage', '989.45'),
        fact(S, '2026-11-01', 'RECORD_TYPE', 'Usage', '300.00'),
        fact('', '2026-11-01', 'ORG_TOTAL', '', '2888.11'),
      ],
      tenants: [
        { tenantId: 'acme', accountId: A },
        { tenantId: 'globex', accountId: B },
      ],
      month: '2026-11',
      now: new Date('2026-12-05T10:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(fleet.notAttributed).toBe('23.66');
    expect(fleet.byService).toEqual([
      { service: 'Amazon Elastic Compute Cloud - Compute', amount: '1875.00' },
      { service: 'AWS Lambda', amount: '989.45' },
      { service: 'No linked account', amount: '23.66' },
    ]);
    expect(fleet.byService.reduce((sum, s) => sum + usd(s.amount), 0)).toBe(
      usd(fleet.total),
    );
  });

  it('a month stored without the ungrouped total uses the groups: nothing not attributed', () => {
    const fleet = buildFleetSpend({
      facts: [fact(A, '2026-11-01', 'RECORD_TYPE', 'Usage', '2864.45')],
      tenants: [{ tenantId: 'acme', accountId: A }],
      month: '2026-11',
      now: new Date('2026-12-05T10:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(fleet).toMatchObject({ total: '2864.45', notAttributed: '0.00' });
  });
});

describe('a new account has no billing data yet', () => {
  const reason =
    'no billing data yet (account created 2026-12-04; new accounts appear within a day of first usage, sometimes up to 4)';

  it('created 2026-12-04, refreshed 2026-12-05, absent from the groups: no billing data yet, with its creation date, and no forecast', () => {
    const s = buildTenantSpend([], new Date('2026-12-05T10:00:00Z'), {
      metric: 'AmortizedCost',
      joinedAt: '2026-12-04T15:30:00.000Z',
    });
    expect(s).toMatchObject({
      noData: true,
      noDataReason: reason,
      monthToDate: '0.00',
      forecastMonthEnd: null,
      forecastNote: 'no billing data yet',
    });
  });

  it('is shown on the fleet view too, while the other tenants keep their spend', () => {
    const fleet = buildFleetSpend({
      facts: [fact(A, '2026-12-01', 'RECORD_TYPE', 'Usage', '40.00')],
      tenants: [
        { tenantId: 'acme', accountId: A, joinedAt: '2024-01-10T00:00:00Z' },
        {
          tenantId: 'fresh',
          accountId: B,
          joinedAt: '2026-12-04T15:30:00.000Z',
        },
      ],
      month: '2026-12',
      now: new Date('2026-12-05T10:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(
      fleet.tenants.map(t => [t.tenantId, t.amount, t.noDataReason]),
    ).toEqual([
      ['acme', '40.00', null],
      ['fresh', '0.00', reason],
    ]);
  });

  it('forecasts only with 3 complete days of data and never counts the days before the first data as zeros', () => {
    // First data on 2026-12-02; on 2026-12-04 only 2 complete days (12-02, 12-03): no forecast.
    const facts = [
      fact(B, '2026-12-01', 'RECORD_TYPE', 'Usage', '30.00'),
      fact(B, '2026-12-02', 'TOTAL', '', '10.00', true),
      fact(B, '2026-12-03', 'TOTAL', '', '20.00', true),
      fact(B, '2026-12-04', 'TOTAL', '', '3.00', true),
    ];
    const early = buildTenantSpend(facts, new Date('2026-12-04T10:00:00Z'), {
      metric: 'AmortizedCost',
    });
    expect(early.forecastMonthEnd).toBeNull();
    expect(early.forecastNote).toBe(
      'forecast needs 3 complete days of data; 2 so far',
    );
    // On 2026-12-05: 3 complete days 10 + 20 + 3 = 33.00, mean 11.00 (not 33 / 4 = 8.25) for
    // the 27 remaining days (12-05 … 12-31) = 297.00 → 330.00.
    const later = buildTenantSpend(facts, new Date('2026-12-05T10:00:00Z'), {
      metric: 'AmortizedCost',
    });
    expect(later.forecastMonthEnd).toBe('330.00');
    expect(later.forecastNote).toBeNull();
    // The same days of a tenant not in service: no forecast, and why; the spend so far stays.
    for (const [lifecycle, note] of [
      ['suspended', 'no forecast: the account is suspended'],
      ['closing', 'no forecast: the account is closing'],
      ['closed', 'no forecast: the account is closed'],
    ] as const) {
      const out = buildTenantSpend(facts, new Date('2026-12-05T10:00:00Z'), {
        metric: 'AmortizedCost',
        lifecycle,
      });
      expect([out.forecastMonthEnd, out.forecastNote, out.monthToDate]).toEqual(
        [null, note, '30.00'],
      );
    }
  });
});

describe('change needs a previous value', () => {
  it('previous 0.00, current 25.00 → new spend +25.00; 0.00 → 0.00 → no change; no previous month → unknown', () => {
    expect(spendChange(parseAmount('25.00'), parseAmount('0.00'))).toEqual({
      kind: 'new',
      delta: '25.00',
    });
    expect(spendChange(0n, 0n)).toEqual({ kind: 'none' });
    expect(spendChange(parseAmount('25.00'), null)).toEqual({
      kind: 'unknown',
      reason: 'no previous month is stored',
    });
    expect(spendChange(parseAmount('30.00'), parseAmount('25.00'))).toEqual({
      kind: 'ratio',
      ratio: 0.2,
      delta: '5.00',
    });
  });

  it('the fleet view: 0.00 → 25.00 is new spend, 0.00 → 0.00 no change', () => {
    const fleet = buildFleetSpend({
      facts: [fact(A, '2026-11-01', 'RECORD_TYPE', 'Usage', '25.00')],
      tenants: [
        { tenantId: 'acme', accountId: A },
        { tenantId: 'idle', accountId: B, joinedAt: '2024-01-01T00:00:00Z' },
      ],
      month: '2026-11',
      now: new Date('2026-12-05T10:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(fleet.tenants.map(t => [t.tenantId, t.change])).toEqual([
      ['acme', { kind: 'new', delta: '25.00' }],
      ['idle', { kind: 'none' }],
    ]);
    expect(fleet.movers.map(m => m.tenantId)).toEqual(['acme']);
  });

  it('the oldest stored month has no previous month: change unknown for every tenant (115,873.80 included), never new spend, and no movers', () => {
    const fleet = buildFleetSpend({
      facts: [
        fact(A, '2025-12-01', 'RECORD_TYPE', 'Usage', '115873.80'),
        fact(B, '2025-12-01', 'RECORD_TYPE', 'Usage', '12.00'),
      ],
      tenants: [
        { tenantId: 'acme', accountId: A },
        { tenantId: 'globex', accountId: B },
      ],
      month: '2025-12',
      now: new Date('2026-12-05T10:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
      previousKnown: false,
    });
    const unknown = {
      kind: 'unknown',
      reason: '2025-11 is not stored: 2025-12 is the oldest stored month',
    };
    expect(
      fleet.tenants.map(t => [t.tenantId, t.amount, t.change, t.changeRatio]),
    ).toEqual([
      ['acme', '115873.80', unknown, null],
      ['globex', '12.00', unknown, null],
    ]);
    expect(fleet.movers).toEqual([]);
    expect(fleet.previousMonthKnown).toBe(false);
    // No value nobody read: the previous amounts are null, never 0.00.
    expect(fleet.previousMonthTotal).toBeNull();
    expect(fleet.tenants.map(t => t.previousAmount)).toEqual([null, null]);
  });

  it("today's daily point is provisional; the others carry Cost Explorer's Estimated", () => {
    const s = buildTenantSpend(
      [
        fact(A, '2026-12-01', 'RECORD_TYPE', 'Usage', '6.00'),
        fact(A, '2026-12-01', 'TOTAL', '', '1.00', true),
        fact(A, '2026-12-02', 'TOTAL', '', '2.00', true),
        fact(A, '2026-12-03', 'TOTAL', '', '3.00', true),
      ],
      new Date('2026-12-03T10:00:00Z'),
      { metric: 'AmortizedCost' },
    );
    expect(s.daily).toEqual([
      {
        date: '2026-12-01',
        amount: '1.00',
        estimated: true,
        provisional: false,
      },
      {
        date: '2026-12-02',
        amount: '2.00',
        estimated: true,
        provisional: false,
      },
      {
        date: '2026-12-03',
        amount: '3.00',
        estimated: true,
        provisional: true,
      },
    ]);
  });
});
