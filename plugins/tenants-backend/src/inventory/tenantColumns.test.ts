import type { PermissionsService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { TenantAccess } from '../permissions/TenantAccess';
import {
  createTenantsConditionalDecision,
  tenantsConditions,
  tenantsPermissionRules,
} from '../permissions/rules';
import { createRouter } from '../router';
import { createInventoryRouter } from '.';
import { KnexTenantsStore } from './store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A policy by permission name; OWNER = a conditional decision for team-1's tenants. */
type Policy = Record<string, 'ALLOW' | 'DENY' | 'OWNER'>;

const SUPPORT: Policy = {
  'tenants.tenant.read': 'ALLOW',
  'tenants.health.read': 'ALLOW',
  'tenants.compliance.read': 'ALLOW',
  'tenants.deployments.read': 'ALLOW',
};
const FINANCE: Policy = {
  'tenants.tenant.read': 'ALLOW',
  'tenants.spend.read': 'ALLOW',
};
const PLATFORM: Policy = {
  ...SUPPORT,
  'tenants.spend.read': 'ALLOW',
};

function decide(policy: Policy, permission: { name: string }): PolicyDecision {
  const answer = policy[permission.name] ?? 'DENY';
  if (answer === 'OWNER') {
    return createTenantsConditionalDecision(
      permission as never,
      tenantsConditions.isTenantOwner({ claims: ['group:default/team-1'] }),
    );
  }
  return {
    result: answer === 'ALLOW' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  };
}

async function setup(policy: Policy) {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  // Owners: tenant-001 and -004 team-1, -002 and -005 team-2, -003 team-0.
  await store.replaceInventory([1, 2, 3, 4, 5].map(n => makeTenant(n)));
  const score = (compliant: number) => ({
    compliant,
    evaluated: 4,
    noData: 0,
    evaluationFailing: 0,
    total: 4,
  });
  await store.updateTenantSummaries([
    {
      tenantId: 'tenant-001',
      spendMonthToDate: '120.00',
      spendChangeRatio: 0.2,
      healthStatus: 'healthy',
      complianceScore: score(3),
      budgetState: 'over',
    },
    {
      tenantId: 'tenant-002',
      spendMonthToDate: '40.50',
      spendChangeRatio: -0.1,
      healthStatus: 'degraded',
      complianceScore: score(2),
      budgetState: 'under',
    },
    {
      tenantId: 'tenant-003',
      spendMonthToDate: '300.00',
      spendChangeRatio: null,
      healthStatus: 'critical',
      complianceScore: score(4),
      budgetState: 'forecast-over',
    },
    {
      tenantId: 'tenant-004',
      spendMonthToDate: '7.25',
      spendChangeRatio: 0.5,
      healthStatus: 'degraded',
      complianceScore: score(1),
    },
  ]);
  const calls: string[][] = [];
  const permissions: PermissionsService = {
    async authorize(requests) {
      return requests.map(r => ({
        result:
          decide(policy, r.permission).result === AuthorizeResult.ALLOW
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests) {
      calls.push(requests.map(r => r.permission.name));
      return requests.map(r => decide(policy, r.permission)) as never;
    },
  };
  const ruleset = {
    getRuleByName: (name: string) =>
      Object.values(tenantsPermissionRules).find(r => r.name === name)!,
  };
  const router = await createRouter(
    {
      store,
      access: new TenantAccess(permissions, ruleset as never),
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
      refresh: { requestRefresh: jest.fn() },
    },
    [createInventoryRouter],
  );
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  const app = express().use(router).use(middleware.error());
  const get = (path: string) =>
    request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header('user:default/u') });
  return { get, calls };
}

/** Each row as [tenant, spend, change, health, compliant]. */
function rows(body: {
  items: Array<{
    tenantId: string;
    spendMonthToDate: string | null;
    spendChangeRatio: number | null;
    healthStatus: string | null;
    complianceScore: { compliant: number } | null;
  }>;
}) {
  return body.items.map(t => [
    t.tenantId,
    t.spendMonthToDate,
    t.spendChangeRatio,
    t.healthStatus,
    t.complianceScore?.compliant ?? null,
  ]);
}

const ALL_ROWS = [
  ['tenant-001', '120.00', 0.2, 'healthy', 3],
  ['tenant-002', '40.50', -0.1, 'degraded', 2],
  ['tenant-003', '300.00', null, 'critical', 4],
  ['tenant-004', '7.25', 0.5, 'degraded', 1],
  ['tenant-005', null, null, null, null],
];

describe('GET /tenants columns by permission', () => {
  it('keeps every column on ALLOW, asking the four column permissions in one call', async () => {
    const { get, calls } = await setup(PLATFORM);
    const res = await get('/tenants?sort=spend&order=desc&health=degraded');
    expect(res.status).toBe(200);
    expect(rows(res.body)).toEqual([ALL_ROWS[1], ALL_ROWS[3]]);
    expect(res.body.columns).toEqual({
      spend: true,
      health: true,
      compliance: true,
      release: true,
    });
    expect(res.body.conditionalColumns).toEqual({
      spend: false,
      health: false,
      compliance: false,
      release: false,
    });
    expect(calls).toEqual([
      ['tenants.tenant.read'],
      [
        'tenants.spend.read',
        'tenants.health.read',
        'tenants.compliance.read',
        'tenants.deployments.read',
      ],
    ]);
    const byCompliance = await get('/tenants?sort=compliance&order=asc');
    expect(byCompliance.status).toBe(200);
    // Tenants without a score last.
    expect(rows(byCompliance.body).map(r => r[0])).toEqual([
      'tenant-004',
      'tenant-002',
      'tenant-001',
      'tenant-003',
      'tenant-005',
    ]);
  });

  it('nulls spend on every row for support (spend denied), and answers 403 to a spend sort', async () => {
    const { get } = await setup(SUPPORT);
    const res = await get('/tenants');
    expect(res.status).toBe(200);
    expect(rows(res.body)).toEqual([
      ['tenant-001', null, null, 'healthy', 3],
      ['tenant-002', null, null, 'degraded', 2],
      ['tenant-003', null, null, 'critical', 4],
      ['tenant-004', null, null, 'degraded', 1],
      ['tenant-005', null, null, null, null],
    ]);
    expect(res.body.columns).toEqual({
      spend: false,
      health: true,
      compliance: true,
      release: true,
    });
    const sorted = await get('/tenants?sort=spend&order=desc');
    expect(sorted.status).toBe(403);
    expect(sorted.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'Sorting tenants by spend needs tenants.spend.read for every tenant',
    });
    const byBudget = await get('/tenants?budget=over');
    expect(byBudget.status).toBe(403);
    expect(byBudget.body.error.message).toBe(
      'Filtering tenants by budget needs tenants.spend.read for every tenant',
    );
    const byHealth = await get('/tenants?sort=health&health=degraded');
    expect(byHealth.status).toBe(200);
    expect(rows(byHealth.body).map(r => r[0])).toEqual([
      'tenant-002',
      'tenant-004',
    ]);
  });

  it('nulls health and compliance for finance, and answers 403 to sorting or filtering by them', async () => {
    const { get } = await setup(FINANCE);
    const res = await get('/tenants?sort=spend&order=desc');
    expect(res.status).toBe(200);
    expect(rows(res.body)).toEqual([
      ['tenant-003', '300.00', null, null, null],
      ['tenant-001', '120.00', 0.2, null, null],
      ['tenant-002', '40.50', -0.1, null, null],
      ['tenant-004', '7.25', 0.5, null, null],
      ['tenant-005', null, null, null, null],
    ]);
    expect(res.body.columns).toEqual({
      spend: true,
      health: false,
      compliance: false,
      release: false,
    });
    for (const [query, message] of [
      [
        'sort=health',
        'Sorting tenants by health needs tenants.health.read for every tenant',
      ],
      [
        'health=degraded',
        'Filtering tenants by health needs tenants.health.read for every tenant',
      ],
      [
        'sort=compliance&order=desc',
        'Sorting tenants by compliance needs tenants.compliance.read for every tenant',
      ],
      [
        'release=behind,failed',
        'Filtering tenants by release needs tenants.deployments.read for every tenant',
      ],
    ]) {
      const denied = await get(`/tenants?${query}`);
      expect([query, denied.status, denied.body.error.message]).toEqual([
        query,
        403,
        message,
      ]);
    }
  });

  it.each([
    // tenant-004 has no budget state (none read) and tenant-005 no budget: never over
    ['over', ['tenant-001']],
    ['forecast-over', ['tenant-001', 'tenant-003']],
  ])(
    'filters by budget on the server for finance: budget=%s → %j',
    async (budget, expected) => {
      const { get } = await setup(FINANCE);
      const res = await get(`/tenants?budget=${budget}`);
      expect(res.status).toBe(200);
      expect(rows(res.body).map(r => r[0])).toEqual(expected);
      expect(res.body.totalCount).toBe(expected.length);
    },
  );

  it('names the rule of a bad budget filter', async () => {
    const { get } = await setup(FINANCE);
    const res = await get('/tenants?budget=under');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid query: budget must be one of over, forecast-over',
    );
  });

  it('gives a conditional spend reader the spend of its own tenants only, and no spend sort', async () => {
    const { get } = await setup({
      'tenants.tenant.read': 'ALLOW',
      'tenants.spend.read': 'OWNER',
      'tenants.compliance.read': 'ALLOW',
    });
    const res = await get('/tenants');
    expect(res.status).toBe(200);
    expect(rows(res.body)).toEqual([
      ['tenant-001', '120.00', 0.2, null, 3],
      ['tenant-002', null, null, null, 2],
      ['tenant-003', null, null, null, 4],
      ['tenant-004', '7.25', 0.5, null, 1],
      ['tenant-005', null, null, null, null],
    ]);
    expect(res.body.columns).toEqual({
      spend: false,
      health: false,
      compliance: true,
      release: false,
    });
    expect(res.body.conditionalColumns).toEqual({
      spend: true,
      health: false,
      compliance: false,
      release: false,
    });
    const sorted = await get('/tenants?sort=spend');
    expect(sorted.status).toBe(403);
    expect(sorted.body.error.message).toBe(
      'Sorting tenants by spend needs tenants.spend.read for every tenant',
    );
  });

  it('gives an owner group its own tenants with every column, sortable by none of them', async () => {
    const { get } = await setup({
      'tenants.tenant.read': 'OWNER',
      'tenants.spend.read': 'OWNER',
      'tenants.health.read': 'OWNER',
      'tenants.compliance.read': 'OWNER',
      'tenants.deployments.read': 'OWNER',
    });
    const res = await get('/tenants');
    expect(rows(res.body)).toEqual([ALL_ROWS[0], ALL_ROWS[3]]);
    expect(res.body.totalCount).toBe(2);
    expect(res.body.columns).toEqual({
      spend: false,
      health: false,
      compliance: false,
      release: false,
    });
    expect(res.body.conditionalColumns).toEqual({
      spend: true,
      health: true,
      compliance: true,
      release: true,
    });
    expect((await get('/tenants?sort=health')).status).toBe(403);
    expect((await get('/tenants?sort=name&order=desc')).status).toBe(200);
  });

  it('answers the missing tenants.tenant.read before any column check', async () => {
    const { get } = await setup({ 'tenants.spend.read': 'ALLOW' });
    const res = await get('/tenants?sort=health');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission tenants.tenant.read',
    );
  });

  it('nulls the same columns on the tenant detail', async () => {
    const support = await setup(SUPPORT);
    const one = await support.get('/tenants/tenant-002');
    expect(one.status).toBe(200);
    expect(rows({ items: [one.body] })).toEqual([
      ['tenant-002', null, null, 'degraded', 2],
    ]);
    const owner = await setup({
      'tenants.tenant.read': 'ALLOW',
      'tenants.spend.read': 'OWNER',
    });
    expect(
      rows({
        items: [
          (await owner.get('/tenants/tenant-001')).body,
          (await owner.get('/tenants/tenant-002')).body,
        ],
      }),
    ).toEqual([
      ['tenant-001', '120.00', 0.2, null, null],
      ['tenant-002', null, null, null, null],
    ]);
  });
});
