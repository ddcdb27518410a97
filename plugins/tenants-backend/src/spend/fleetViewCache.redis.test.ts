import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SpendStore } from './SpendStore';
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

/** The Redis client under a store CacheManager created (the commands these tests need). */
type RedisClient = {
  keys(pattern: string): Promise<string[]>;
  pTTL(key: string): Promise<number>;
  del(keys: string[]): Promise<number>;
};
// CacheManager has no close: the Redis stores it creates are tracked here to disconnect them.
const mockRedisStores: Array<{
  client: RedisClient;
  disconnect(force?: boolean): Promise<void>;
}> = [];
jest.mock('@keyv/redis', () => {
  const actual = jest.requireActual('@keyv/redis');
  class TrackedKeyvRedis extends actual.default {
    constructor(...args: unknown[]) {
      super(...args);
      mockRedisStores.push(this as never);
    }
  }
  return { ...actual, __esModule: true, default: TrackedKeyvRedis };
});

jest.setTimeout(30_000);

const REDIS = process.env.TENANCY_TEST_REDIS;
if (!REDIS) {
  // eslint-disable-next-line no-console
  console.warn(
    'tenants fleet view cache tests did not run on Redis: set TENANCY_TEST_REDIS=redis://127.0.0.1:6379 to include them',
  );
}
const describeOnRedis = REDIS ? describe : describe.skip;

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const FLEET_KEY =
  'v2:/spend/fleet?metric=AmortizedCost&month=2026-03:run=run-1';
const CSV_KEY =
  'v2:/spend/export.csv?from=2026-03&metric=AmortizedCost&to=2026-03:run=run-1';

/** One replica's CacheService: its own CacheManager (own Redis connection), plugin `tenants`. */
function replicaCache(connection: string, namespace: string) {
  return CacheManager.fromConfig(
    new ConfigReader({
      backend: {
        cache: {
          store: 'redis',
          connection,
          redis: { client: { namespace } },
        },
      },
    }),
  ).forPlugin('tenants');
}

afterAll(async () => {
  for (const store of mockRedisStores.splice(0)) {
    await store.disconnect(true).catch(() => {});
  }
});

describeOnRedis('fleet views on Redis, two replicas', () => {
  const namespace = `tenancy-test-${randomUUID()}`;
  const redisKey = (key: string) =>
    `${namespace}:tenants:${Buffer.from(key).toString('base64')}`;

  afterAll(async () => {
    const client = mockRedisStores[0]?.client;
    const keys = client ? await client.keys(`${namespace}:*`) : [];
    if (keys.length) await client.del(keys);
  });

  it('serves on replica B the views replica A computed, until a new spend run', async () => {
    const knex = await databases.init('SQLITE_3');
    const { store, settings } = await seedSnapshot(knex, 'run-1');
    // two replicas: one database, each its own store and its own CacheManager
    const insightsA = new SpendStore(knex);
    const insightsB = new SpendStore(knex);
    const factsA = jest.spyOn(insightsA, 'spendFacts');
    const factsB = jest.spyOn(insightsB, 'spendFacts');
    const cacheA = replicaCache(REDIS!, namespace);
    const cacheB = replicaCache(REDIS!, namespace);
    const logger = mockServices.logger.mock();
    const a = await fleetApp({
      store,
      insights: insightsA,
      settings,
      cache: cacheA,
      logger,
    });
    const b = await fleetApp({
      store,
      insights: insightsB,
      settings,
      cache: cacheB,
      logger,
    });
    expect(mockRedisStores).toHaveLength(2);

    const fromA = await a(FLEET_MONTH_PATH);
    expect(fromA.status).toBe(200);
    expect(fromA.body).toEqual(FLEET_VIEW);
    const fromB = await b(FLEET_MONTH_PATH);
    expect(fromB.status).toBe(200);
    expect(fromB.body).toEqual(FLEET_VIEW);
    expect(factsA).toHaveBeenCalledTimes(1);
    expect(factsB).toHaveBeenCalledTimes(0);

    expect((await a(CSV_PATH)).text).toBe(FLEET_CSV);
    expect((await b(CSV_PATH)).text).toBe(FLEET_CSV);
    expect(factsA).toHaveBeenCalledTimes(2);
    expect(factsB).toHaveBeenCalledTimes(0);

    // in Redis under the plugin's namespace, expiring within the hour
    const client = mockRedisStores[0].client;
    expect((await client.keys(`${namespace}:*`)).sort()).toEqual(
      [redisKey(CSV_KEY), redisKey(FLEET_KEY)].sort(),
    );
    const ttl = await client.pTTL(redisKey(FLEET_KEY));
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);

    // run-2 writes new facts and its run id: B computes the new view once, A serves it
    await writeFacts(insightsA, LATER_FACTS);
    await insightsA.setSpendRunId('run-2');
    const newB = await b(FLEET_MONTH_PATH);
    expect(newB.body).toMatchObject({
      total: '165.00',
      tenantsTotal: '165.00',
    });
    const newA = await a(FLEET_MONTH_PATH);
    expect(newA.body).toEqual(newB.body);
    expect(factsB).toHaveBeenCalledTimes(1);
    expect(factsA).toHaveBeenCalledTimes(2);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe('fleet views with Redis unreachable', () => {
  it('answers 200 with the computed view, warning that the cache did not answer', async () => {
    const port = await new Promise<number>(resolve => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
    const seeded = await seedSnapshot(
      await databases.init('SQLITE_3'),
      'run-1',
    );
    const logger = mockServices.logger.mock();
    const get = await fleetApp({
      ...seeded,
      cache: replicaCache(
        `redis://127.0.0.1:${port}`,
        `unused-${randomUUID()}`,
      ),
      logger,
    });
    for (let i = 0; i < 2; i++) {
      const res = await get(FLEET_MONTH_PATH);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(FLEET_VIEW);
    }
    // The first command's connection is refused at once (Keyv reports a miss); later commands
    // wait in the client's offline queue while it reconnects, and are given up after 500 ms.
    const read = `Fleet view cache read failed for ${FLEET_KEY}, computing the view: Error: timed out after 500 ms`;
    const write = `Fleet view cache write failed for ${FLEET_KEY}: Error: timed out after 500 ms`;
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([write, read, write]);
  });
});
