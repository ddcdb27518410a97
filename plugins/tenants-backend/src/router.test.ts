import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { KnexTenantsStore } from './inventory/store/KnexTenantsStore';
import { makeTenant } from './__testUtils__/testFixtures';
import { TEST_USERS, createTestApp } from './__testUtils__/testApp';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  await store.replaceInventory([1, 2, 3, 4, 5].map(n => makeTenant(n)));
  const requestRefresh = jest.fn(async () => ({
    runId: 'run-1',
    alreadyRunning: false,
  }));
  const app = await createTestApp(store, { requestRefresh });
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  return { store, app, requestRefresh, as };
}

describe('tenants router', () => {
  it('lists tenants with paging for a platform engineer', async () => {
    const { app, as } = await setup();
    const res = await request(app)
      .get('/tenants?limit=2&offset=1&sort=name&order=desc')
      .set(as(TEST_USERS.platform));
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(5);
    expect(res.body.limit).toBe(2);
    expect(res.body.offset).toBe(1);
    expect(res.body.items.map((t: { tenantId: string }) => t.tenantId)).toEqual(
      ['tenant-004', 'tenant-003'],
    );
  });

  it('filters by repeated and comma-separated values', async () => {
    const { app, as } = await setup();
    const res = await request(app)
      .get(
        '/tenants?owner=group:default/team-1,group:default/team-2&state=ACTIVE&state=SUSPENDED',
      )
      .set(as(TEST_USERS.support));
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { tenantId: string }) => t.tenantId)).toEqual(
      ['tenant-001', 'tenant-002', 'tenant-004', 'tenant-005'],
    );
  });

  it.each([
    ['limit=500', 'Invalid query: limit must be an integer from 1 to 100'],
    ['limit=0', 'Invalid query: limit must be an integer from 1 to 100'],
    ['limit=abc', 'Invalid query: limit must be an integer from 1 to 100'],
    ['limit=1&limit=2', 'Invalid query: limit must be given once'],
    ['offset=-1', 'Invalid query: offset must be an integer from 0 to 1000000'],
    [
      'sort=size',
      'Invalid query: sort must be one of name, state, tier, owner, joined, spend, health, compliance',
    ],
    ['order=up', 'Invalid query: order must be asc or desc'],
    [
      'state=RUNNING',
      'Invalid query: state must be one of PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED',
    ],
    [
      'health=green',
      'Invalid query: health must be one of healthy, degraded, critical, unknown',
    ],
    ['color=red', 'Invalid query: unknown parameter color'],
  ])('answers 400 naming the rule for %s', async (query, message) => {
    const { app, as } = await setup();
    const res = await request(app)
      .get(`/tenants?${query}`)
      .set(as(TEST_USERS.platform));
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(message);
  });

  it('shows an owner group only its own tenants', async () => {
    const { app, as } = await setup();
    const list = await request(app).get('/tenants').set(as(TEST_USERS.owner));
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(2);
    expect(
      list.body.items.map((t: { tenantId: string }) => t.tenantId),
    ).toEqual(['tenant-001', 'tenant-004']);
    expect(
      (await request(app).get('/tenants/tenant-004').set(as(TEST_USERS.owner)))
        .status,
    ).toBe(200);
    const other = await request(app)
      .get('/tenants/tenant-002')
      .set(as(TEST_USERS.owner));
    expect([other.status, other.body.error]).toEqual([
      404,
      { name: 'NotFoundError', message: 'Tenant tenant-002 not found' },
    ]);
    expect(
      (
        await request(app)
          .get('/tenants/tenant-002/activity')
          .set(as(TEST_USERS.owner))
      ).status,
    ).toBe(404);
  });

  it('answers the tenant detail and 404 for an unknown tenant', async () => {
    const { app, as } = await setup();
    const res = await request(app)
      .get('/tenants/tenant-003')
      .set(as(TEST_USERS.finance));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenantId: 'tenant-003',
      accountId: '100000000003',
      accountName: 'Tenant 3',
      email: 'aws+tenant-003@example.com',
      ouId: 'ou-ab12-standard',
      ouPath: '/Tenants/standard',
      state: 'ACTIVE',
      tier: 'standard',
      owner: 'group:default/team-0',
      regions: ['eu-west-1'],
      tags: { owner: 'team-0', tenant: 'tenant-003', tier: 'standard' },
      joinedAt: '2025-01-04T00:00:00.000Z',
      healthStatus: null,
      complianceScore: null,
      spendMonthToDate: null,
      spendChangeRatio: null,
      release: null,
    });
    const missing = await request(app)
      .get('/tenants/nope')
      .set(as(TEST_USERS.platform));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Tenant nope not found');
  });

  it('lets platform engineers start a refresh, not support or finance', async () => {
    const { app, as, requestRefresh } = await setup();
    const ok = await request(app).post('/refresh').set(as(TEST_USERS.platform));
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ runId: 'run-1', alreadyRunning: false });
    expect(requestRefresh).toHaveBeenCalledWith({ actor: TEST_USERS.platform });
    // an empty JSON object is no body; anything else is refused, not ignored
    expect(
      (
        await request(app)
          .post('/refresh')
          .set(as(TEST_USERS.platform))
          .send({})
      ).status,
    ).toBe(202);
    for (const body of [{ x: 1 }, []]) {
      const bad = await request(app)
        .post('/refresh')
        .set(as(TEST_USERS.platform))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect([bad.status, bad.body.error.message]).toEqual([
        400,
        'Invalid body: POST /refresh takes no body',
      ]);
    }
    // a body of another content type is refused too (Express would not parse it, so it would
    // be ignored)
    const text = await request(app)
      .post('/refresh')
      .set(as(TEST_USERS.platform))
      .set('Content-Type', 'text/plain')
      .send('{"a":1}');
    expect([text.status, text.body.error.message]).toEqual([
      400,
      'Invalid body: POST /refresh takes no body',
    ]);
    expect(requestRefresh).toHaveBeenCalledTimes(2);
    for (const user of [
      TEST_USERS.support,
      TEST_USERS.finance,
      TEST_USERS.owner,
    ]) {
      const denied = await request(app).post('/refresh').set(as(user));
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'Missing permission tenants.refresh',
      );
    }
    expect(requestRefresh).toHaveBeenCalledTimes(2);
  });

  it('lists refresh runs; per-tenant errors only for users who see every tenant', async () => {
    const { app, as, store } = await setup();
    await store.startRefreshRun({
      id: 'r1',
      trigger: 'schedule',
      startedAt: new Date('2026-11-29T10:00:00Z'),
    });
    await store.finishRefreshRun('r1', {
      status: 'succeeded',
      awsCalls: { 'Organizations.ListAccountsForParent': 1 },
      errors: [
        { tenantId: 'tenant-002', collector: 'inventory', message: 'x' },
      ],
      tenantCount: 5,
      finishedAt: new Date('2026-11-29T10:00:02Z'),
    });
    const support = await request(app)
      .get('/refresh-runs?limit=5')
      .set(as(TEST_USERS.support));
    expect(support.body.items).toEqual([
      {
        id: 'r1',
        startedAt: '2026-11-29T10:00:00.000Z',
        finishedAt: '2026-11-29T10:00:02.000Z',
        status: 'succeeded',
        awsCalls: { 'Organizations.ListAccountsForParent': 1 },
        errors: [
          { tenantId: 'tenant-002', collector: 'inventory', message: 'x' },
        ],
        tenantCount: 5,
        durationSeconds: 2,
      },
    ]);
    const owner = await request(app)
      .get('/refresh-runs')
      .set(as(TEST_USERS.owner));
    // an owner learns when runs ended, not the fleet's size, calls or other tenants' errors
    expect(owner.body.items[0]).toEqual({
      id: 'r1',
      startedAt: '2026-11-29T10:00:00.000Z',
      finishedAt: '2026-11-29T10:00:02.000Z',
      status: 'succeeded',
      awsCalls: {},
      errors: [],
      tenantCount: 0,
      durationSeconds: 2,
    });
    expect(
      (
        await request(app)
          .get('/refresh-runs?limit=101')
          .set(as(TEST_USERS.owner))
      ).status,
    ).toBe(400);
  });

  it('answers each source freshness to anyone who may read tenants, 403 to others', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexTenantsStore.create(
      mockServices.database({ knex }),
    );
    const spend = {
      source: 'spend',
      refreshedAt: '2026-11-29T02:00:00.000Z',
      attemptedAt: '2026-11-29T10:00:00.000Z',
      error: 'AccessDeniedException: ce:GetCostAndUsage',
      refreshing: false,
      cadenceSeconds: 28800,
    };
    const app = await createTestApp(store, { requestRefresh: jest.fn() }, [], {
      freshness: async () => [spend],
    });
    const as = (user: string) => ({
      Authorization: mockCredentials.user.header(user),
    });
    const finance = await request(app)
      .get('/freshness')
      .set(as(TEST_USERS.finance));
    expect([finance.status, finance.body]).toEqual([200, { items: [spend] }]);
    const owner = await request(app)
      .get('/freshness')
      .set(as(TEST_USERS.owner));
    // Someone who reads only their own tenants learns that the read failed, not AWS's text.
    expect([owner.status, owner.body]).toEqual([
      200,
      { items: [{ ...spend, error: 'The last read failed' }] },
    ]);
    const nobody = await request(app)
      .get('/freshness')
      .set(as('user:default/nobody'));
    expect([nobody.status, nobody.body.error?.message]).toEqual([
      403,
      'Missing permission tenants.tenant.read',
    ]);
  });

  it('records activity from services only, validating the body', async () => {
    const { app, as } = await setup();
    const service = { Authorization: mockCredentials.service.header() };
    const created = await request(app).post('/activity').set(service).send({
      tenantId: 'tenant-001',
      kind: 'vending',
      summary: 'Account created (tenancy:account:create)',
      taskId: 't-9',
      at: '2026-11-29T10:00:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantId: 'tenant-001',
      kind: 'vending',
      taskId: 't-9',
      at: '2026-11-29T10:00:00.000Z',
    });
    const bad = await request(app)
      .post('/activity')
      .set(service)
      .send({ tenantId: 'acme corp', kind: 'vending', summary: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid body: tenantId must be runs of [a-zA-Z0-9] joined by single - _ .',
    );
    const user = await request(app)
      .post('/activity')
      .set(as(TEST_USERS.platform))
      .send({ tenantId: 'a', kind: 'vending', summary: 'x' });
    expect(user.status).toBe(403);
    const activity = await request(app)
      .get('/tenants/tenant-001/activity')
      .set(as(TEST_USERS.platform));
    expect(
      activity.body.items.map((a: { summary: string }) => a.summary),
    ).toEqual(['Account created (tenancy:account:create)']);
  });

  it('answers the guardrail catalog to readers, 403 to others', async () => {
    const { store, as } = await setup();
    const guardrails = async () => [
      {
        id: 'deny-leave-org',
        title: 'Deny leaving the organization',
        why: 'x',
        kind: 'preventive' as const,
        severity: 'high' as const,
      },
    ];
    const app = await createTestApp(store, { requestRefresh: jest.fn() }, [], {
      guardrails,
    });
    const ok = await request(app).get('/guardrails').set(as(TEST_USERS.owner));
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((g: { id: string }) => g.id)).toEqual([
      'deny-leave-org',
    ]);
    const denied = await request(app)
      .get('/guardrails')
      .set(as('user:default/stranger'));
    expect(denied.status).toBe(403);
  });
});
