import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  tenantComplianceReadPermission,
  tenantHealthReadPermission,
  tenantReadPermission,
  tenantRefreshPermission,
  tenantSpendReadPermission,
  tenantsPermissions,
} from '@tenancy/plugin-tenants-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { TenancyPermissionPolicy } from './permissionPolicy';

const policy = new TenancyPermissionPolicy();

function user(ref: string, groups: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...groups],
    },
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
    credentials: {} as PolicyQueryUser['credentials'],
    token: 'token',
  } as PolicyQueryUser;
}

const ROLES = {
  platform: user('user:default/pat', ['group:default/platform-engineers']),
  support: user('user:default/sam', ['group:default/support']),
  finance: user('user:default/fran', ['group:default/finance']),
  owner: user('user:default/alex', ['group:default/team-alpha']),
};

const A = AuthorizeResult.ALLOW;
const D = AuthorizeResult.DENY;
const C = AuthorizeResult.CONDITIONAL;

describe('TenancyPermissionPolicy: tenants permissions per role', () => {
  const expected: Record<
    keyof typeof ROLES,
    Record<string, AuthorizeResult>
  > = {
    platform: {
      'tenants.tenant.read': A,
      'tenants.health.read': A,
      'tenants.compliance.read': A,
      'tenants.deployments.read': A,
      'tenants.logs.read': A,
      'tenants.spend.read': A,
      'tenants.refresh': A,
      'tenants.tenant.offboard': A,
    },
    support: {
      'tenants.tenant.read': A,
      'tenants.health.read': A,
      'tenants.compliance.read': A,
      'tenants.deployments.read': A,
      'tenants.logs.read': A,
      'tenants.spend.read': D,
      'tenants.refresh': D,
      'tenants.tenant.offboard': D,
    },
    finance: {
      'tenants.tenant.read': A,
      'tenants.health.read': D,
      'tenants.compliance.read': D,
      'tenants.deployments.read': D,
      'tenants.logs.read': D,
      'tenants.spend.read': A,
      'tenants.refresh': D,
      'tenants.tenant.offboard': D,
    },
    owner: {
      'tenants.tenant.read': C,
      'tenants.health.read': C,
      'tenants.compliance.read': C,
      'tenants.deployments.read': C,
      'tenants.logs.read': C,
      'tenants.spend.read': C,
      'tenants.refresh': D,
      'tenants.tenant.offboard': D,
    },
  };

  for (const [role, table] of Object.entries(expected)) {
    for (const permission of tenantsPermissions) {
      it(`${role}: ${permission.name} → ${
        table[permission.name]
      }`, async () => {
        const decision = await policy.handle(
          { permission },
          ROLES[role as keyof typeof ROLES],
        );
        expect(decision.result).toBe(table[permission.name]);
      });
    }
  }

  it('limits an owner group to the tenants it owns', async () => {
    const decision = await policy.handle(
      { permission: tenantSpendReadPermission },
      ROLES.owner,
    );
    expect(decision).toEqual({
      result: C,
      pluginId: 'tenants',
      resourceType: 'tenants-tenant',
      conditions: {
        rule: 'IS_TENANT_OWNER',
        resourceType: 'tenants-tenant',
        params: { claims: ['user:default/alex', 'group:default/team-alpha'] },
      },
    });
  });

  it('gives a support member who also owns tenants the union of both', async () => {
    const both = user('user:default/kim', [
      'group:default/support',
      'group:default/team-bravo',
    ]);
    expect(
      (await policy.handle({ permission: tenantHealthReadPermission }, both))
        .result,
    ).toBe(A);
    expect(
      (await policy.handle({ permission: tenantSpendReadPermission }, both))
        .result,
    ).toBe(C);
    expect(
      (await policy.handle({ permission: tenantRefreshPermission }, both))
        .result,
    ).toBe(D);
  });

  it('denies tenants to a request without a user', async () => {
    expect(
      (await policy.handle({ permission: tenantReadPermission })).result,
    ).toBe(D);
    expect(
      (await policy.handle({ permission: tenantComplianceReadPermission }))
        .result,
    ).toBe(D);
  });

  it('keeps vending to platform engineers', async () => {
    const run = {
      name: 'scaffolder.action.execute',
      attributes: {},
      type: 'resource',
      resourceType: 'scaffolder-action',
    } as const;
    expect(
      (await policy.handle({ permission: run }, ROLES.platform)).result,
    ).toBe(A);
    for (const role of [ROLES.support, ROLES.finance, ROLES.owner]) {
      expect((await policy.handle({ permission: run }, role)).result).toBe(D);
    }
  });
});

describe('TenancyPermissionPolicy: Tenant entities in the catalog', () => {
  it('lets platform engineers, support and finance read every entity', async () => {
    for (const role of [ROLES.platform, ROLES.support, ROLES.finance]) {
      expect(
        await policy.handle({ permission: catalogEntityReadPermission }, role),
      ).toEqual({ result: A });
    }
  });

  it('limits an owner to its own Tenants and leaves other kinds readable', async () => {
    expect(
      await policy.handle(
        { permission: catalogEntityReadPermission },
        ROLES.owner,
      ),
    ).toEqual({
      result: C,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'IS_ENTITY_KIND',
              resourceType: 'catalog-entity',
              params: { kinds: ['Tenant'] },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {
              claims: ['user:default/alex', 'group:default/team-alpha'],
            },
          },
        ],
      },
    });
  });

  it('lets only the users who read every Tenant read catalog locations', async () => {
    const read = {
      name: 'catalog.location.read',
      attributes: { action: 'read' },
      type: 'basic',
    } as const;
    const results = await Promise.all(
      Object.values(ROLES).map(
        async role => (await policy.handle({ permission: read }, role)).result,
      ),
    );
    expect(results).toEqual([A, A, A, D]);
  });

  it('keeps catalog writes to platform engineers', async () => {
    const del = {
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
      type: 'resource',
      resourceType: 'catalog-entity',
    } as const;
    expect((await policy.handle({ permission: del }, ROLES.owner)).result).toBe(
      D,
    );
    expect(
      (await policy.handle({ permission: del }, ROLES.platform)).result,
    ).toBe(A);
  });
});

describe('TenancyPermissionPolicy: scaffolder tasks', () => {
  it('lets every signed-in user create tasks', async () => {
    for (const role of Object.values(ROLES)) {
      expect(
        (await policy.handle({ permission: taskCreatePermission }, role))
          .result,
      ).toBe(A);
    }
    expect(
      (await policy.handle({ permission: taskCreatePermission })).result,
    ).toBe(D);
  });

  it('lets a user read and cancel only the tasks it created', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      expect(await policy.handle({ permission }, ROLES.owner)).toEqual({
        result: C,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: ['user:default/alex'] },
        },
      });
      expect((await policy.handle({ permission }, ROLES.support)).result).toBe(
        C,
      );
    }
  });

  it('lets platform engineers read every task', async () => {
    expect(
      await policy.handle({ permission: taskReadPermission }, ROLES.platform),
    ).toEqual({ result: A });
  });
});
