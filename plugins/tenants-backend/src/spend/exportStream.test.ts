import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { storeTestDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { NO_LINKED_ACCOUNT, usdToCents } from '@tenancy/plugin-tenants-common';
import { parseAmount } from './money';
import type { SpendFact } from './spendModel';
import { SpendStore } from './SpendStore';
import { streamSpendCsv } from './exportStream';

jest.setTimeout(30_000);

const databaseIds = storeTestDatabaseIds();
const databases = TestDatabases.create({ ids: databaseIds });
const migrations = resolvePackagePath(
  '@tenancy/plugin-tenants-backend',
  'migrations',
);

const monthly = (
  accountId: string,
  month: string,
  dimension: 'SERVICE' | 'ORG_TOTAL',
  key: string,
  amount: string,
): SpendFact => ({
  accountId,
  periodStart: `${month}-01`,
  dimension,
  key,
  amount: parseAmount(amount),
  estimated: false,
  granularity: 'MONTHLY',
});

/** 5 tenant accounts and a shared one, 2 months, sub-cent amounts; totals 1,000.00 and 77.77, gaps 733.35 and 42.72. */
async function seeded(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  await knex.migrate.latest({ directory: migrations });
  const store = new SpendStore(knex);
  const facts: SpendFact[] = [];
  for (let n = 1; n <= 5; n++) {
    const id = String(100000000000 + n);
    facts.push(monthly(id, '2026-01', 'SERVICE', 'AWS Lambda', `${n}0.333`));
    facts.push(monthly(id, '2026-01', 'SERVICE', 'Amazon S3', `${n}.004`));
    facts.push(monthly(id, '2026-02', 'SERVICE', 'AWS Lambda', '7.005'));
  }
  facts.push(monthly('999999999999', '2026-01', 'SERVICE', 'Tax', '100.00'));
  facts.push(monthly('', '2026-01', 'ORG_TOTAL', '', '1000.00'));
  facts.push(monthly('', '2026-02', 'ORG_TOTAL', '', '77.77'));
  await store.replaceSpend(
    'AmortizedCost',
    [
      {
        dimension: 'SERVICE',
        granularity: 'MONTHLY',
        range: { start: '2026-01-01', end: '2026-03-01' },
        facts,
      },
    ],
    [],
    new Date('2026-02-10T00:00:00Z'),
  );
  await store.recordCollection({
    metric: 'AmortizedCost',
    collectedAt: new Date('2026-02-10T00:00:00Z'),
    // tenant-b sorts before tenant-c although its account id is larger
    tenants: [1, 2, 3, 4, 5].map(n => ({
      tenantId: `tenant-${'edcba'[n - 1]}`,
      accountId: String(100000000000 + n),
    })),
    tagStatus: 'active',
    dailyThrough: undefined,
  });
  return store;
}

async function exportText(store: SpendStore, accountsPerPage: number) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', c => chunks.push(c));
  const result = await streamSpendCsv({
    store,
    metric: 'AmortizedCost',
    from: '2026-01',
    to: '2026-02',
    out,
    accountsPerPage,
  });
  out.end();
  return { result, text: Buffer.concat(chunks).toString('utf8') };
}

describe.each(databaseIds)('streamSpendCsv on %s', databaseId => {
  it('gives the same file one account a page as 200 accounts a page, and each month adds to its total to the cent', async () => {
    const store = await seeded(databaseId);
    const pages = jest.spyOn(store, 'serviceRows');
    const totals = jest.spyOn(store, 'spendFacts');
    const one = await exportText(store, 1);
    // 6 accounts and the organization's ('', its totals) → 7 pages, then the ORG_TOTAL facts
    expect(pages).toHaveBeenCalledTimes(7);
    expect(totals).toHaveBeenCalledTimes(1);
    const all = await exportText(store, 200);
    expect(one.text).toBe(all.text);
    expect(one.result).toEqual({ rows: 18, complete: true });
    const lines = one.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'tenant_id,account_id,month,service,amount_usd,metric',
    );
    expect(lines.slice(1, 5)).toEqual([
      ',999999999999,2026-01,Tax,100.00,AmortizedCost',
      'tenant-a,100000000005,2026-01,Amazon S3,5.00,AmortizedCost',
      'tenant-a,100000000005,2026-01,AWS Lambda,50.33,AmortizedCost',
      'tenant-a,100000000005,2026-02,AWS Lambda,7.01,AmortizedCost',
    ]);
    expect(lines.slice(-2)).toEqual([
      `,,2026-01,${NO_LINKED_ACCOUNT},733.35,AmortizedCost`,
      `,,2026-02,${NO_LINKED_ACCOUNT},42.72,AmortizedCost`,
    ]);
    const sum = (month: string) =>
      lines
        .slice(1)
        .map(l => l.split(','))
        .filter(c => c[2] === month)
        .reduce((s, c) => s + usdToCents(c[4]), 0);
    expect(sum('2026-01')).toBe(100000);
    expect(sum('2026-02')).toBe(7777);
  });

  it('reads the next page only once the reader has taken what was written (backpressure)', async () => {
    const store = await seeded(databaseId);
    const pages = jest.spyOn(store, 'serviceRows');
    // a reader that takes nothing until asked: every write fills its buffer
    const out = new PassThrough({ highWaterMark: 1 });
    const done = streamSpendCsv({
      store,
      metric: 'AmortizedCost',
      from: '2026-01',
      to: '2026-02',
      out,
      accountsPerPage: 1,
    });
    await once(out, 'readable');
    const read = [pages.mock.calls.length];
    for (let i = 0; i < 3; i++) {
      const taken = out.read();
      expect(taken).not.toBeNull();
      await once(out, 'readable');
      read.push(pages.mock.calls.length);
    }
    // the header, then one written page per chunk taken, never one ahead of the reader (the
    // organization's own page, account '', has no SERVICE lines: nothing to wait for)
    expect(read).toEqual([0, 2, 3, 4]);
    out.resume();
    expect(await done).toEqual({ rows: 18, complete: true });
    expect(pages).toHaveBeenCalledTimes(7);
  });

  it('stops reading pages once the reader has gone away', async () => {
    const store = await seeded(databaseId);
    const spy = jest.spyOn(store, 'serviceRows');
    const out = new Writable({
      write(_chunk, _enc, done) {
        out.destroy();
        done();
      },
    });
    const result = await streamSpendCsv({
      store,
      metric: 'AmortizedCost',
      from: '2026-01',
      to: '2026-02',
      out,
      accountsPerPage: 1,
    });
    expect(result).toEqual({ rows: 0, complete: false });
    expect(spy).toHaveBeenCalledTimes(0);
  });
});
