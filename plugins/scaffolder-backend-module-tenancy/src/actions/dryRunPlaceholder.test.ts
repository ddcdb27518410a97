/**
 * F7: a dry run that would create the account answers `(new account)` as its account id — no
 * 12-digit value, so never the management account `000000000000` or any real one. The later
 * steps accept it only in a dry run and send no AWS call naming it; a real run refuses it.
 */
import {
  DescribeStackSetCommand,
  ListStackSetOperationsCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import {
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { testContext } from '../__testUtils__/harness';
import { setupIdentityOrg } from '../__testUtils__/identityOrg';
import { DRY_RUN_ACCOUNT_ID } from './tenancyAccountCreate';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import { createTenancyStateMachineRunAction } from './tenancyStateMachineRun';
import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';

const NEW = '(new account)';

/** The identity organization plus the CloudFormation and Budgets answers of a dry run. */
function setup() {
  const s = setupIdentityOrg();
  s.org.on(ListPoliciesCommand).resolves({ Policies: [] });
  s.org.on(ListPoliciesForTargetCommand).resolves({ Policies: [] });
  const cfn = mockClient(s.clients.cfn);
  cfn.on(DescribeStackSetCommand).resolves({
    StackSet: {
      StackSetName: 'tenant-baseline',
      PermissionModel: 'SELF_MANAGED',
    },
  });
  cfn.on(ListStackSetOperationsCommand).resolves({ Summaries: [] });
  const budgets = mockClient(s.clients.budgets);
  budgets
    .on(DescribeBudgetCommand)
    .rejects(
      Object.assign(new Error('not found'), { name: 'NotFoundException' }),
    );
  const sent = () =>
    [s.org, cfn, budgets].flatMap(m =>
      m.calls().map(c => JSON.stringify(c.args[0].input)),
    );
  return { ...s, cfn, budgets, sent };
}

const steps = [
  [
    'tenancy:account:move',
    createTenancyAccountMoveAction,
    { accountId: NEW, tier: 'premium', tenantId: 'umbrella' },
    {
      ouId: 'ou-ab12-premium1',
      ouPath: '/Tenants/premium',
      previousParentId: '',
      moved: true,
    },
    'info: Dry run: would move the new account into /Tenants/premium (ou-ab12-premium1)',
  ],
  [
    'tenancy:guardrails:attach',
    createTenancyGuardrailsAttachAction,
    { targetId: NEW, parentOuId: 'ou-ab12-premium1', tenantId: 'umbrella' },
    { policyNames: ['FullAWSAccess'], attached: [], detached: [] },
    'info: Dry run: would create 0 SCPs, attach none and detach none on (new account); 1 of at most 5 SCPs after',
  ],
  [
    'tenancy:baseline:apply',
    createTenancyBaselineApplyAction,
    { accountId: NEW, tenantId: 'umbrella', ouId: 'ou-ab12-premium1' },
    { operationId: '', status: 'CURRENT' },
    'info: Dry run: would create StackSet tenant-baseline instances for account (new account) in us-east-1',
  ],
  [
    'tenancy:budget:create',
    createTenancyBudgetCreateAction,
    { accountId: NEW, tenantId: 'umbrella', amountUsd: 100 },
    { budgetName: 'tenant-umbrella', amountUsd: '100.00', created: true },
    'info: Dry run: would create budget tenant-umbrella of 100.00 USD per month for account (new account)',
  ],
  [
    'tenancy:tenant:register',
    createTenancyTenantRegisterAction,
    {
      tenantId: 'umbrella',
      accountId: NEW,
      accountName: 'umbrella',
      owner: 'group:default/Team-Alpha',
      tier: 'premium',
      ouPath: '/Tenants/premium',
    },
    { entityRef: 'tenant:default/umbrella' },
    'info: Dry run: would register tenant:default/umbrella for account (new account)',
  ],
  [
    'tenancy:stateMachine:run',
    createTenancyStateMachineRunAction,
    {
      tenantId: 'umbrella',
      accountId: NEW,
      stateMachineArn:
        'arn:aws:states:us-east-1:000000000000:stateMachine:deploy',
    },
    { status: 'SUCCEEDED' },
    'info: Dry run: would start execution tenancy-umbrella--new-account- of arn:aws:states:us-east-1:000000000000:stateMachine:deploy',
  ],
] as const;

describe('F7: the dry run’s new account is (new account), never an account id', () => {
  it('the placeholder is not 12 digits', () => {
    expect(DRY_RUN_ACCOUNT_ID).toBe('(new account)');
    expect(/^\d{12}$/.test(DRY_RUN_ACCOUNT_ID)).toBe(false);
  });

  it.each(steps)(
    '%s plans for the new account in a dry run and sends no call naming it',
    async (_id, create, input, outputs, line) => {
      const s = setup();
      const {
        ctx,
        outputs: out,
        lines,
      } = testContext(input as any, {
        isDryRun: true,
      });
      await create(s.deps).handler(ctx);
      expect(out).toMatchObject(outputs);
      expect(lines).toContain(line);
      expect(s.sent().filter(i => i.includes(NEW))).toEqual([]);
      expect(s.writes()).toBe(0);
    },
  );

  it.each(steps)(
    '%s refuses (new account) in a real run before any AWS call (rule accountId.format)',
    async (_id, create, input) => {
      const s = setup();
      const { ctx } = testContext(input as any);
      await expect(create(s.deps).handler(ctx)).rejects.toThrow(
        "accountId must be a 12-digit AWS account id, got '(new account)' (rule accountId.format)",
      );
      expect(s.sent()).toEqual([]);
    },
  );
});
