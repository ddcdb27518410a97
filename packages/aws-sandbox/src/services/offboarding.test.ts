/**
 * What offboarding a tenant needs from the sandbox: the `/Suspended` OU with its
 * deny-all-but-read SCP, DeleteStackInstances (retain or delete) and DeleteBudget.
 */
import {
  CreateBudgetCommand,
  DeleteBudgetCommand,
  DescribeBudgetCommand,
  NotFoundException,
} from '@aws-sdk/client-budgets';
import {
  DeleteStackInstancesCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { ListPoliciesForTargetCommand } from '@aws-sdk/client-organizations';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../__testUtils__/testSandbox';
import { SUSPENDED_POLICY_NAME } from '../core/organization/generate';

describe('sandbox: what offboarding uses', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({
      tenants: 20,
      durations: { stackSetOperationMs: 30_000 },
    });
  });
  afterEach(() => stopTestSandbox(t));

  it('the /Suspended OU carries FullAWSAccess and the deny-all-but-read SCP', async () => {
    const org = t.sandbox.state.org;
    const ou = org.parentByPath('/Suspended')!;
    const res = await t.organizations.send(
      new ListPoliciesForTargetCommand({
        TargetId: ou,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(res.Policies!.map(p => p.Name)).toEqual([
      'FullAWSAccess',
      SUSPENDED_POLICY_NAME,
    ]);
    const doc = JSON.parse(
      org.policies().find(p => p.name === SUSPENDED_POLICY_NAME)!.content,
    );
    expect(doc.Statement[0].Effect).toBe('Deny');
    expect(doc.Statement[0].NotAction).toContain('cloudwatch:Get*');
    expect(doc.Statement[0].NotAction).not.toContain('*');
  });

  it('DeleteStackInstances removes an instance after its operation, retaining the stack when asked', async () => {
    const set = t.sandbox.state.stackSets[0];
    const instance = set.instances.find(i => i.status === 'CURRENT')!;
    const account = instance.account;
    const res = await t.cloudFormation.send(
      new DeleteStackInstancesCommand({
        StackSetName: set.name,
        DeploymentTargets: {
          OrganizationalUnitIds: [instance.organizationalUnitId!],
          Accounts: [account],
          AccountFilterType: 'INTERSECTION',
        },
        Regions: [instance.region],
        RetainStacks: true,
        OperationId: 'offboard-1',
      }),
    );
    expect(res.OperationId).toBe('offboard-1');
    const op = async () =>
      (
        await t.cloudFormation.send(
          new DescribeStackSetOperationCommand({
            StackSetName: set.name,
            OperationId: 'offboard-1',
          }),
        )
      ).StackSetOperation!;
    expect(await op()).toMatchObject({
      Action: 'DELETE',
      Status: 'RUNNING',
      RetainStacks: true,
    });
    t.sandbox.clock.advance(30_000);
    expect((await op()).Status).toBe('SUCCEEDED');
    const left = await t.cloudFormation.send(
      new ListStackInstancesCommand({
        StackSetName: set.name,
        StackInstanceAccount: account,
      }),
    );
    expect(left.Summaries).toEqual([]);
    const again = await errorOf(
      t.cloudFormation.send(
        new DeleteStackInstancesCommand({
          StackSetName: set.name,
          DeploymentTargets: {
            OrganizationalUnitIds: [instance.organizationalUnitId!],
          },
          Regions: [instance.region],
          RetainStacks: false,
          OperationId: 'offboard-1',
        }),
      ),
    );
    expect(again.name).toBe('OperationIdAlreadyExistsException');
  });

  it('DeleteStackInstances without RetainStacks is a validation error, as in AWS', async () => {
    const set = t.sandbox.state.stackSets[0];
    const e = await errorOf(
      t.cloudFormation.send(
        new DeleteStackInstancesCommand({
          StackSetName: set.name,
          Accounts: ['123456789012'],
          Regions: ['us-east-1'],
        } as any),
      ),
    );
    expect(e.name).toBe('ValidationError');
  });

  it('DeleteBudget removes the budget; a second delete answers NotFoundException', async () => {
    const input = { AccountId: '000000000000', BudgetName: 'tenant-acme' };
    await t.budgets.send(
      new CreateBudgetCommand({
        AccountId: input.AccountId,
        Budget: {
          BudgetName: input.BudgetName,
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: '100', Unit: 'USD' },
        },
      }),
    );
    await t.budgets.send(new DeleteBudgetCommand(input));
    expect(
      await errorOf(t.budgets.send(new DescribeBudgetCommand(input))),
    ).toBeInstanceOf(NotFoundException);
    expect(
      await errorOf(t.budgets.send(new DeleteBudgetCommand(input))),
    ).toBeInstanceOf(NotFoundException);
  });
});
