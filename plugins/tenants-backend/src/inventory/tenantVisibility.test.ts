import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { KnexTenantsStore } from './store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';
import { TEST_USERS, createTestApp } from '../__testUtils__/testApp';
import { specRoutes } from '../schema/__testUtils__/specRoutes';
import { createSpendRouter } from '../spend/routes';
import { FleetViewStore } from '../spend/FleetViewStore';
import { SpendStore } from '../spend/SpendStore';
import { readSpendSettings } from '../spend/settings';
import { HealthStore } from '../health/HealthStore';
import { createHealthRouter } from '../health/routes';
import { ComplianceStore } from '../compliance/ComplianceStore';
import { createComplianceRouter } from '../compliance/routes';
import { DeploymentsStore } from '../deployments/DeploymentsStore';
import { createDeploymentsRouter } from '../deployments/routes';
import { createFinanceSource } from '../finance';
import { ConfigReader } from '@backstage/config';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { createLogsSource } from '../logs';

// The logs routes' AWS side: a tenant sharing no log group (NoLogGroups, no query).
mockClient(CloudWatchLogsClient)
  .on(DescribeLogGroupsCommand)
  .resolves({ logGroups: [] });

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  // team-1 (the test owner) owns tenant-001 and tenant-004.
  await store.replaceInventory([1, 2, 3, 4, 5].map(n => makeTenant(n)));
  await store.addActivity([
    {
      id: 'a1',
      tenantId: 'tenant-001',
      kind: 'vending',
      summary:
        'Budget tenant-001-monthly created: 1000 USD per month (tenancy:budget:create)',
      at: '2026-12-01T10:00:00.000Z',
    },
    {
      id: 'a2',
      tenantId: 'tenant-001',
      kind: 'aws-change',
      summary: 'Budget threshold raised from $1,250.50 to USD 2000',
      at: '2026-12-01T11:00:00.000Z',
    },
    {
      id: 'a3',
      tenantId: 'tenant-001',
      kind: 'vending',
      summary: 'Moved account 100000000001 to /Tenants/standard',
      at: '2026-12-01T12:00:00.000Z',
    },
  ]);
  // Every source with routes, as the plugin mounts them.
  const app = await createTestApp(
    store,
    { requestRefresh: async () => ({ runId: 'r', alreadyRunning: false }) },
    [
      createSpendRouter({
        store: async () => new SpendStore(knex),
        views: async () => new FleetViewStore(knex),
        settings: readSpendSettings(new ConfigReader({})),
      }),
      createHealthRouter({ store: async () => new HealthStore(knex) }),
      createComplianceRouter({ store: async () => new ComplianceStore(knex) }),
      createDeploymentsRouter({
        store: async () => new DeploymentsStore(knex),
        stackSetName: 'tenant-stack',
      }),
      createFinanceSource({
        config: new ConfigReader({}),
        database: { getClient: async () => knex } as never,
        clients: {} as never,
        tenants: {} as never,
      }).createRouter!,
      createLogsSource({
        config: new ConfigReader({}),
        clients: {
          cloudWatchLogs: async () =>
            new CloudWatchLogsClient({ region: 'us-east-1' }),
        } as never,
      }).createRouter!,
    ],
  );
  const get = (path: string, user: string) =>
    request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header(user) });
  return { get };
}

/** The spec's routes that take a tenant id, with bad query parameters or none. */
const TENANT_ROUTES = specRoutes().filter(r => r.includes('{tenantId}'));

describe("another team's tenant answers as a missing one", () => {
  it('the spec has the tenant routes this walks', () => {
    expect(TENANT_ROUTES).toEqual([
      'GET /tenants/{tenantId}',
      'GET /tenants/{tenantId}/activity',
      'GET /tenants/{tenantId}/spend',
      'GET /tenants/{tenantId}/health',
      'GET /tenants/{tenantId}/deployments',
      'GET /tenants/{tenantId}/compliance',
      'GET /tenants/{tenantId}/logs/recent-errors',
      'GET /tenants/{tenantId}/logs/top-messages',
      'GET /tenants/{tenantId}/finance',
    ]);
  });

  it.each(
    [...TENANT_ROUTES, 'GET /tenants/{tenantId}/anything-else'].flatMap(r =>
      ['', '?limit=abc', '?unknown=1'].map(q => [r, q]),
    ),
  )('%s%s: same status and body for the owner', async (route, query) => {
    const { get } = await setup();
    const path = route.slice('GET '.length);
    const answer = async (tenantId: string) => {
      const url = `${path.replace('{tenantId}', tenantId)}${query}`;
      const res = await get(url, TEST_USERS.owner);
      return { url, status: res.status, body: res.body };
    };
    const theirs = await answer('tenant-002');
    const missing = await answer('tenant-999');
    const expected = (tenantId: string, url: string) => ({
      url,
      status: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: `Tenant ${tenantId} not found`,
        },
        request: { method: 'GET', url },
        response: { statusCode: 404 },
      },
    });
    expect(theirs).toEqual(expected('tenant-002', theirs.url));
    expect(missing).toEqual(expected('tenant-999', missing.url));
    // Its own tenant is there: the 404 above is the visibility, not a wrong path.
    const own = await get(
      path.replace('{tenantId}', 'tenant-001'),
      TEST_USERS.owner,
    );
    expect(own.status).toBe(route.endsWith('anything-else') ? 404 : 200);
  });
});

describe('activity amounts need tenants.spend.read', () => {
  it('support (sam) gets every amount hidden, the rest of each entry intact', async () => {
    const { get } = await setup();
    const res = await get('/tenants/tenant-001/activity', TEST_USERS.support);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { summary: string }) => e.summary)).toEqual([
      'Moved account 100000000001 to /Tenants/standard',
      'Budget threshold raised from [amount hidden] to [amount hidden]',
      'Budget tenant-001-monthly created: [amount hidden] per month (tenancy:budget:create)',
    ]);
  });

  it.each([
    ['finance', TEST_USERS.finance],
    ['the owner', TEST_USERS.owner],
    ['a platform engineer', TEST_USERS.platform],
  ])('%s reads the amounts', async (_role, user) => {
    const { get } = await setup();
    const res = await get('/tenants/tenant-001/activity', user);
    expect(res.body.items.map((e: { summary: string }) => e.summary)).toEqual([
      'Moved account 100000000001 to /Tenants/standard',
      'Budget threshold raised from $1,250.50 to USD 2000',
      'Budget tenant-001-monthly created: 1000 USD per month (tenancy:budget:create)',
    ]);
  });
});
