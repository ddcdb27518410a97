import {
  ListStackInstancesCommand,
  StackInstanceNotFoundException,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

const NAME = 'tenant-baseline';

describe('a new account is not ready for StackSets at once', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({
      tenants: 5,
      durations: {
        stackSetOperationMs: 1_000,
        executionRoleNotReadyMs: 90_000,
      },
    });
  });
  afterEach(() => stopTestSandbox(t));

  const instance = async (account: string) =>
    (
      await t.cloudFormation.send(
        new ListStackInstancesCommand({
          StackSetName: NAME,
          StackInstanceAccount: account,
        }),
      )
    ).Summaries![0];

  it('the first instance FAILS with the execution-role reason; UpdateStackInstances after the window succeeds', async () => {
    const created = await t.organizations.send(
      new CreateAccountCommand({
        Email: 'aws+tenant-newco@corp.example',
        AccountName: 'newco',
      }),
    );
    const status = await t.organizations.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: created.CreateAccountStatus!.Id,
      }),
    );
    const accountId = status.CreateAccountStatus!.AccountId!;
    const org = t.sandbox.state.org;
    await t.organizations.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: org.root.id,
        DestinationParentId: org.parentByPath('/Tenants/premium')!,
      }),
    );
    t.sandbox.clock.advance(1_000);
    expect(await instance(accountId)).toMatchObject({
      Status: 'OUTDATED',
      StackInstanceStatus: { DetailedStatus: 'FAILED' },
      StatusReason: `Account ${accountId} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.`,
    });
    t.sandbox.clock.advance(90_000);
    await t.cloudFormation.send(
      new UpdateStackInstancesCommand({
        StackSetName: NAME,
        OperationId: 'redeploy-1',
        Regions: ['us-east-1'],
        DeploymentTargets: {
          OrganizationalUnitIds: [org.parentByPath('/Tenants/premium')!],
          Accounts: [accountId],
          AccountFilterType: 'INTERSECTION',
        },
      }),
    );
    t.sandbox.clock.advance(1_000);
    expect(await instance(accountId)).toMatchObject({
      Status: 'CURRENT',
      StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
      LastOperationId: 'redeploy-1',
    });
  });

  it('UpdateStackInstances answers StackInstanceNotFoundException for an instance that does not exist', async () => {
    const err = await errorOf(
      t.cloudFormation.send(
        new UpdateStackInstancesCommand({
          StackSetName: NAME,
          Regions: ['eu-west-1'],
          DeploymentTargets: {
            OrganizationalUnitIds: [
              t.sandbox.state.org.parentByPath('/Tenants')!,
            ],
          },
        }),
      ),
    );
    expect(err).toBeInstanceOf(StackInstanceNotFoundException);
  });
});
