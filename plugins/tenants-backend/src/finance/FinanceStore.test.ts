import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { storeTestDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { FinanceStore, type StoredReport } from './FinanceStore';
import { parseAmount } from '../spend/money';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: storeTestDatabaseIds() });
const directory = resolvePackagePath(
  '@tenancy/plugin-tenants-backend',
  'migrations',
);

/** Writes a report's lines as pending, in pages of 500 lines, then publishes it. */
async function put(
  store: FinanceStore,
  report: StoredReport,
  lines: { rows: string[]; summary: string[] },
) {
  for (const part of ['rows', 'summary'] as const)
    for (let i = 0; i < lines[part].length; i += 500)
      await store.appendPendingLines(
        `build-${report.month}`,
        report.month,
        part,
        i,
        lines[part].slice(i, i + 500),
      );
  await store.publishReport(report, `build-${report.month}`);
}

describe.each(databases.eachSupportedId())('FinanceStore on %s', databaseId => {
  it('stores reports with their lines in order, replaces them, and documents by kind', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    const store = new FinanceStore(knex);
    const report = {
      month: '2026-10',
      generatedAt: '2026-11-05T08:00:00.000Z',
      total: '22.26',
      rowCount: 2,
      tenantCount: 1,
    };
    const rows = Array.from({ length: 1203 }, (_, i) => `line ${i}`);
    await put(store, report, { rows, summary: ['h', 's1'] });
    await put(
      store,
      { ...report, month: '2026-09', total: '1.00' },
      { rows: ['h'], summary: ['h'] },
    );
    expect((await store.listReports()).map(r => [r.month, r.total])).toEqual([
      ['2026-10', '22.26'],
      ['2026-09', '1.00'],
    ]);
    expect(await store.reportLines('2026-10', 'rows')).toEqual(rows);
    expect(await store.reportLines('2026-10', 'summary')).toEqual(['h', 's1']);
    expect(await store.reportLines('2026-08', 'rows')).toBeUndefined();
    // regenerated: pending lines are not served until published, then replace the old ones;
    // two generations of one month at once write apart (the one published last is stored,
    // whole), and what a generation wrote but did not publish is removed with its staging
    await store.appendPendingLines('g1', '2026-10', 'rows', 0, ['h', 'x']);
    await store.appendPendingLines('g2', '2026-10', 'rows', 0, ['h']);
    await store.appendPendingLines('g1', '2026-10', 'rows', 2, ['y']);
    await store.appendPendingLines('g2', '2026-10', 'rows', 1, ['r']);
    await store.appendPendingLines('g1', '2026-10', 'summary', 0, ['h1']);
    await store.appendPendingLines('g2', '2026-10', 'summary', 0, ['h2']);
    expect(await store.reportLines('2026-10', 'rows')).toEqual(rows);
    await store.publishReport(
      { ...report, generatedAt: '2026-11-19T08:00:00.000Z' },
      'g1',
    );
    expect(await store.reportLines('2026-10', 'rows')).toEqual(['h', 'x', 'y']);
    await store.publishReport(
      { ...report, generatedAt: '2026-11-20T08:00:00.000Z' },
      'g2',
    );
    expect(await store.reportLines('2026-10', 'rows')).toEqual(['h', 'r']);
    expect(await store.reportLines('2026-10', 'summary')).toEqual(['h2']);
    await store.appendPendingLines('g3', '2026-10', 'rows', 0, ['left']);
    await store.clearStaging('g3');
    expect(
      await knex('tenant_finance_report_lines')
        .where({ month: '2026-10' })
        .whereNotIn('part', ['rows', 'summary'])
        .select('part'),
    ).toEqual([]);
    expect((await store.listReports())[0].generatedAt).toBe(
      '2026-11-20T08:00:00.000Z',
    );

    // staged Cost Explorer lines: per build, by account, exact amounts, removed per build
    const line = (accountId: string, amount: string) => ({
      accountId,
      service: 'AWS Lambda',
      recordType: 'Usage',
      metric: 'UnblendedCost',
      amount: parseAmount(amount),
    });
    await store.stageLines('b1', [
      line('222222222222', '0.0000000001'),
      line('111111111111', '-5.5'),
      line('222222222222', '7.25'),
    ]);
    await store.stageLines('b2', [line('333333333333', '1')]);
    expect(await store.stagedAccounts('b1')).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(
      (await store.stagedLines('b1', ['222222222222']))
        .map(l => l.amount)
        .sort(),
    ).toEqual([1n, 72500000000n]);
    await store.clearStaging('b1');
    expect(await store.stagedAccounts('b1')).toEqual([]);
    expect(await store.stagedAccounts('b2')).toEqual(['333333333333']);

    const now = new Date('2026-11-20T09:00:00.000Z');
    await store.replaceDocuments(
      'budget',
      new Map([['acme', { state: 'over' }]]),
      now,
    );
    await store.replaceDocuments(
      'budget',
      new Map([['globex', { state: 'under' }]]),
      now,
    );
    expect([...(await store.documents('budget')).entries()]).toEqual([
      ['globex', { state: 'under' }],
    ]);
    expect(await store.document('budget', 'globex')).toEqual({
      body: { state: 'under' },
      updatedAt: '2026-11-20T09:00:00.000Z',
    });
    expect(await store.document('budget', 'acme')).toBeUndefined();

    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('tenant_finance_reports')).toBe(false);
    expect(await knex.schema.hasTable('tenant_finance_report_staging')).toBe(
      false,
    );
  });
});
