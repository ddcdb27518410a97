import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { KnexTenantsStore } from './store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';
import { TEST_USERS, createTestApp } from '../__testUtils__/testApp';

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
  const app = await createTestApp(store, {
    requestRefresh: async () => ({ runId: 'r', alreadyRunning: false }),
  });
  const get = (path: string, user: string) =>
    request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header(user) });
  return { get };
}

describe("another team's tenant answers as a missing one", () => {
  it.each([
    '',
    '/activity',
    '/spend',
    '/health',
    '/compliance',
    '/anything-else',
  ])('GET /tenants/:id%s: same status and body', async suffix => {
    const { get } = await setup();
    const theirs = await get(`/tenants/tenant-002${suffix}`, TEST_USERS.owner);
    const missing = await get(`/tenants/tenant-999${suffix}`, TEST_USERS.owner);
    expect([theirs.status, theirs.body]).toEqual([
      404,
      {
        error: {
          name: 'NotFoundError',
          message: 'Tenant tenant-002 not found',
        },
        request: { method: 'GET', url: `/tenants/tenant-002${suffix}` },
        response: { statusCode: 404 },
      },
    ]);
    expect([missing.status, missing.body]).toEqual([
      404,
      {
        error: {
          name: 'NotFoundError',
          message: 'Tenant tenant-999 not found',
        },
        request: { method: 'GET', url: `/tenants/tenant-999${suffix}` },
        response: { statusCode: 404 },
      },
    ]);
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
