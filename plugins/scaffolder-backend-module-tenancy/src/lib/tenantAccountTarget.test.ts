/**
 * F1 for the later steps: an account given to move, guardrails or baseline must be a tenant's
 * (docs/aws-behaviours/vending.md › Identity of a tenant's account).
 */
import { mockClient } from 'aws-sdk-client-mock';
import { testContext } from '../__testUtils__/harness';
import { setupIdentityOrg } from '../__testUtils__/identityOrg';
import { createTenancyAccountMoveAction } from '../actions/tenancyAccountMove';
import { createTenancyBaselineApplyAction } from '../actions/tenancyBaselineApply';
import { createTenancyGuardrailsAttachAction } from '../actions/tenancyGuardrailsAttach';
import { assertTenantAccountTarget } from './tenantAccountTarget';

const actions = [
  ['tenancy:account:move', createTenancyAccountMoveAction, 'accountId'],
  [
    'tenancy:guardrails:attach',
    createTenancyGuardrailsAttachAction,
    'targetId',
  ],
  ['tenancy:baseline:apply', createTenancyBaselineApplyAction, 'accountId'],
] as const;

describe('the later steps change only a tenant’s account', () => {
  it.each(actions)(
    '%s refuses the log-archive account 000000000003 in /Security (rule account.notTenant), in a dry run too',
    async (action, create, key) => {
      for (const isDryRun of [false, true]) {
        const s = setupIdentityOrg();
        const cfn = mockClient(s.clients.cfn);
        const { ctx } = testContext(
          { [key]: '000000000003', tier: 'premium', tenantId: 'logs' },
          { isDryRun },
        );
        await expect(create(s.deps).handler(ctx)).rejects.toThrow(
          `Account 000000000003 is in OU /Security (ou-ab12-security1), outside the root and the tenants OU tree /Tenants, with no tenant tag: it is not a tenant account, so ${action} refuses it (rule account.notTenant)`,
        );
        expect([s.writes(), cfn.calls().length]).toEqual([0, 0]);
      }
    },
  );

  it.each(actions)(
    '%s for tenant globex refuses acme’s account 111111111111 (rule account.oneTenant)',
    async (action, create, key) => {
      const s = setupIdentityOrg();
      const cfn = mockClient(s.clients.cfn);
      const { ctx } = testContext({
        [key]: '111111111111',
        tier: 'premium',
        tenantId: 'globex',
      });
      await expect(create(s.deps).handler(ctx)).rejects.toThrow(
        `Account 111111111111 belongs to tenant acme (tag tenant=acme); ${action} for tenant globex refuses it, an account belongs to at most one tenant (rule account.oneTenant)`,
      );
      expect([s.writes(), cfn.calls().length]).toEqual([0, 0]);
    },
  );

  it.each([
    [
      '888888888888',
      'globex',
      'tagged tenant=Globex (same tenant in other letter case)',
    ],
    ['555555555555', 'hooli', 'untagged in /Tenants/premium'],
    ['444444444444', 'initech', 'untagged at the root'],
    ['111111111111', undefined, 'tagged, no tenant given'],
  ] as Array<[string, string | undefined, string]>)(
    'accepts %s for tenant %s: %s',
    async (accountId, tenantId) => {
      const s = setupIdentityOrg();
      await expect(
        assertTenantAccountTarget(s.clients.org, {
          accountId,
          tenantId,
          tagKey: 'tenant',
          tenantsOuPath: '/Tenants',
          action: 'tenancy:account:move',
        }),
      ).resolves.toBeUndefined();
    },
  );
});
