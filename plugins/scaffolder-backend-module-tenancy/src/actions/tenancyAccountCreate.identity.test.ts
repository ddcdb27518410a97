/**
 * Identity invariants of tenancy:account:create, checked before any AWS write and in dry runs:
 * one account per tenant, central accounts are never tenants, the owner is an existing Group.
 */
import {
  CreateAccountCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { testContext, testDeps } from '../__testUtils__/harness';
import {
  IDENTITY_CENTRAL,
  setupIdentityOrg,
} from '../__testUtils__/identityOrg';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import { createTenancyStateMachineRunAction } from './tenancyStateMachineRun';
import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';

const CENTRAL = IDENTITY_CENTRAL;
const setup = setupIdentityOrg;

describe('one account, one tenant: emails compare case-insensitively, another tenant’s account is never adopted', () => {
  it('tenant acme with Tenant-ACME@corp.example adopts its account 111111111111 (0 CreateAccount)', async () => {
    const s = setup();
    const { ctx, outputs } = testContext({
      tenantId: 'acme',
      email: 'Tenant-ACME@corp.example',
    });
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('111111111111');
    expect(outputs.adopted).toBe(true);
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(s.org.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it('tenant globex with TENANT-ACME@corp.example is rejected before any write, naming acme and 111111111111', async () => {
    for (const isDryRun of [false, true]) {
      const s = setup();
      const { ctx } = testContext(
        { tenantId: 'globex', email: 'TENANT-ACME@corp.example' },
        { isDryRun },
      );
      await expect(s.action.handler(ctx)).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'Email TENANT-ACME@corp.example belongs to account 111111111111 of tenant acme (tag tenant=acme); tenant globex cannot adopt it, an account belongs to at most one tenant. Give tenant globex its own email, or vend tenant acme instead (rule account.oneTenant)',
      });
      expect(s.writes()).toBe(0);
    }
  });

  it('an account found by email with no tenant tag (a partial vend) is adopted and tagged', async () => {
    const s = setup();
    const { ctx, outputs } = testContext({
      tenantId: 'initech',
      email: 'TENANT-INITECH@corp.example',
    });
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('444444444444');
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(s.org.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({
      ResourceId: '444444444444',
      Tags: [{ Key: 'tenant', Value: 'initech' }],
    });
  });

  it('a tenant id differing only in letter case from acme (a catalog name collision) is rejected naming acme’s account', async () => {
    const s = setup();
    const { ctx } = testContext({
      tenantId: 'ACME',
      email: 'other-acme@corp.example',
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      "Tenant ACME already has account 111111111111 (tag tenant=acme); tenant ids compare case-insensitively, as catalog entity names do; a tenant has exactly one account, so tenancy:account:create creates or adopts no other for email other-acme@corp.example. Run it with that account's email to adopt it, or choose another tenant id (rule tenant.oneAccount)",
    );
    expect(s.writes()).toBe(0);
  });
});

describe('central accounts are never tenants, in dry runs too', () => {
  it('the management account’s email in any case is rejected naming its role', async () => {
    for (const isDryRun of [false, true]) {
      const s = setup();
      const { ctx } = testContext(
        { tenantId: 'mgmt', email: 'AWS+Management@corp.example' },
        { isDryRun },
      );
      await expect(s.action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message:
          "Account 000000000000 is the organization's management account (tenancy.aws.managementAccountId); it is never a tenant, so tenancy:account:create refuses it (rule account.central)",
      });
      expect(s.writes()).toBe(0);
    }
  });

  it('the monitoring account found by its tenant-less email is refused as monitoring', async () => {
    const s = setup();
    const { ctx } = testContext({
      tenantId: 'monitoring',
      email: 'aws+monitoring@corp.example',
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      "Account 000000000001 is the organization's monitoring account (tenancy.aws.monitoringAccountId); it is never a tenant, so tenancy:account:create refuses it (rule account.central)",
    );
    expect(s.writes()).toBe(0);
  });

  it.each([
    [
      'tenancy:account:move',
      createTenancyAccountMoveAction,
      { accountId: '000000000002', tier: 'premium' },
      'security',
      'securityAccountId',
    ],
    [
      'tenancy:baseline:apply',
      createTenancyBaselineApplyAction,
      { accountId: '000000000001' },
      'monitoring',
      'monitoringAccountId',
    ],
    [
      'tenancy:budget:create',
      createTenancyBudgetCreateAction,
      { accountId: '000000000002', tenantId: 'acme' },
      'security',
      'securityAccountId',
    ],
    [
      'tenancy:guardrails:attach',
      createTenancyGuardrailsAttachAction,
      { targetId: '000000000009' },
      'StackSet admin',
      'stackSetAdminAccountId',
    ],
    [
      'tenancy:stateMachine:run',
      createTenancyStateMachineRunAction,
      {
        accountId: '000000000009',
        tenantId: 'acme',
        stateMachineArn:
          'arn:aws:states:us-east-1:000000000000:stateMachine:deploy',
      },
      'StackSet admin',
      'stackSetAdminAccountId',
    ],
    [
      'tenancy:tenant:register',
      createTenancyTenantRegisterAction,
      {
        tenantId: 'acme',
        accountId: '000000000001',
        accountName: 'acme',
        owner: 'group:default/team-acme',
        tier: 'premium',
        ouPath: '/Tenants/premium',
      },
      'monitoring',
      'monitoringAccountId',
    ],
  ] as const)(
    '%s refuses the %s account before any AWS call, in a dry run too',
    async (action, create, input, role, key) => {
      const t = testDeps({ config: CENTRAL });
      const mocks = [
        mockClient(t.clients.org),
        mockClient(t.clients.cfn),
        mockClient(t.clients.budgets),
        mockClient(t.clients.sfn),
      ];
      for (const isDryRun of [false, true]) {
        const { ctx } = testContext(input as any, { isDryRun });
        await expect(create(t.deps).handler(ctx)).rejects.toThrow(
          `Account ${
            (input as any).accountId ?? (input as any).targetId
          } is the organization's ${role} account (tenancy.aws.${key}); it is never a tenant, so ${action} refuses it (rule account.central)`,
        );
      }
      expect(mocks.map(m => m.calls().length)).toEqual([0, 0, 0, 0]);
    },
  );
});

describe('every input is checked before the first AWS call: the owner is an existing Group', () => {
  it('owner user:default/alex (a User) is rejected in the first step with 0 AWS calls', async () => {
    const s = setup();
    const { ctx } = testContext({
      tenantId: 'acme-new',
      email: 'tenant-acme-new@corp.example',
      owner: 'user:default/alex',
    });
    await expect(s.action.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message:
        "Owner must be a Group, not a User: got 'user:default/alex'; a tenant is owned by a team (rule owner.kind)",
    });
    expect(s.org.calls()).toHaveLength(0);
  });

  it('a Group that does not exist in the catalog is rejected with 0 AWS calls, also when given as the owner tag', async () => {
    const s = setup();
    const { ctx } = testContext({
      tenantId: 'acme-new',
      email: 'tenant-acme-new@corp.example',
      tags: { owner: 'group:default/team-ghost' },
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'Owner group:default/team-ghost is not a Group in the catalog; create the Group or choose an existing team (rule owner.exists)',
    );
    expect(s.org.calls()).toHaveLength(0);
  });

  it('tenancy:tenant:register also refuses a User owner', async () => {
    const t = testDeps();
    const { ctx } = testContext({
      tenantId: 'acme',
      accountId: '111111111111',
      accountName: 'acme',
      owner: 'user:default/alex',
      tier: 'premium',
      ouPath: '/Tenants/premium',
    });
    await expect(
      createTenancyTenantRegisterAction(t.deps).handler(ctx),
    ).rejects.toThrow('(rule owner.kind)');
  });
});
