import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CollectorContext } from '@tenancy/plugin-tenants-node';
import { TEST_USERS } from '../__testUtils__/testApp';
import { FleetViewCache, recordingSpendRun } from './fleetViewCache';
import {
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

// The cache is the subject here; the database under it is SQLite (the store suites cover PostgreSQL).
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const FLEET_KEY =
  'v2:/spend/fleet?metric=AmortizedCost&month=2026-03:run=run-1';
const CSV_KEY =
  'v2:/spend/export.csv?from=2026-03&metric=AmortizedCost&to=2026-03:run=run-1';

/** Backstage's in-memory CacheService (`backend.cache` unset), its reads and writes spied on. */
function memoryCache() {
  const cache = CacheManager.fromConfig(new ConfigReader({})).forPlugin(
    'tenants',
  );
  return {
    cache,
    get: jest.spyOn(cache, 'get'),
    set: jest.spyOn(cache, 'set'),
  };
}

/** The seeded snapshot of refresh run `runId` (null: written before runs were recorded). */
async function setup(runId: string | null = 'run-1') {
  const seeded = await seedSnapshot(
    await databases.init('SQLITE_3'),
    runId ?? undefined,
  );
  const spendFacts = jest.spyOn(seeded.insights, 'spendFacts');
  return { ...seeded, spendFacts };
}

describe('fleet views on a CacheService', () => {
  it('serves the second fleet request from the cache, with the exact body', async () => {
    const s = await setup();
    const m = memoryCache();
    const get = await fleetApp({ ...s, cache: m.cache });

    const first = await get(FLEET_MONTH_PATH);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(FLEET_VIEW);
    const second = await get(FLEET_MONTH_PATH);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    // no month → the snapshot's month, 2026-03: the same key
    expect((await get('/spend/fleet')).body).toEqual(FLEET_VIEW);
    expect(s.spendFacts).toHaveBeenCalledTimes(1);
    expect(m.set).toHaveBeenCalledTimes(1);
    expect(m.set).toHaveBeenCalledWith(FLEET_KEY, FLEET_VIEW, {
      ttl: 3_600_000,
    });
    expect(await m.cache.get(FLEET_KEY)).toEqual(FLEET_VIEW);

    // another month is another view
    const february = await get('/spend/fleet?month=2026-02');
    expect(february.body.total).toBe('0.00');
    expect(s.spendFacts).toHaveBeenCalledTimes(2);
  });

  it('serves the second CSV export from the cache, with the same headers', async () => {
    const s = await setup();
    const m = memoryCache();
    const get = await fleetApp({ ...s, cache: m.cache });
    for (let i = 0; i < 2; i++) {
      const res = await get(CSV_PATH);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="spend-2026-03-2026-03.csv"',
      );
      expect(res.text).toBe(FLEET_CSV);
    }
    expect(s.spendFacts).toHaveBeenCalledTimes(1);
    expect(await m.cache.get(CSV_KEY)).toBe(FLEET_CSV);
  });

  it('keeps serving the snapshot until the spend collector of a new run has run, then recomputes', async () => {
    const s = await setup();
    const m = memoryCache();
    const get = await fleetApp({ ...s, cache: m.cache });
    expect((await get(FLEET_MONTH_PATH)).body).toEqual(FLEET_VIEW);

    // run-2's spend collector, wrapped as the plugin wraps it; mid-run the old view is served
    let midRun: unknown;
    const spend = recordingSpendRun(
      {
        name: 'spend',
        collect: async () => {
          await writeFacts(s.insights, LATER_FACTS);
          midRun = (await get(FLEET_MONTH_PATH)).body;
        },
      },
      async () => s.insights,
    );
    expect(spend.name).toBe('spend');
    await spend.collect({ runId: 'run-2' } as CollectorContext);
    expect(midRun).toEqual(FLEET_VIEW);
    expect(s.spendFacts).toHaveBeenCalledTimes(1);

    const after = await get(FLEET_MONTH_PATH);
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
    expect((await get(FLEET_MONTH_PATH)).body).toEqual(after.body);
    expect(s.spendFacts).toHaveBeenCalledTimes(2);
    expect(m.set.mock.calls.map(c => c[0])).toEqual([
      FLEET_KEY,
      FLEET_KEY.replace('run=run-1', 'run=run-2'),
    ]);
  });

  it('checks the permission before reading the cache', async () => {
    const s = await setup();
    const m = memoryCache();
    const get = await fleetApp({ ...s, cache: m.cache });
    expect((await get(FLEET_MONTH_PATH)).status).toBe(200);
    expect(m.get).toHaveBeenCalledTimes(1);
    // the owner may read one tenant's spend, support none
    for (const [user, message] of [
      [
        TEST_USERS.owner,
        'Fleet spend needs tenants.spend.read for every tenant',
      ],
      [TEST_USERS.support, 'Missing permission tenants.spend.read'],
    ]) {
      const denied = await get(FLEET_MONTH_PATH, user);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(message);
      expect((await get(CSV_PATH, user)).status).toBe(403);
    }
    expect(m.get).toHaveBeenCalledTimes(1);
  });

  it('answers 200 with the same body when the cache throws, and warns', async () => {
    const s = await setup();
    const down = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const cache = mockServices.cache.mock({
      get: jest.fn().mockRejectedValue(down),
      set: jest.fn().mockRejectedValue(down),
    });
    const logger = mockServices.logger.mock();
    const get = await fleetApp({ ...s, cache, logger });
    for (let i = 0; i < 2; i++) {
      const res = await get(FLEET_MONTH_PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(FLEET_VIEW);
    }
    const csv = await get(CSV_PATH);
    expect(csv.status).toBe(200);
    expect(csv.text).toBe(FLEET_CSV);
    expect(s.spendFacts).toHaveBeenCalledTimes(3);
    const read = (key: string) =>
      `Fleet view cache read failed for ${key}, computing the view: ${down}`;
    const write = (key: string) =>
      `Fleet view cache write failed for ${key}: ${down}`;
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      read(FLEET_KEY),
      write(FLEET_KEY),
      read(FLEET_KEY),
      write(FLEET_KEY),
      read(CSV_KEY),
      write(CSV_KEY),
    ]);
  });

  it('gives up on a cache that does not answer after the timeout', async () => {
    const s = await setup();
    const never = () => new Promise<never>(() => {});
    const cache = mockServices.cache.mock({ get: never, set: never });
    const logger = mockServices.logger.mock();
    const get = await fleetApp({ ...s, cache, logger, cacheTimeoutMs: 50 });
    const res = await get(FLEET_MONTH_PATH);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(FLEET_VIEW);
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      `Fleet view cache read failed for ${FLEET_KEY}, computing the view: Error: timed out after 50 ms`,
      `Fleet view cache write failed for ${FLEET_KEY}: Error: timed out after 50 ms`,
    ]);
  });

  it('computes each time, without the cache, before a refresh has recorded a spend run', async () => {
    const s = await setup(null);
    const m = memoryCache();
    const get = await fleetApp({ ...s, cache: m.cache });
    expect((await get(FLEET_MONTH_PATH)).body).toEqual(FLEET_VIEW);
    expect((await get(FLEET_MONTH_PATH)).body).toEqual(FLEET_VIEW);
    expect(s.spendFacts).toHaveBeenCalledTimes(2);
    expect(m.get).not.toHaveBeenCalled();
  });
});

describe('FleetViewCache', () => {
  it('lets concurrent requests for one key share one computation', async () => {
    const m = memoryCache();
    const views = new FleetViewCache({
      cache: m.cache,
      logger: mockServices.logger.mock(),
    });
    let release: (v: { total: string }) => void = () => {};
    const compute = jest.fn(
      () => new Promise<{ total: string }>(r => (release = r)),
    );
    const a = views.getOrCompute('k', compute);
    const b = views.getOrCompute('k', compute);
    await new Promise(r => setTimeout(r, 10));
    release({ total: '150.00' });
    expect(await Promise.all([a, b])).toEqual([
      { total: '150.00' },
      { total: '150.00' },
    ]);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(await views.getOrCompute('k', compute)).toEqual({ total: '150.00' });
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('records the run id of a spend collector that failed part-way, and rethrows', async () => {
    const { insights } = await setup('run-1');
    const spend = recordingSpendRun(
      {
        name: 'spend',
        collect: async () => {
          throw new Error('Cost Explorer throttled');
        },
      },
      async () => insights,
    );
    await expect(
      spend.collect({ runId: 'run-3' } as CollectorContext),
    ).rejects.toThrow('Cost Explorer throttled');
    expect(await insights.spendRunId()).toBe('run-3');
  });
});
