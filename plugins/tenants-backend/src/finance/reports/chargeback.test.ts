import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { buildFleetSpend } from '../../spend/fleetModel';
import {
  parseAmount,
  sumAmounts,
  fromCents,
  amountToCents,
} from '../../spend/money';
import type { SpendFact } from '../../spend/spendModel';
import { FinanceStore, type StagedLine } from '../FinanceStore';
import {
  chargeCategory,
  ChargeLine,
  pageTotal,
  roundToTotal,
} from './chargeback';
import { BILLED_METRIC, EFFECTIVE_METRIC } from './chargebackFetch';
import {
  writeChargeback,
  type ReportStagingStore,
  type ReportTenant,
} from './chargebackWriter';
import { StreamedRounding } from './streamedRounding';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const directory = resolvePackagePath(
  '@tenancy/plugin-tenants-backend',
  'migrations',
);

/** Both metrics of each line, as the Cost Explorer read stages them. */
const staged = (lines: readonly ChargeLine[]): StagedLine[] =>
  lines.flatMap(l => [
    { ...l, metric: BILLED_METRIC, amount: l.billed },
    { ...l, metric: EFFECTIVE_METRIC, amount: l.effective },
  ]);

/**
 * Stages `lines` in a SQLite finance store, writes the month's report through the streaming
 * writer (optionally through `wrap`, e.g. a counting store) and reads its CSV lines back.
 */
async function generate(options: {
  lines: readonly ChargeLine[];
  orgBilled: string;
  orgEffective: string;
  tenants: readonly ReportTenant[];
  pageMetric?: string;
  accountsPerBatch?: number;
  wrap?: (store: FinanceStore) => ReportStagingStore;
  /** Generations of the month written at once (each from its own staged lines); default 1. */
  generations?: number;
}) {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory });
  const store = new FinanceStore(knex);
  const all = staged(options.lines);
  const builds = Array.from(
    { length: options.generations ?? 1 },
    (_, i) => `build-${i + 1}`,
  );
  for (const buildId of builds)
    for (let i = 0; i < all.length; i += 1000)
      await store.stageLines(buildId, all.slice(i, i + 1000));
  const reports = await Promise.all(
    builds.map(buildId =>
      writeChargeback({
        store: options.wrap?.(store) ?? store,
        buildId,
        month: '2026-10',
        tenants: options.tenants,
        orgBilled: parseAmount(options.orgBilled),
        orgEffective: parseAmount(options.orgEffective),
        generatedAt: '2026-11-05T08:00:00.000Z',
        pageMetric: options.pageMetric,
        // the names the lines carry (a non-tenant account's too)
        accountNames: new Map(
          options.lines.map(l => [l.accountId, l.accountName]),
        ),
        accountsPerBatch: options.accountsPerBatch,
      }),
    ),
  );
  const report = reports[0];
  const rows = (await store.reportLines('2026-10', 'rows'))!;
  const summary = (await store.reportLines('2026-10', 'summary'))!;
  await knex.destroy();
  return { report, rows, summary };
}

/** The cells of a CSV line (quoted cells unescaped). */
const cells = (line: string) =>
  line
    .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
    .map(c => c.replace(/,$/, ''))
    .map(c => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));

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
const tenants: ReportTenant[] = [
  { tenantId: 'acme', accountId: '111111111111', accountName: 'acme' },
  { tenantId: 'globex', accountId: '222222222222', accountName: 'globex' },
];
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

describe('writeChargeback', () => {
  let report: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    report = await generate({
      lines,
      orgBilled: ORG_TOTAL,
      orgEffective: ORG_TOTAL,
      tenants,
      pageMetric: 'UnblendedCost',
    });
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
    const headlineRows = report.rows
      .slice(1)
      .map(cells)
      .filter(r => r[10] !== 'Credit' && r[10] !== 'Adjustment');
    const sum = sumAmounts(headlineRows.map(r => parseAmount(r[4])));
    expect(amountToCents(sum)).toBe(2226n);
    expect([report.report.total, report.report.rowCount]).toEqual([
      page.total,
      8,
    ]);
    expect(
      pageTotal({
        orgBilled: parseAmount(ORG_TOTAL),
        orgEffective: parseAmount(ORG_TOTAL),
        pageMetric: 'UnblendedCost',
      }).pageColumn,
    ).toBe('BilledCost');
    // each tenant's summary (usage + tax, UnblendedCost) is the costs page's amount for it
    expect(
      report.summary
        .slice(1)
        .map(cells)
        .map(s => [s[0], s[7]]),
    ).toEqual([
      ['', '1.11'],
      ['acme', '13.13'],
      ['globex', '7.62'],
      // the part no account carries, last, as in the rows: the summary adds up to the total
      ['', '0.40'],
    ]);
    expect(
      amountToCents(
        sumAmounts(
          report.summary
            .slice(1)
            .map(cells)
            .map(s => parseAmount(s[7])),
        ),
      ),
    ).toBe(2226n);
    expect(page.tenants.map(t => [t.tenantId, t.amount])).toEqual([
      ['acme', '13.13'],
      ['globex', '7.62'],
    ]);
  });

  it('writes FOCUS columns, the gap row and escaped cells', () => {
    expect([report.report.tenantCount, ...report.rows]).toEqual([
      2,
      'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,SubAccountId,SubAccountName,ChargeCategory,ChargeDescription,Tags',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,1.11,1.11,USD,AWS CloudTrail,999999999999,management,Usage,Usage,{}',
      `2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,-5.00,-5.00,USD,${EC2},111111111111,acme,Credit,Credit,"{""tenant"":""acme""}"`,
      `2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,10.01,10.01,USD,${EC2},111111111111,acme,Usage,Usage,"{""tenant"":""acme""}"`,
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2.50,2.50,USD,AWS Lambda,111111111111,acme,Usage,Usage,"{""tenant"":""acme""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.62,0.62,USD,Tax,111111111111,acme,Tax,Tax,"{""tenant"":""acme""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,7.26,7.26,USD,Amazon DynamoDB,222222222222,globex,Usage,Usage,"{""tenant"":""globex""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.36,0.36,USD,Tax,222222222222,globex,Tax,Tax,"{""tenant"":""globex""}"',
      '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,0.40,0.40,USD,,,,Usage,not attributed to an account,{}',
    ]);
    expect(report.summary).toEqual([
      'tenant_id,account_id,account_name,usage_usd,tax_usd,credits_usd,refunds_usd,usage_tax_billed_usd,usage_tax_effective_usd',
      ',999999999999,management,1.11,0.00,0.00,0.00,1.11,1.11',
      'acme,111111111111,acme,12.51,0.62,-5.00,0.00,13.13,13.13',
      'globex,222222222222,globex,7.25,0.36,0.00,0.00,7.62,7.62',
      ',,not attributed to an account,,,,,0.40,0.40',
    ]);
  });

  it('escapes an account name that looks like a formula', async () => {
    const r = await generate({
      lines: [
        line('333333333333', '=HYPERLINK("x")', 'AWS Lambda', 'Usage', '1'),
      ],
      orgBilled: '1',
      orgEffective: '1',
      tenants: [],
    });
    expect(r.rows[1]).toContain(',"\'=HYPERLINK(""x"")",');
  });

  it('stores one whole report when three generations of the month run at once', async () => {
    const r = await generate({
      lines,
      orgBilled: ORG_TOTAL,
      orgEffective: ORG_TOTAL,
      tenants,
      pageMetric: 'UnblendedCost',
      accountsPerBatch: 1,
      generations: 3,
    });
    expect(r.rows).toEqual(report.rows);
    expect(r.summary).toEqual(report.summary);
  });
});

describe('writeChargeback in bounded memory', () => {
  it('holds one batch of accounts, never the report, and rounds as the in-memory rule', async () => {
    // 600 tenants × 4 lines (3 in the headline, 1 credit), sub-cent amounts
    const fleet: ReportTenant[] = Array.from({ length: 600 }, (_, i) => ({
      tenantId: `t${String(i).padStart(3, '0')}`,
      accountId: String(100000000000 + i),
      accountName: `tenant ${i}`,
    }));
    const big = fleet.flatMap((t, i) => [
      line(
        t.accountId,
        t.accountName,
        EC2,
        'Usage',
        `${i}.${(i * 7919) % 10000}7`,
      ),
      line(t.accountId, t.accountName, 'AWS Lambda', 'Usage', `0.00${i % 10}5`),
      line(t.accountId, t.accountName, 'Tax', 'Tax', `1.${(i * 31) % 1000}`),
      line(t.accountId, t.accountName, EC2, 'Credit', `-0.${i % 100}9`),
    ]);
    const headline = big.filter(l => l.recordType !== 'Credit');
    const org = sumAmounts(headline.map(l => l.billed)) + parseAmount('0.3749');
    const held = { staged: 0, appended: 0, reads: 0 };
    const r = await generate({
      lines: big,
      orgBilled: `${org / 10000000000n}.${String(org % 10000000000n).padStart(
        10,
        '0',
      )}`,
      orgEffective: `${org / 10000000000n}.${String(
        org % 10000000000n,
      ).padStart(10, '0')}`,
      tenants: fleet,
      accountsPerBatch: 25,
      wrap: store => ({
        stagedAccounts: id => store.stagedAccounts(id),
        stagedLines: async (id, accounts) => {
          const out = await store.stagedLines(id, accounts);
          held.staged = Math.max(held.staged, out.length);
          held.reads += 1;
          return out;
        },
        appendPendingLines: async (build, month, part, seq, appended) => {
          held.appended = Math.max(held.appended, appended.length);
          return store.appendPendingLines(build, month, part, seq, appended);
        },
        publishReport: (report, build) => store.publishReport(report, build),
      }),
    });
    // 25 accounts × 4 lines × 2 metrics read at once; 100 rows written at once; 24 batches a
    // pass, 4 passes (sums, two to find the remainders that get the missing cents, rows)
    expect(held).toEqual({ staged: 200, appended: 100, reads: 96 });
    expect([r.report.rowCount, r.report.tenantCount, r.summary.length]).toEqual(
      [2401, 600, 602],
    );
    // the same cents as the rule on the whole report in memory, in the same order
    const gap = org - sumAmounts(headline.map(l => l.billed));
    const expected = roundToTotal(
      [...headline.map(l => l.billed), gap],
      amountToCents(org),
    );
    const written = r.rows
      .slice(1)
      .map(cells)
      .filter(c => c[10] !== 'Credit')
      .map(c => amountToCents(parseAmount(c[4])));
    expect(written).toEqual(expected);
    expect(sumAmounts(written)).toBe(amountToCents(org));
  });
});

describe('StreamedRounding', () => {
  it('gives the same cents as roundToTotal, ties, cycles and negatives included', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const remainders = [0, 1, 49999999, 50000000, 99999999];
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(random() * 60);
      const values = Array.from({ length: n }, () => {
        const cents = BigInt(Math.floor(random() * 20000) - 5000);
        const rem = BigInt(
          random() < 0.5
            ? remainders[Math.floor(random() * remainders.length)]
            : Math.floor(random() * 100000000),
        );
        return cents * fromCents(1n) + rem;
      });
      const target =
        amountToCents(sumAmounts(values)) +
        BigInt(Math.floor(random() * 5 * n) - Math.floor(2.5 * n));
      const r = new StreamedRounding();
      values.forEach(v => r.count(v));
      r.settle(target);
      while (r.passesLeft > 0) {
        const left = r.passesLeft;
        values.forEach(v => (left === 2 ? r.coarse(v) : r.fine(v)));
        if (left === 2) r.narrow();
        else r.threshold();
      }
      expect([run, values.map(v => r.cents(v))]).toEqual([
        run,
        roundToTotal(values, target),
      ]);
    }
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
