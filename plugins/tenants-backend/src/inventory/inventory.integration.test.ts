import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { TEST_USERS, createTestApp } from '../__testUtils__/testApp';
import { createSandboxRefresh } from '../__testUtils__/sandboxHarness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const as = { Authorization: mockCredentials.user.header(TEST_USERS.platform) };

describe('inventory refresh against a 50-tenant AWS sandbox', () => {
  let harness: Awaited<ReturnType<typeof createSandboxRefresh>>;
  let app: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    harness = await createSandboxRefresh({
      knex: await databases.init('SQLITE_3'),
      tenants: 50,
    });
    app = await createTestApp(harness.store, harness.refresher);
  });
  afterAll(() => harness?.sandbox.stop());

  it('stores 50 tenants with ⌈N/20⌉ + a few calls, then re-reads no tags', async () => {
    const run = await harness.refresher.run({
      id: 'run-1',
      trigger: 'schedule',
    });
    expect(run.status).toBe('succeeded');
    expect(run.errors).toEqual([]);
    expect(run.tenantCount).toBe(50);
    expect(run.awsCalls['Organizations.ListTagsForResource']).toBe(50);
    const second = await harness.refresher.run({
      id: 'run-2',
      trigger: 'schedule',
    });
    expect(second.tenantCount).toBe(50);
    expect(
      second.awsCalls['Organizations.ListTagsForResource'],
    ).toBeUndefined();
    const { ListTagsForResource: _tags, ...listing } = Object.fromEntries(
      Object.entries(second.awsCalls).map(([k, v]) => [
        k.replace('Organizations.', ''),
        v,
      ]),
    );
    const calls = Object.values(listing).reduce((a, b) => a + b, 0);
    // 50 accounts in 4 OUs: ListRoots 1, OU listings ≤ 7, account pages 1 per OU.
    expect(calls).toBeLessThanOrEqual(Math.ceil(50 / 20) + 12);
    // One page per OU (Tenants, 3 tiers, Suspended), two for the tier with over 20 accounts.
    expect(second.awsCalls['Organizations.ListAccountsForParent']).toBe(6);
    expect(run.awsCalls['Organizations.ListAccountsForParent']).toBe(6);
    expect(
      harness.sandbox.stats().calls['Organizations.ListAccountsForParent'],
    ).toBe(12);
  });

  it('lists, sorts, filters and pages the 50 tenants through the API', async () => {
    const all = await request(app).get('/tenants?limit=100').set(as);
    expect(all.status).toBe(200);
    expect(all.body.totalCount).toBe(50);
    const ids: string[] = all.body.items.map(
      (t: { tenantId: string }) => t.tenantId,
    );
    expect(ids).toEqual([...ids].sort());

    const pages: string[] = [];
    for (let offset = 0; offset < 50; offset += 20) {
      const page = await request(app)
        .get(`/tenants?limit=20&offset=${offset}`)
        .set(as);
      pages.push(
        ...page.body.items.map((t: { tenantId: string }) => t.tenantId),
      );
    }
    expect(pages).toEqual(ids);

    const byJoined = await request(app)
      .get('/tenants?sort=joined&order=desc&limit=100')
      .set(as);
    const joined: string[] = byJoined.body.items.map(
      (t: { joinedAt: string }) => t.joinedAt,
    );
    expect(joined).toEqual([...joined].sort().reverse());

    const suspended = await request(app)
      .get('/tenants?state=SUSPENDED')
      .set(as);
    expect(suspended.body.totalCount).toBe(1);
    expect(suspended.body.items[0].ouPath).toBe('/Suspended');

    const tiers = await Promise.all(
      ['standard', 'premium', 'enterprise'].map(tier =>
        request(app)
          .get(`/tenants?tier=${tier}&limit=1`)
          .set(as)
          .then(r => r.body.totalCount as number),
      ),
    );
    expect(tiers.reduce((a, b) => a + b, 0)).toBe(50);

    const first = all.body.items[0];
    expect(first.owner).toMatch(
      /^group:default\/team-(alpha|bravo|charlie|delta|echo|foxtrot)$/,
    );
    const search = await request(app)
      .get(`/tenants?q=${first.accountId}`)
      .set(as);
    expect(
      search.body.items.map((t: { tenantId: string }) => t.tenantId),
    ).toEqual([first.tenantId]);
  });
});
