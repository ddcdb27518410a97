import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';
import { testContext, testDeps } from '../__testUtils__/harness';

const input = {
  tenantId: 'acme',
  accountId: '222222222222',
  accountName: 'acme',
  owner: 'team-acme',
  tier: 'premium',
  ouPath: '/Tenants/premium',
};

describe('tenancy:tenant:register', () => {
  it('registers through the registrar with the initiator credentials and records activity', async () => {
    const calls: any[] = [];
    const t = testDeps({
      registrar: {
        register: async (tenant, o) => {
          calls.push({
            tenant,
            timeoutSeconds: o.timeoutSeconds,
            principal: o.credentials.principal,
          });
          return { entityRef: 'tenant:default/acme', uid: 'u1' };
        },
      },
    });
    const { ctx, outputs, lines } = testContext(input);
    await createTenancyTenantRegisterAction(t.deps).handler(ctx);
    expect(calls).toEqual([
      {
        tenant: {
          tenantId: 'acme',
          displayName: undefined,
          accountId: '222222222222',
          accountName: 'acme',
          owner: 'group:default/team-acme',
          tier: 'premium',
          ouPath: '/Tenants/premium',
          regions: [],
        },
        timeoutSeconds: 120,
        principal: { type: 'user', userEntityRef: 'user:default/mock' },
      },
    ]);
    expect(outputs).toEqual({ entityRef: 'tenant:default/acme' });
    expect(lines).toEqual(['info: tenant:default/acme is in the catalog']);
    expect(t.activity[0].summary).toBe(
      'Registered tenant:default/acme in the catalog (tenancy:tenant:register)',
    );
  });

  it('CASES X2: dry run writes nothing to the catalog', async () => {
    const t = testDeps({
      registrar: {
        register: async () => {
          throw new Error('must not be called');
        },
      },
    });
    const { ctx, outputs } = testContext(input, { isDryRun: true });
    await createTenancyTenantRegisterAction(t.deps).handler(ctx);
    expect(outputs).toEqual({ entityRef: 'tenant:default/acme' });
  });

  it('CASES V3: rejects a bad tenant id and a non-group owner', async () => {
    const t = testDeps();
    await expect(
      createTenancyTenantRegisterAction(t.deps).handler(
        testContext({ ...input, tenantId: 'acme--corp' }).ctx,
      ),
    ).rejects.toThrow('(rule tenantId.pattern)');
    await expect(
      createTenancyTenantRegisterAction(t.deps).handler(
        testContext({ ...input, owner: 'user:default/bob' }).ctx,
      ),
    ).rejects.toThrow(
      "Owner must be a Group, not a User: got 'user:default/bob'; a tenant is owned by a team (rule owner.kind)",
    );
  });
});
