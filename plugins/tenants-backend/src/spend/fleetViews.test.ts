import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { CollectorContext } from '@tenancy/plugin-tenants-node';
import { recordingSpendRun } from './fleetViews';
import {
  ACCOUNT_1,
  CSV_PATH,
  FLEET_CSV,
  FLEET_MONTH_PATH,
  FLEET_VIEW,
  fleetApp,
  LATER_FACTS,
  seedSnapshot,
  writeFacts,
} from './__testUtils__/fleetViewFixture';

jest.setTimeout(30_000);

// The stored views are the subject; the store suites cover PostgreSQL.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The seeded snapshot of refresh run `runId` (null: written before runs were recorded). */
async function setup(runId: string | null = 'run-1') {
  const seeded = await seedSnapshot(
    await databases.init('SQLITE_3'),
    runId ?? undefined,
  );
  const spendFacts = jest.spyOn(seeded.insights, 'spendFacts');
  const get = await fleetApp(seeded);
  return { ...seeded, spendFacts, get };
}

/** run-2's spend collector, wrapped as the plugin wraps it; `during` runs mid-collection. */
function laterRun(
  s: Awaited<ReturnType<typeof setup>>,
  during: () => Promise<void> = async () => {},
) {
  return recordingSpendRun(
    {
      name: 'spend',
      collect: async () => {
        await writeFacts(s.insights, LATER_FACTS);
        await during();
      },
    },
    {
      store: async () => s.insights,
      views: async () => s.views,
      metric: 'AmortizedCost',
    },
  );
}

const ctx = (runId: string) =>
  ({
    runId,
    logger: mockServices.logger.mock(),
  } as unknown as CollectorContext);

describe('fleet views stored once per spend run', () => {
  it('computes a month once for a run and serves it from the table after, with the exact body', async () => {
    const s = await setup();
    const first = await s.get(FLEET_MONTH_PATH);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(FLEET_VIEW);
    expect((await s.get(FLEET_MONTH_PATH)).body).toEqual(FLEET_VIEW);
    // no month → the snapshot's month, 2026-03: the same stored view
    expect((await s.get('/spend/fleet')).body).toEqual(FLEET_VIEW);
    expect(s.spendFacts).toHaveBeenCalledTimes(1);
    expect((await s.views.view('AmortizedCost', '2026-03'))?.runId).toBe(
      'run-1',
    );
  });

  it('the spend run stores all 13 months; mid-run the old view is served; requests after it compute nothing', async () => {
    const s = await setup();
    expect((await s.get(FLEET_MONTH_PATH)).body).toEqual(FLEET_VIEW);
    let midRun: unknown;
    const spend = laterRun(s, async () => {
      midRun = (await s.get(FLEET_MONTH_PATH)).body;
    });
    expect(spend.name).toBe('spend');
    await spend.collect(ctx('run-2'));
    expect(midRun).toEqual(FLEET_VIEW);
    // 1 (run-1's March) + 13 months stored by run-2
    expect(s.spendFacts).toHaveBeenCalledTimes(14);

    const after = await s.get(FLEET_MONTH_PATH);
    expect(after.body).toMatchObject({
      total: '165.00',
      tenantsTotal: '165.00',
      byService: [
        { service: 'AWS Lambda', amount: '145.00' },
        { service: 'Amazon S3', amount: '20.00' },
      ],
    });
    expect(after.body.tenants[1]).toEqual({
      tenantId: 'tenant-002',
      accountId: '100000000002',
      amount: '45.00',
      previousAmount: '0.00',
      changeRatio: null,
      change: { kind: 'new', delta: '45.00' },
      noDataReason: null,
    });
    expect((await s.get('/spend/fleet?month=2025-03')).status).toBe(200);
    expect(s.spendFacts).toHaveBeenCalledTimes(14);
  });

  it('uses the view another replica stored at the same moment when its own write conflicts', async () => {
    const s = await setup();
    const put = s.views.put.bind(s.views);
    jest
      .spyOn(s.views, 'put')
      .mockImplementationOnce(async (metric, runId, view, at) => {
        await put(metric, runId, { ...view, total: '999.00' }, at);
        throw new Error('duplicate key value violates unique constraint');
      });
    const res = await s.get(FLEET_MONTH_PATH);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe('999.00');
    expect(res.body.tenants).toEqual(FLEET_VIEW.tenants);
  });

  it('computes each time before a refresh has recorded a spend run', async () => {
    const s = await setup(null);
    expect((await s.get(FLEET_MONTH_PATH)).body).toEqual(FLEET_VIEW);
    await writeFacts(s.insights, LATER_FACTS);
    expect((await s.get(FLEET_MONTH_PATH)).body.total).toBe('165.00');
    expect(s.spendFacts).toHaveBeenCalledTimes(2);
  });
});

describe('the tenant table paged, sorted and searched on the server', () => {
  const rows = (body: { tenants: { tenantId: string }[] }) =>
    body.tenants.map(t => t.tenantId);

  it('pages with limit and offset, counting every match', async () => {
    const s = await setup();
    const page1 = await s.get(`${FLEET_MONTH_PATH}&limit=1`);
    expect(page1.body).toMatchObject({ totalCount: 2, limit: 1, offset: 0 });
    expect(rows(page1.body)).toEqual(['tenant-001']);
    // the totals are the month's, not the page's
    expect(page1.body.tenantsTotal).toBe('150.00');
    const page2 = await s.get(`${FLEET_MONTH_PATH}&limit=1&offset=1`);
    expect(rows(page2.body)).toEqual(['tenant-002']);
    expect(page2.body.tenants[0]).toEqual(FLEET_VIEW.tenants[1]);
  });

  it.each([
    ['sort=amount&order=asc', ['tenant-002', 'tenant-001']],
    ['sort=amount', ['tenant-001', 'tenant-002']],
    ['sort=name', ['tenant-001', 'tenant-002']],
    ['sort=name&order=desc', ['tenant-002', 'tenant-001']],
    ['sort=change&order=asc', ['tenant-002', 'tenant-001']],
    ['q=TENANT-002', ['tenant-002']],
    [`q=${ACCOUNT_1}`, ['tenant-001']],
    ['q=%25', []],
  ])('%s → %j', async (query, expected) => {
    const s = await setup();
    const res = await s.get(`${FLEET_MONTH_PATH}&${query}`);
    expect(res.status).toBe(200);
    expect(rows(res.body)).toEqual(expected);
    expect(res.body.totalCount).toBe(expected.length);
  });

  it.each([
    ['limit=0', 'Invalid query: limit must be an integer from 1 to 100'],
    ['limit=101', 'Invalid query: limit must be an integer from 1 to 100'],
    [
      'sort=spend',
      'Invalid query: sort must be one of name, account, amount, previous, change',
    ],
    ['order=up', 'Invalid query: order must be asc or desc'],
    ['page=2', 'Invalid query: unknown parameter page'],
  ])('%s is a 400: %s', async (query, message) => {
    const s = await setup();
    const res = await s.get(`${FLEET_MONTH_PATH}&${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });
});

describe('the CSV export streamed from the database', () => {
  it('answers the exact CSV with the expected-rows header, never through a cache', async () => {
    const s = await setup();
    for (let i = 0; i < 2; i++) {
      const res = await s.get(CSV_PATH);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="spend-2026-03-2026-03.csv"',
      );
      // 3 service facts + at most one "No linked account" line for the one month
      expect(res.headers['x-expected-rows']).toBe('4');
      expect(res.text).toBe(FLEET_CSV);
    }
  });
});
