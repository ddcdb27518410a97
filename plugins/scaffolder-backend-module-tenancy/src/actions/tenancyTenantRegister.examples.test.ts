import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';
import { examples } from './tenancyTenantRegister.examples';
import { exampleInput, testContext, testDeps } from '../__testUtils__/harness';

describe('tenancy:tenant:register examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const registered: unknown[] = [];
    const t = testDeps({
      registrar: {
        register: async tenant => {
          registered.push(tenant);
          return { entityRef: `tenant:default/${tenant.tenantId}`, uid: 'u1' };
        },
      },
    });
    const { ctx, outputs } = testContext(exampleInput(example));
    await createTenancyTenantRegisterAction(t.deps).handler(ctx);
    expect(outputs.entityRef).toBe('tenant:default/acme');
    expect(registered).toEqual([
      {
        tenantId: 'acme',
        displayName: 'ACME Corp',
        accountId: '222222222222',
        accountName: 'acme',
        owner: 'group:default/team-acme',
        tier: 'premium',
        ouPath: '/Tenants/premium',
        regions: ['us-east-1'],
      },
    ]);
  });
});
