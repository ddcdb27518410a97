import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { storeTestDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { FinanceStore } from './FinanceStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: storeTestDatabaseIds() });
const directory = resolvePackagePath(
  '@tenancy/plugin-tenants-backend',
  'migrations',
);

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
    await store.putReport(report, { rows, summary: ['h', 's1'] });
    await store.putReport(
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
    // regenerated: replaced, not appended
    await store.putReport(
      { ...report, generatedAt: '2026-11-20T08:00:00.000Z' },
      { rows: ['h', 'r'], summary: ['h'] },
    );
    expect(await store.reportLines('2026-10', 'rows')).toEqual(['h', 'r']);
    expect((await store.listReports())[0].generatedAt).toBe(
      '2026-11-20T08:00:00.000Z',
    );

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
  });
});
