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
      'tenants.spend.read': A,
      'tenants.refresh': A,
    },
    support: {
      'tenants.tenant.read': A,
      'tenants.health.read': A,
      'tenants.compliance.read': A,
      'tenants.spend.read': D,
      'tenants.refresh': D,
    },
    finance: {
      'tenants.tenant.read': A,
      'tenants.health.read': D,
      'tenants.compliance.read': D,
      'tenants.spend.read': A,
      'tenants.refresh': D,
    },
    owner: {
      'tenants.tenant.read': C,
      'tenants.health.read': C,
      'tenants.compliance.read': C,
      'tenants.spend.read': C,
      'tenants.refresh': D,
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

  it('keeps vending to platform engineers and the catalog readable for all', async () => {
    const run = {
      name: 'scaffolder.action.execute',
      attributes: {},
      type: 'basic',
    } as const;
    const read = {
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
      type: 'basic',
    } as const;
    expect(
      (await policy.handle({ permission: run }, ROLES.platform)).result,
    ).toBe(A);
    for (const role of [ROLES.support, ROLES.finance, ROLES.owner]) {
      expect((await policy.handle({ permission: run }, role)).result).toBe(D);
      expect((await policy.handle({ permission: read }, role)).result).toBe(A);
    }
  });
});
