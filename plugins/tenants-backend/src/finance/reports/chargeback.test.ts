import { buildFleetSpend } from '../../spend/fleetModel';
import {
  parseAmount,
  sumAmounts,
  fromCents,
  amountToCents,
} from '../../spend/money';
import type { SpendFact } from '../../spend/spendModel';
import {
  buildChargeback,
  chargeCategory,
  ChargeLine,
  pageTotal,
  roundToTotal,
} from './chargeback';
import { chargebackCsv, chargebackSummaryCsv } from './chargebackCsv';

const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const line = (
  accountId: string,
  accountName: string,
  service: string,
  recordType: string,
  amount: string,
): ChargeLine => ({
  accountId,
  accountName,
  service,
  recordType,
  billed: parseAmount(amount),
  effective: parseAmount(amount),
});

const lines = [
  line('111111111111', 'acme', EC2, 'Usage', '10.004'),
  line('111111111111', 'acme', 'AWS Lambda', 'Usage', '2.503'),
  line('111111111111', 'acme', 'Tax', 'Tax', '0.623'),
  line('111111111111', 'acme', EC2, 'Credit', '-5.00'),
  line('222222222222', 'globex', 'Amazon DynamoDB', 'Usage', '7.2549'),
  line('222222222222', 'globex', 'Tax', 'Tax', '0.3627'),
  line('999999999999', 'management', 'AWS CloudTrail', 'Usage', '1.111'),
];
const tenants = new Map([
  ['111111111111', 'acme'],
  ['222222222222', 'globex'],
]);
const ORG_TOTAL = '22.2586'; // the groups' 21.8586 + 0.40 no account carries

/** The same month as the spend store holds it (RECORD_TYPE facts + the ungrouped total). */
function facts(): SpendFact[] {
  const byKey = new Map<string, bigint>();
  for (const l of lines) {
    const k = `${l.accountId}|${l.recordType}`;
    byKey.set(k, (byKey.get(k) ?? 0n) + l.billed);
  }
  const fact = (
    accountId: string,
    dimension: SpendFact['dimension'],
    key: string,
    amount: bigint,
  ): SpendFact => ({
    granularity: 'MONTHLY',
    periodStart: '2026-10-01',
    accountId,
    dimension,
    key,
    amount,
    estimated: false,
  });
  return [
    ...[...byKey.entries()].map(([k, amount]) => {
      const [accountId, recordType] = k.split('|');
      return fact(accountId, 'RECORD_TYPE', recordType, amount);
    }),
    fact('', 'ORG_TOTAL', '', parseAmount(ORG_TOTAL)),
  ];
}

describe('buildChargeback', () => {
  const report = buildChargeback({
    month: '2026-10',
    lines,
    orgBilled: parseAmount(ORG_TOTAL),
    orgEffective: parseAmount(ORG_TOTAL),
    tenants,
    generatedAt: '2026-11-05T08:00:00.000Z',
    pageMetric: 'UnblendedCost',
  });

  it("adds up to the costs page's total of the closed month, to the cent", () => {
    const page = buildFleetSpend({
      facts: facts(),
      tenants: [
        { tenantId: 'acme', accountId: '111111111111' },
        { tenantId: 'globex', accountId: '222222222222' },
      ],
      month: '2026-10',
      now: new Date('2026-12-06T12:00:00Z'),
      metric: 'UnblendedCost',
      tagStatus: 'active',
    });
    expect(page.total).toBe('22.26');
    const headlineRows = report.rows.filter(
      r => r.ChargeCategory !== 'Credit' && r.ChargeCategory !== 'Adjustment',
    );
    const sum = sumAmounts(headlineRows.map(r => parseAmount(r.BilledCost)));
    expect(amountToCents(sum)).toBe(2226n);
    expect([report.total, report.pageColumn]).toEqual([
      page.total,
      'BilledCost',
    ]);
    // each tenant's summary is the costs page's amount for it
    expect(report.summary.map(s => [s.tenantId, s.billed])).toEqual([
      ['', '1.11'],
      ['acme', '13.13'],
      ['globex', '7.62'],
    ]);
    expect(page.tenants.map(t => [t.tenantId, t.amount])).toEqual([
      ['acme', '13.13'],
      ['globex', '7.62'],
    ]);
  });

  it('writes FOCUS columns, the gap row and escaped cells', () => {
    expect(chargebackCsv(report).split('\r\n')).toEqual([
      'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,SubAccountId,SubAccountName,ChargeCategory,ChargeDescription,Tags',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,1.11,1.11,USD,AWS CloudTrail,999999999999,management,Usage,Usage,{}',
      `2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,-5.00,-5.00,USD,${EC2},111111111111,acme,Credit,Credit,"{""tenant"":""acme""}"`,
      `2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,10.01,10.01,USD,${EC2},111111111111,acme,Usage,Usage,"{""tenant"":""acme""}"`,
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2.50,2.50,USD,AWS Lambda,111111111111,acme,Usage,Usage,"{""tenant"":""acme""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.62,0.62,USD,Tax,111111111111,acme,Tax,Tax,"{""tenant"":""acme""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,7.26,7.26,USD,Amazon DynamoDB,222222222222,globex,Usage,Usage,"{""tenant"":""globex""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.36,0.36,USD,Tax,222222222222,globex,Tax,Tax,"{""tenant"":""globex""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.40,0.40,USD,,,,Usage,not attributed to an account,{}',
      '',
    ]);
    expect(chargebackSummaryCsv(report).split('\r\n')).toEqual([
      'tenant_id,account_id,account_name,usage_usd,tax_usd,credits_usd,refunds_usd,billed_usd,effective_usd',
      ',999999999999,management,1.11,0.00,0.00,0.00,1.11,1.11',
      'acme,111111111111,acme,12.51,0.62,-5.00,0.00,13.13,13.13',
      'globex,222222222222,globex,7.25,0.36,0.00,0.00,7.62,7.62',
      '',
    ]);
  });

  it('escapes an account name that looks like a formula', () => {
    const r = buildChargeback({
      month: '2026-10',
      lines: [
        line('333333333333', '=HYPERLINK("x")', 'AWS Lambda', 'Usage', '1'),
      ],
      orgBilled: parseAmount('1'),
      orgEffective: parseAmount('1'),
      tenants: new Map(),
      generatedAt: '2026-11-05T08:00:00.000Z',
    });
    expect(chargebackCsv(r).split('\r\n')[1]).toContain(
      ',"\'=HYPERLINK(""x"")",',
    );
  });
});

describe('pageTotal', () => {
  it('names the column of the costs page metric', () => {
    const totals = {
      orgBilled: parseAmount('10.004'),
      orgEffective: parseAmount('9.5'),
    };
    expect(pageTotal({ ...totals, pageMetric: 'AmortizedCost' })).toEqual({
      total: '9.50',
      pageColumn: 'EffectiveCost',
    });
    expect(pageTotal({ ...totals, pageMetric: 'NetUnblendedCost' })).toEqual({
      total: '10.00',
      pageColumn: 'BilledCost',
    });
  });
});

describe('chargeCategory', () => {
  it('maps record types to FOCUS categories', () => {
    expect(
      [
        'Usage',
        'Tax',
        'Credit',
        'Refund',
        'RIFee',
        'Upfront reservation fee',
        'DiscountedUsage',
      ].map(chargeCategory),
    ).toEqual([
      'Usage',
      'Tax',
      'Credit',
      'Adjustment',
      'Purchase',
      'Purchase',
      'Usage',
    ]);
  });
});

describe('roundToTotal', () => {
  it('gives the missing cents to the largest remainders, negatives floored', () => {
    const v = ['0.333', '0.333', '0.334', '-0.005'].map(parseAmount);
    expect(roundToTotal(v, amountToCents(sumAmounts(v)))).toEqual([
      33n,
      33n,
      34n,
      0n,
    ]);
    expect(fromCents(1n)).toBe(parseAmount('0.01'));
  });
});
