import type { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import { DefaultAwsClientFactory } from '@tenancy/plugin-tenants-node';
import request from 'supertest';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';
import {
  createTestApp,
  testAuditor,
  TEST_USERS,
} from '../__testUtils__/testApp';
import {
  sandboxConfig,
  sandboxCredentials,
} from '../__testUtils__/sourcesSandboxHarness';
import { createLogsSource } from '.';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';

jest.setTimeout(60_000);

// CacheManager has no close: the Redis stores it creates are tracked here to disconnect them.
const mockRedisStores: Array<{ disconnect(force?: boolean): Promise<void> }> =
  [];
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
afterAll(async () => {
  await Promise.all(mockRedisStores.map(s => s.disconnect(true)));
});

/** The Redis of `make test` (TENANCY_TEST_REDIS); the cache test also runs on it when set. */
const REDIS = process.env.TENANCY_TEST_REDIS;

const NOW = new Date('2026-03-15T12:00:00.000Z');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
/** Seed 5, 40 tenants: two tenants in error trouble, in us-east-1. */
const JUNIPER = { tenantId: 'juniper-telecom', accountId: '592835691379' };
const FALCON = { tenantId: 'falcon-wines', accountId: '772283688978' };

/** A CacheService in memory (TTL ignored: every test builds its own). */
function memoryCache(): CacheService {
  const map = new Map<string, unknown>();
  const cache: CacheService = {
    get: async key => map.get(key) as never,
    set: async (key, value) => {
      map.set(key, value);
    },
    delete: async key => {
      map.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

describe('logs routes against the sandbox (docs/aws-behaviours/logs.md)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    // Only Date is faked, so the SDK sees no clock skew against the sandbox's Date header.
    fakeDateOnly(NOW);
    sandbox = await startSandbox({ port: 0, seed: 5, tenants: 40, clock: NOW });
  });
  afterAll(async () => {
    await sandbox?.stop();
    jest.useRealTimers();
  });

  /** Backstage's CacheService on Redis, in a namespace of this run's own (Redis keeps keys). */
  function redisCache(): CacheService {
    return CacheManager.fromConfig(
      new ConfigReader({
        backend: {
          cache: {
            store: 'redis',
            connection: REDIS,
            redis: {
              client: {
                namespace: `tenants-logs-test-${process.pid}-${Date.now()}`,
              },
            },
          },
        },
      }),
    ).forPlugin('tenants');
  }

  async function setUp(cache: CacheService = memoryCache()) {
    sandbox.faults.clear();
    sandbox.resetStats();
    const knex = await databases.init('SQLITE_3');
    const store = await KnexTenantsStore.create(
      mockServices.database({ knex }),
    );
    await store.replaceInventory([
      makeTenant(1, { ...JUNIPER, owner: 'group:default/team-1' }),
      makeTenant(2, { ...FALCON, owner: 'group:default/team-2' }),
    ]);
    const config = sandboxConfig(sandbox.endpoint);
    const clients = DefaultAwsClientFactory.fromConfig(config, {
      credentialsManager: sandboxCredentials(sandbox.endpoint),
    });
    const source = createLogsSource({ config, clients, cache });
    const events: Array<{ eventId: string; outcome: string; meta?: unknown }> =
      [];
    const app = await createTestApp(
      store,
      { requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }) },
      [source.createRouter!],
      { auditor: testAuditor(events) },
    );
    const get = (path: string, user: string) =>
      request(app)
        .get(path)
        .set({ Authorization: mockCredentials.user.header(user) });
    const calls = (op: string) =>
      sandbox.stats().calls[`CloudWatchLogs.${op}`] ?? 0;
    return { get, events, calls };
  }

  it("gives support a tenant's recent errors: the range, the query, its own lines only", async () => {
    const { get, events } = await setUp();
    const res = await get(
      '/tenants/juniper-telecom/logs/recent-errors?limit=100',
      TEST_USERS.support,
    );
    expect(res.status).toBe(200);
    const body = res.body;
    expect({ ...body, rows: body.rows.length, regions: undefined }).toEqual({
      tenantId: 'juniper-telecom',
      accountId: JUNIPER.accountId,
      start: '2026-03-15T11:00:00.000Z',
      end: '2026-03-15T12:00:00.000Z',
      minutes: 60,
      query:
        'fields @timestamp, @log, requestId, message\n| filter level = "ERROR"\n| sort @timestamp desc\n| limit 100',
      rows: 100,
      ranAt: '2026-03-15T12:00:00.000Z',
      cached: false,
    });
    expect(body.rows[0]).toEqual({
      timestamp: '2026-03-15T11:59:53.124Z',
      region: 'us-east-1',
      logGroup: '/aws/lambda/juniper-telecom-api',
      message: 'UpstreamError: Payment provider answered 502 Bad Gateway',
      requestId: '0982e2bc-8fc3-5c25-52fa-b89c82d5da7b',
    });
    expect(
      body.rows.every((r: { logGroup: string }) =>
        r.logGroup.startsWith('/aws/lambda/juniper-telecom-'),
      ),
    ).toBe(true);
    const [region] = body.regions;
    expect({ ...region, consoleUrl: undefined }).toEqual({
      region: 'us-east-1',
      status: 'Complete',
      queryId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
      logGroups: ['api', 'events', 'scheduler', 'worker'].map(
        f =>
          `arn:aws:logs:us-east-1:${JUNIPER.accountId}:log-group:/aws/lambda/juniper-telecom-${f}`,
      ),
      logGroupsFound: 4,
      statistics: {
        recordsMatched: 1685,
        recordsScanned: 1925,
        bytesScanned: 432355,
      },
      consoleUrl: undefined,
    });
    expect(region.consoleUrl).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:logs-insights\$3FqueryDetail\$3D~\(end~'2026-03-15T12\*3a00\*3a00\.000Z~start~'2026-03-15T11\*3a00\*3a00\.000Z/,
    );
    expect(events).toEqual([
      {
        eventId: 'tenant-logs-query',
        outcome: 'success',
        meta: {
          actor: TEST_USERS.support,
          tenantId: 'juniper-telecom',
          query: 'recent-errors',
          minutes: 60,
          queryIds: [region.queryId],
          cached: false,
        },
      },
    ]);
  });

  it("one tenant's query never returns another tenant's lines", async () => {
    const { get } = await setUp();
    for (const t of [JUNIPER, FALCON]) {
      const res = await get(
        `/tenants/${t.tenantId}/logs/recent-errors?limit=100`,
        TEST_USERS.platform,
      );
      const groups = new Set(
        res.body.rows.map((r: { logGroup: string }) => r.logGroup),
      );
      expect([...groups].sort()).toEqual(
        t === JUNIPER
          ? [
              '/aws/lambda/juniper-telecom-api',
              '/aws/lambda/juniper-telecom-events',
              '/aws/lambda/juniper-telecom-scheduler',
              '/aws/lambda/juniper-telecom-worker',
            ]
          : ['/aws/lambda/falcon-wines-api', '/aws/lambda/falcon-wines-worker'],
      );
      expect(
        res.body.regions[0].logGroups.every((arn: string) =>
          arn.startsWith(`arn:aws:logs:us-east-1:${t.accountId}:`),
        ),
      ).toBe(true);
    }
  });

  const caches: Array<[string, () => CacheService]> = [
    ['in memory', memoryCache],
    ...(REDIS
      ? [['on Redis', () => redisCache()] as [string, () => CacheService]]
      : []),
  ];
  it.each(caches)(
    'counts the top error messages; a second ask within a minute is cached %s (no new query)',
    async (_where, cache) => {
      const { get, calls } = await setUp(cache());
      const path = '/tenants/juniper-telecom/logs/top-messages';
      const first = await get(path, TEST_USERS.support);
      expect(first.status).toBe(200);
      expect(first.body.rows).toEqual([
        {
          message:
            'TimeoutError: Connection to juniper-telecom-data timed out after 3000 ms',
          count: 857,
        },
        {
          message:
            'ProvisionedThroughputExceededException: Rate of requests to juniper-telecom-data exceeds the allowed throughput',
          count: 524,
        },
        {
          message: 'UpstreamError: Payment provider answered 502 Bad Gateway',
          count: 304,
        },
      ]);
      const second = await get(path, TEST_USERS.support);
      expect(second.body.cached).toBe(true);
      expect(second.body.rows).toEqual(first.body.rows);
      expect(calls('StartQuery')).toBe(1);
    },
  );

  it('refuses finance with the rule, owners see their own tenants only (another team’s answers as a missing one)', async () => {
    const { get, calls, events } = await setUp();
    const finance = await get(
      '/tenants/juniper-telecom/logs/recent-errors',
      TEST_USERS.finance,
    );
    expect(finance.status).toBe(403);
    expect(finance.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'Missing permission tenants.logs.read for tenant juniper-telecom',
    });
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['tenant-logs-query', 'fail'],
    ]);
    // The owner test user holds group:default/team-1 (juniper-telecom's owner).
    const own = await get(
      '/tenants/juniper-telecom/logs/recent-errors?limit=1',
      TEST_USERS.owner,
    );
    expect(own.status).toBe(200);
    const other = await get(
      '/tenants/falcon-wines/logs/recent-errors',
      TEST_USERS.owner,
    );
    const missing = await get(
      '/tenants/no-such-tenant/logs/recent-errors',
      TEST_USERS.owner,
    );
    expect([other.status, other.body.error]).toEqual([
      404,
      { name: 'NotFoundError', message: 'Tenant falcon-wines not found' },
    ]);
    expect([missing.status, missing.body.error]).toEqual([
      404,
      { name: 'NotFoundError', message: 'Tenant no-such-tenant not found' },
    ]);
    expect(calls('StartQuery')).toBe(1);
  });

  it('rejects a bad range before any AWS call, naming the rule', async () => {
    const { get, calls } = await setUp();
    const res = await get(
      '/tenants/juniper-telecom/logs/recent-errors?minutes=1440&limit=0',
      TEST_USERS.support,
    );
    expect([res.status, res.body.error.message]).toEqual([
      400,
      'Invalid query: minutes must be an integer from 5 to 360; limit must be an integer from 1 to 100',
    ]);
    expect(calls('DescribeLogGroups') + calls('StartQuery')).toBe(0);
  });

  it('gives the clear message at the concurrency limit (sandbox fault)', async () => {
    const { get } = await setUp();
    sandbox.faults.add({
      kind: 'error',
      service: 'CloudWatchLogs',
      operation: 'StartQuery',
      code: 'LimitExceededException',
      message: 'Account maximum query concurrency limit of [100] reached.',
    });
    const res = await get(
      '/tenants/juniper-telecom/logs/recent-errors',
      TEST_USERS.support,
    );
    expect([res.status, res.body.error]).toEqual([
      503,
      {
        name: 'ServiceUnavailableError',
        message:
          'CloudWatch Logs Insights is running as many queries as the monitoring account may run at once in us-east-1 (AWS: "Account maximum query concurrency limit of [100] reached."). Queries from dashboards and the console count too. Try again in a minute.',
      },
    ]);
  });
});
