import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { KnexTenantsStore } from './KnexTenantsStore';
import { storeTestDatabaseIds } from '../../__testUtils__/testDatabaseIds';
import { makeTenant } from '../../__testUtils__/testFixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: storeTestDatabaseIds() });

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  return { knex, store };
}

const baseQuery = { limit: 50, offset: 0 };

describe.each(databases.eachSupportedId())(
  'KnexTenantsStore on %s',
  databaseId => {
    it('replaces the inventory: adds, updates, removes and keeps summaries', async () => {
      const { store } = await createStore(databaseId);
      const first = await store.replaceInventory([
        makeTenant(1),
        makeTenant(2),
        makeTenant(3),
      ]);
      expect(first).toEqual({
        added: ['tenant-001', 'tenant-002', 'tenant-003'],
        updated: [],
        removed: [],
      });
      await store.updateTenantSummaries([
        {
          tenantId: 'tenant-001',
          spendMonthToDate: '126.05',
          healthStatus: 'degraded',
          release: { version: '2.0.0', status: 'failed' },
        },
      ]);

      const second = await store.replaceInventory([
        makeTenant(1, { state: 'SUSPENDED' }),
        makeTenant(2),
        makeTenant(4),
      ]);
      expect(second).toEqual({
        added: ['tenant-004'],
        updated: ['tenant-001'],
        removed: ['tenant-003'],
      });
      const t1 = await store.getTenant('tenant-001');
      expect(t1).toEqual({
        ...makeTenant(1, { state: 'SUSPENDED' }),
        tagsReadAt: undefined,
        healthStatus: 'degraded',
        complianceScore: null,
        spendMonthToDate: '126.05',
        spendChangeRatio: null,
        release: { version: '2.0.0', status: 'failed' },
      });
      expect(t1).not.toHaveProperty('tagsReadAt');
      expect(await store.getTenant('tenant-003')).toBeUndefined();
      expect((await store.listAllTenants()).map(t => t.tenantId)).toEqual([
        'tenant-001',
        'tenant-002',
        'tenant-004',
      ]);
      expect((await store.listAllTenants())[0].tagsReadAt).toBe(
        '2026-01-01T00:00:00.000Z',
      );
    });

    it('keeps a closed tenant, CLOSED, when its account leaves the organization (its spend stays readable)', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceInventory([
        makeTenant(1, { state: 'SUSPENDED' }),
        makeTenant(2, { state: 'PENDING_CLOSURE' }),
        makeTenant(3, { state: 'ACTIVE' }),
        makeTenant(4, { state: 'CLOSED' }),
      ]);
      // AWS removes a closed account 90 days after CloseAccount: gone from ListAccounts.
      const change = await store.replaceInventory([]);
      expect(change).toEqual({
        added: [],
        updated: ['tenant-001', 'tenant-002'],
        removed: ['tenant-003'],
      });
      expect(
        (await store.listAllTenants()).map(t => [t.tenantId, t.state]),
      ).toEqual([
        ['tenant-001', 'CLOSED'],
        ['tenant-002', 'CLOSED'],
        ['tenant-004', 'CLOSED'],
      ]);
      expect(await store.replaceInventory([])).toEqual({
        added: [],
        updated: [],
        removed: [],
      });
    });

    it('pages, sorts and filters the list', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceInventory(
        Array.from({ length: 25 }, (_, i) =>
          makeTenant(i + 1, {
            state: i % 5 === 0 ? 'SUSPENDED' : 'ACTIVE',
            tier: i % 2 === 0 ? 'premium' : 'standard',
          }),
        ),
      );
      const page = await store.listTenants({
        ...baseQuery,
        limit: 10,
        offset: 20,
      });
      expect(page.totalCount).toBe(25);
      expect(page.items.map(t => t.tenantId)).toEqual([
        'tenant-021',
        'tenant-022',
        'tenant-023',
        'tenant-024',
        'tenant-025',
      ]);

      const desc = await store.listTenants({
        ...baseQuery,
        limit: 3,
        order: 'desc',
      });
      expect(desc.items.map(t => t.tenantId)).toEqual([
        'tenant-025',
        'tenant-024',
        'tenant-023',
      ]);

      const suspended = await store.listTenants({
        ...baseQuery,
        state: ['SUSPENDED'],
      });
      expect(suspended.totalCount).toBe(5);
      expect(suspended.items.map(t => t.tenantId)).toEqual([
        'tenant-001',
        'tenant-006',
        'tenant-011',
        'tenant-016',
        'tenant-021',
      ]);

      const byState = await store.listTenants({
        ...baseQuery,
        sort: 'state',
        limit: 2,
      });
      expect(byState.items.map(t => [t.tenantId, t.state])).toEqual([
        ['tenant-002', 'ACTIVE'],
        ['tenant-003', 'ACTIVE'],
      ]);

      const premiumTeam1 = await store.listTenants({
        ...baseQuery,
        tier: ['premium'],
        owner: ['group:default/team-1'],
      });
      expect(premiumTeam1.items.map(t => t.tenantId)).toEqual([
        'tenant-001',
        'tenant-007',
        'tenant-013',
        'tenant-019',
        'tenant-025',
      ]);

      const search = await store.listTenants({ ...baseQuery, q: 'TENANT 1' });
      expect(search.items.map(t => t.accountName)).toEqual([
        'Tenant 1',
        'Tenant 10',
        'Tenant 11',
        'Tenant 12',
        'Tenant 13',
        'Tenant 14',
        'Tenant 15',
        'Tenant 16',
        'Tenant 17',
        'Tenant 18',
        'Tenant 19',
      ]);
      const byAccount = await store.listTenants({
        ...baseQuery,
        q: '100000000007',
      });
      expect(byAccount.items.map(t => t.tenantId)).toEqual(['tenant-007']);
      const wildcard = await store.listTenants({ ...baseQuery, q: '%' });
      expect(wildcard.totalCount).toBe(0);
    });

    it('sorts summary columns with missing values last in both orders', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceInventory([1, 2, 3, 4].map(n => makeTenant(n)));
      await store.updateTenantSummaries([
        {
          tenantId: 'tenant-001',
          spendMonthToDate: '9.99',
          healthStatus: 'critical',
        },
        {
          tenantId: 'tenant-002',
          spendMonthToDate: '100.00',
          healthStatus: 'healthy',
        },
        {
          tenantId: 'tenant-003',
          spendMonthToDate: '-10.00',
          healthStatus: 'unknown',
        },
        {
          tenantId: 'tenant-002',
          complianceScore: {
            compliant: 1,
            evaluated: 2,
            noData: 0,
            evaluationFailing: 0,
            total: 2,
          },
        },
        {
          tenantId: 'tenant-004',
          complianceScore: {
            compliant: 3,
            evaluated: 3,
            noData: 1,
            evaluationFailing: 0,
            total: 4,
          },
        },
      ]);
      const ids = async (
        sort: 'spend' | 'health' | 'compliance',
        order: 'asc' | 'desc',
      ) =>
        (await store.listTenants({ ...baseQuery, sort, order })).items.map(
          t => t.tenantId,
        );
      expect(await ids('spend', 'asc')).toEqual([
        'tenant-003',
        'tenant-001',
        'tenant-002',
        'tenant-004',
      ]);
      expect(await ids('spend', 'desc')).toEqual([
        'tenant-002',
        'tenant-001',
        'tenant-003',
        'tenant-004',
      ]);
      expect(await ids('health', 'desc')).toEqual([
        'tenant-001',
        'tenant-003',
        'tenant-002',
        'tenant-004',
      ]);
      expect(await ids('compliance', 'asc')).toEqual([
        'tenant-002',
        'tenant-004',
        'tenant-001',
        'tenant-003',
      ]);
      const unknown = await store.listTenants({
        ...baseQuery,
        health: ['unknown'],
      });
      expect(unknown.items.map(t => t.tenantId)).toEqual([
        'tenant-003',
        'tenant-004',
      ]);
    });

    it('applies permission filters', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceInventory([1, 2, 3, 4, 5, 6].map(n => makeTenant(n)));
      const own = await store.listTenants(baseQuery, {
        key: 'owner',
        values: ['group:default/team-1', 'user:default/sam'],
      });
      expect(own.totalCount).toBe(2);
      expect(own.items.map(t => t.tenantId)).toEqual([
        'tenant-001',
        'tenant-004',
      ]);
      const none = await store.listTenants(baseQuery, {
        key: 'owner',
        values: [],
      });
      expect(none.totalCount).toBe(0);
      const not = await store.listTenants(baseQuery, {
        not: {
          anyOf: [
            { key: 'owner', values: ['group:default/team-0'] },
            { key: 'owner', values: ['group:default/team-2'] },
          ],
        },
      });
      expect(not.items.map(t => t.tenantId)).toEqual([
        'tenant-001',
        'tenant-004',
      ]);
    });

    it('records refresh runs: queued, running, finished', async () => {
      const { store } = await createStore(databaseId);
      await store.queueRefreshRun({
        id: 'run-1',
        trigger: 'manual',
        actor: 'user:default/pat',
        requestedAt: new Date('2026-11-29T10:00:00Z'),
      });
      expect((await store.getQueuedRefreshRun())?.id).toBe('run-1');
      await store.startRefreshRun({
        id: 'run-1',
        trigger: 'manual',
        startedAt: new Date('2026-11-29T10:00:05Z'),
      });
      expect(await store.getQueuedRefreshRun()).toBeUndefined();
      expect((await store.getRunningRefreshRun())?.id).toBe('run-1');
      await store.finishRefreshRun('run-1', {
        status: 'succeeded',
        awsCalls: { 'Organizations.ListAccountsForParent': 3 },
        errors: [
          { tenantId: 'tenant-001', collector: 'inventory', message: 'boom' },
        ],
        tenantCount: 50,
        finishedAt: new Date('2026-11-29T10:00:17.500Z'),
      });
      await store.startRefreshRun({
        id: 'run-2',
        trigger: 'schedule',
        startedAt: new Date('2026-11-29T11:00:00Z'),
      });
      const runs = await store.listRefreshRuns(10);
      expect(runs.map(r => [r.id, r.status])).toEqual([
        ['run-2', 'running'],
        ['run-1', 'succeeded'],
      ]);
      expect(runs[1]).toEqual({
        id: 'run-1',
        status: 'succeeded',
        trigger: 'manual',
        actor: 'user:default/pat',
        requestedAt: '2026-11-29T10:00:00.000Z',
        startedAt: '2026-11-29T10:00:05.000Z',
        finishedAt: '2026-11-29T10:00:17.500Z',
        awsCalls: { 'Organizations.ListAccountsForParent': 3 },
        errors: [
          { tenantId: 'tenant-001', collector: 'inventory', message: 'boom' },
        ],
        tenantCount: 50,
        durationSeconds: 12.5,
      });
    });

    it('stores activity newest first per tenant', async () => {
      const { store } = await createStore(databaseId);
      await store.addActivity([
        {
          id: 'a1',
          tenantId: 'acme',
          kind: 'vending',
          summary: 'Account created',
          taskId: 't-1',
          actor: 'user:default/pat',
          at: '2026-11-29T10:00:00.000Z',
        },
        {
          id: 'a2',
          tenantId: 'acme',
          kind: 'refresh',
          summary: 'Added by refresh run-1',
          at: '2026-11-29T11:00:00.000Z',
        },
        {
          id: 'a3',
          tenantId: 'globex',
          kind: 'refresh',
          summary: 'x',
          at: '2026-11-29T12:00:00.000Z',
        },
      ]);
      expect(await store.listActivity('acme', 10)).toEqual([
        {
          id: 'a2',
          tenantId: 'acme',
          kind: 'refresh',
          summary: 'Added by refresh run-1',
          at: '2026-11-29T11:00:00.000Z',
        },
        {
          id: 'a1',
          tenantId: 'acme',
          kind: 'vending',
          summary: 'Account created',
          taskId: 't-1',
          actor: 'user:default/pat',
          at: '2026-11-29T10:00:00.000Z',
        },
      ]);
    });

    it('replaces a large inventory in chunks', async () => {
      const { store } = await createStore(databaseId);
      const tenants = Array.from({ length: 1234 }, (_, i) =>
        makeTenant(i + 1, { tenantId: `t-${i + 1}` }),
      );
      expect((await store.replaceInventory(tenants)).added).toHaveLength(1234);
      expect(
        (await store.listTenants({ ...baseQuery, limit: 100, offset: 1200 }))
          .items,
      ).toHaveLength(34);
      expect(
        (await store.replaceInventory(tenants.slice(0, 1000))).removed,
      ).toHaveLength(234);
    });
  },
);
