/*
 * Each tenants permission per role, end to end: the tenants backend plugin (with its spend,
 * health, compliance and logs routes) behind the portal's real permission policy, refreshed from an
 * AWS sandbox with 20 tenants.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import request from 'supertest';
import { tenantsPlugin } from '@tenancy/plugin-tenants-backend';
import { policyPermissionsFactory } from './__testUtils__/policyPermissions';

jest.setTimeout(120_000);

/** The permissions service of the portal, with the policy evaluated in-process. */
const permissionsFactory = policyPermissionsFactory();

describe('tenants routes per role (portal policy)', () => {
  let sandbox: RunningSandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let own: string;
  let other: string;
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  beforeAll(async () => {
    // The wall clock: the backend asks Cost Explorer for this month's spend.
    sandbox = await startSandbox({
      port: 0,
      tenants: 20,
      seed: 7,
      clock: 'real',
    });
    backend = await startTestBackend({
      features: [
        tenantsPlugin,
        permissionsFactory,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: {
                accessKeyId: 'sandbox',
                secretAccessKey: 'sandbox',
              },
            },
            tenancy: {
              aws: {
                endpoint: sandbox.endpoint,
                region: 'us-east-1',
                managementAccountId: '000000000000',
                monitoringAccountId: '000000000001',
                securityAccountId: '000000000002',
              },
              tenants: { ouPath: '/Tenants', extraOuPaths: ['/Suspended'] },
              refresh: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 1 },
              },
            },
          },
        }),
      ],
    });
    const started = await request(backend.server)
      .post('/api/tenants/refresh')
      .set(as('user:default/pat'));
    if (started.status !== 202)
      throw new Error(`POST /refresh: ${started.status}`);
    for (let i = 0; i < 240; i++) {
      const runs = await request(backend.server)
        .get('/api/tenants/refresh-runs')
        .set(as('user:default/pat'));
      if (runs.body.items?.[0]?.finishedAt) break;
      await new Promise(r => setTimeout(r, 250));
    }
    const all = await request(backend.server)
      .get('/api/tenants/tenants?limit=100')
      .set(as('user:default/pat'));
    if (all.body.totalCount !== 20) {
      throw new Error(
        `expected 20 tenants after the refresh, got ${all.body.totalCount}`,
      );
    }
    const items = all.body.items as Array<{ tenantId: string; owner: string }>;
    own = items.find(t => t.owner === 'group:default/team-alpha')!.tenantId;
    other = items.find(t => t.owner !== 'group:default/team-alpha')!.tenantId;
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  const ROUTES = (tenant: () => string) => ({
    list: `/api/tenants/tenants`,
    detail: `/api/tenants/tenants/${tenant()}`,
    activity: `/api/tenants/tenants/${tenant()}/activity`,
    spend: `/api/tenants/tenants/${tenant()}/spend`,
    health: `/api/tenants/tenants/${tenant()}/health`,
    compliance: `/api/tenants/tenants/${tenant()}/compliance`,
    logs: `/api/tenants/tenants/${tenant()}/logs/recent-errors`,
    fleet: `/api/tenants/spend/fleet`,
    runs: `/api/tenants/refresh-runs`,
    guardrails: `/api/tenants/guardrails`,
  });

  const EXPECTED: Array<[string, Record<string, number>]> = [
    [
      'user:default/pat',
      {
        list: 200,
        detail: 200,
        activity: 200,
        spend: 200,
        health: 200,
        compliance: 200,
        logs: 200,
        fleet: 200,
        runs: 200,
        guardrails: 200,
      },
    ],
    [
      'user:default/sam',
      {
        list: 200,
        detail: 200,
        activity: 200,
        spend: 403,
        health: 200,
        compliance: 200,
        logs: 200,
        fleet: 403,
        runs: 200,
        guardrails: 200,
      },
    ],
    [
      'user:default/fran',
      {
        list: 200,
        detail: 200,
        activity: 200,
        spend: 200,
        health: 403,
        compliance: 403,
        logs: 403,
        fleet: 200,
        runs: 200,
        guardrails: 200,
      },
    ],
  ];

  it.each(EXPECTED)(
    '%s gets the statuses of the role',
    async (user, statuses) => {
      const routes = ROUTES(() => other);
      for (const [route, status] of Object.entries(statuses)) {
        const res = await request(backend.server)
          .get(routes[route as keyof typeof routes])
          .set(as(user));
        expect([route, res.status]).toEqual([route, status]);
      }
      const refresh = await request(backend.server)
        .post('/api/tenants/refresh')
        .set(as(user));
      expect(refresh.status).toBe(user === 'user:default/pat' ? 202 : 403);
    },
  );

  describe('list columns', () => {
    type Row = {
      tenantId: string;
      owner: string;
      spendMonthToDate: string | null;
      spendChangeRatio: number | null;
      healthStatus: string | null;
      complianceScore: unknown;
    };
    const list = (user: string, query = '') =>
      request(backend.server)
        .get(`/api/tenants/tenants?limit=100${query}`)
        .set(as(user));
    let all: Row[];

    beforeAll(async () => {
      all = (await list('user:default/pat')).body.items;
    });

    // No role into the security account in this config: Config and GuardDuty fail, while the SCP
    // and baseline sources still score every tenant (one failed source degrades only its values).
    it('the snapshot has spend, health and compliance to hide', () => {
      expect(all).toHaveLength(20);
      expect(
        ['spendMonthToDate', 'healthStatus', 'complianceScore'].map(k =>
          all.some(t => t[k as keyof Row] !== null),
        ),
      ).toEqual([true, true, true]);
    });

    it('support (sam) gets every tenant without spend, and no spend sort', async () => {
      const res = await list('user:default/sam');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual(
        all.map(t => ({
          ...t,
          spendMonthToDate: null,
          spendChangeRatio: null,
        })),
      );
      expect([res.body.columns, res.body.conditionalColumns]).toEqual([
        { spend: false, health: true, compliance: true, release: true },
        { spend: false, health: false, compliance: false, release: false },
      ]);
      const sorted = await list('user:default/sam', '&sort=spend&order=desc');
      expect([sorted.status, sorted.body.error.message]).toEqual([
        403,
        'Sorting tenants by spend needs tenants.spend.read for every tenant',
      ]);
      expect(
        (await list('user:default/sam', '&sort=health&health=degraded')).status,
      ).toBe(200);
    });

    it('finance (fran) gets every tenant without health and compliance, and no sort or filter by them', async () => {
      const res = await list('user:default/fran');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual(
        all.map(t => ({
          ...t,
          healthStatus: null,
          complianceScore: null,
          release: null,
        })),
      );
      expect([res.body.columns, res.body.conditionalColumns]).toEqual([
        { spend: true, health: false, compliance: false, release: false },
        { spend: false, health: false, compliance: false, release: false },
      ]);
      const filtered = await list('user:default/fran', '&health=degraded');
      expect([filtered.status, filtered.body.error.message]).toEqual([
        403,
        'Filtering tenants by health needs tenants.health.read for every tenant',
      ]);
      const sorted = await list('user:default/fran', '&sort=compliance');
      expect([sorted.status, sorted.body.error.message]).toEqual([
        403,
        'Sorting tenants by compliance needs tenants.compliance.read for every tenant',
      ]);
      expect((await list('user:default/fran', '&sort=spend')).status).toBe(200);
    });

    it('an owner group (alex) gets its own tenants with every column, sorted by none of them', async () => {
      const res = await list('user:default/alex');
      expect(res.body.items).toEqual(
        all.filter(t => t.owner === 'group:default/team-alpha'),
      );
      expect([res.body.columns, res.body.conditionalColumns]).toEqual([
        { spend: false, health: false, compliance: false, release: false },
        { spend: true, health: true, compliance: true, release: true },
      ]);
      expect((await list('user:default/alex', '&sort=spend')).status).toBe(403);
    });
  });

  it('an owner group sees its own tenants only, with their spend, health and compliance', async () => {
    const mine = ROUTES(() => own);
    const theirs = ROUTES(() => other);
    for (const route of [
      'detail',
      'activity',
      'spend',
      'health',
      'compliance',
    ] as const) {
      const ok = await request(backend.server)
        .get(mine[route])
        .set(as('user:default/alex'));
      expect([route, ok.status]).toEqual([route, 200]);
      const denied = await request(backend.server)
        .get(theirs[route])
        .set(as('user:default/alex'));
      const missing = await request(backend.server)
        .get(theirs[route].replace(other, 'no-such-tenant'))
        .set(as('user:default/alex'));
      // Another team's tenant answers exactly as a missing one: nothing tells it exists.
      expect([route, denied.status, denied.body.error]).toEqual([
        route,
        404,
        { name: 'NotFoundError', message: `Tenant ${other} not found` },
      ]);
      expect([route, missing.status, missing.body.error]).toEqual([
        route,
        404,
        { name: 'NotFoundError', message: 'Tenant no-such-tenant not found' },
      ]);
      expect(Object.keys(denied.body).sort()).toEqual(
        Object.keys(missing.body).sort(),
      );
    }
    const list = await request(backend.server)
      .get(mine.list)
      .set(as('user:default/alex'));
    expect(
      list.body.items.every(
        (t: { owner: string }) => t.owner === 'group:default/team-alpha',
      ),
    ).toBe(true);
    expect(list.body.totalCount).toBeGreaterThan(0);
    expect(list.body.totalCount).toBeLessThan(20);
    expect(
      (
        await request(backend.server)
          .get(mine.fleet)
          .set(as('user:default/alex'))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(backend.server)
          .post('/api/tenants/refresh')
          .set(as('user:default/alex'))
      ).status,
    ).toBe(403);
  });
});
