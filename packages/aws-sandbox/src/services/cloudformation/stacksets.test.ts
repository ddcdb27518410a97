import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  ListStackSetsCommand,
  OperationIdAlreadyExistsException,
  OperationInProgressException,
  OperationNotFoundException,
  paginateListStackInstances,
  StackInstanceNotFoundException,
  StackSetNotFoundException,
} from '@aws-sdk/client-cloudformation';
import { MoveAccountCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  clientConfig,
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

const NAME = 'tenant-baseline';

describe('CloudFormation StackSets', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({
      tenants: 200,
      durations: { stackSetOperationMs: 20_000 },
    });
  });
  afterEach(() => stopTestSandbox(t));

  const describeOp = (id: string) =>
    t.cloudFormation.send(
      new DescribeStackSetOperationCommand({
        StackSetName: NAME,
        OperationId: id,
      }),
    );
  const tier = (name: string) =>
    t.sandbox.state.org.parentByPath(`/Tenants/${name}`)!;

  it('seeds a SERVICE_MANAGED baseline with auto-deployment to the Tenants OU', async () => {
    const { StackSet } = await t.cloudFormation.send(
      new DescribeStackSetCommand({ StackSetName: NAME }),
    );
    expect(StackSet).toMatchObject({
      StackSetName: NAME,
      Status: 'ACTIVE',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      ManagedExecution: { Active: false },
      OrganizationalUnitIds: [t.sandbox.state.org.parentByPath('/Tenants')],
      Regions: ['us-east-1'],
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    });
    expect(StackSet!.StackSetId).toMatch(/^tenant-baseline:[0-9a-f-]{36}$/);
    const sets = await t.cloudFormation.send(new ListStackSetsCommand({}));
    expect(sets.Summaries!.map(s => s.StackSetName)).toEqual([NAME]);
    const missing = await errorOf(
      t.cloudFormation.send(
        new DescribeStackSetCommand({ StackSetName: 'nope' }),
      ),
    );
    expect(missing).toBeInstanceOf(StackSetNotFoundException);
  });

  it('lists every instance in pages, mostly CURRENT, a few OUTDATED with FAILED or CANCELLED', async () => {
    const all: any[] = [];
    const sizes: number[] = [];
    for await (const page of paginateListStackInstances(
      { client: t.cloudFormation, pageSize: 50 },
      { StackSetName: NAME },
    )) {
      sizes.push(page.Summaries!.length);
      all.push(...page.Summaries!);
    }
    const active = t.sandbox.state.org
      .tenantAccounts()
      .filter(a => a.state !== 'SUSPENDED').length;
    expect(all).toHaveLength(active);
    expect(sizes.every(s => s <= 50)).toBe(true);
    const current = all.filter(s => s.Status === 'CURRENT').length;
    const failed = all.filter(
      s => s.StackInstanceStatus.DetailedStatus === 'FAILED',
    );
    const cancelled = all.filter(
      s => s.StackInstanceStatus.DetailedStatus === 'CANCELLED',
    );
    expect(current + failed.length + cancelled.length).toBe(active);
    expect(current / active).toBeGreaterThan(0.85);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].Status).toBe('OUTDATED');
    expect(failed[0].StatusReason).toContain(
      'ResourceLogicalId:TenancyReadRole',
    );
    const filtered = await t.cloudFormation.send(
      new ListStackInstancesCommand({
        StackSetName: NAME,
        Filters: [{ Name: 'DETAILED_STATUS', Values: 'FAILED' }],
      }),
    );
    expect(filtered.Summaries!.map(s => s.Account)).toEqual(
      failed.map(s => s.Account),
    );
    const one = await t.cloudFormation.send(
      new DescribeStackInstanceCommand({
        StackSetName: NAME,
        StackInstanceAccount: all[0].Account,
        StackInstanceRegion: 'us-east-1',
      }),
    );
    expect(one.StackInstance).toMatchObject({
      Account: all[0].Account,
      Status: all[0].Status,
      StackId: all[0].StackId,
    });
    const none = await errorOf(
      t.cloudFormation.send(
        new DescribeStackInstanceCommand({
          StackSetName: NAME,
          StackInstanceAccount: '999999999999',
          StackInstanceRegion: 'us-east-1',
        }),
      ),
    );
    expect(none).toBeInstanceOf(StackInstanceNotFoundException);
  });

  it('runs CreateStackInstances with a stable OperationId, RUNNING then SUCCEEDED', async () => {
    const account = t.sandbox.state.org
      .childAccounts(tier('premium'))
      .find(a => a.state === 'ACTIVE')!.id;
    const started = t.sandbox.clock.now();
    const { OperationId } = await t.cloudFormation.send(
      new CreateStackInstancesCommand({
        StackSetName: NAME,
        OperationId: 'vend-acme-1',
        DeploymentTargets: {
          OrganizationalUnitIds: [tier('premium')],
          Accounts: [account],
          AccountFilterType: 'INTERSECTION',
        },
        Regions: ['us-east-1'],
        OperationPreferences: {
          MaxConcurrentCount: 1,
          FailureToleranceCount: 0,
        },
      }),
    );
    expect(OperationId).toBe('vend-acme-1');
    expect((await describeOp('vend-acme-1')).StackSetOperation).toMatchObject({
      OperationId: 'vend-acme-1',
      Action: 'CREATE',
      Status: 'RUNNING',
      CreationTimestamp: started,
      DeploymentTargets: {
        Accounts: [account],
        OrganizationalUnitIds: [tier('premium')],
      },
      OperationPreferences: { MaxConcurrentCount: 1, FailureToleranceCount: 0 },
    });
    const again = await errorOf(
      t.cloudFormation.send(
        new CreateStackInstancesCommand({
          StackSetName: NAME,
          OperationId: 'vend-acme-1',
          DeploymentTargets: { OrganizationalUnitIds: [tier('premium')] },
          Regions: ['us-east-1'],
        }),
      ),
    );
    expect(again).toBeInstanceOf(OperationIdAlreadyExistsException);
    const busy = await errorOf(
      t.cloudFormation.send(
        new CreateStackInstancesCommand({
          StackSetName: NAME,
          OperationId: 'vend-other-1',
          DeploymentTargets: { OrganizationalUnitIds: [tier('standard')] },
          Regions: ['us-east-1'],
        }),
      ),
    );
    expect(busy).toBeInstanceOf(OperationInProgressException);
    expect(busy.$metadata.httpStatusCode).toBe(409);
    t.sandbox.clock.advance(20_000);
    const done = (await describeOp('vend-acme-1')).StackSetOperation!;
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.EndTimestamp).toEqual(new Date(started.getTime() + 20_000));
    const instance = await t.cloudFormation.send(
      new DescribeStackInstanceCommand({
        StackSetName: NAME,
        StackInstanceAccount: account,
        StackInstanceRegion: 'us-east-1',
      }),
    );
    expect(instance.StackInstance).toMatchObject({
      Status: 'CURRENT',
      LastOperationId: 'vend-acme-1',
      StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
    });
    const ops = await t.cloudFormation.send(
      new ListStackSetOperationsCommand({ StackSetName: NAME }),
    );
    expect(ops.Summaries!.map(o => [o.OperationId, o.Status])[0]).toEqual([
      'vend-acme-1',
      'SUCCEEDED',
    ]);
    expect(await errorOf(describeOp('missing-op'))).toBeInstanceOf(
      OperationNotFoundException,
    );
  });

  it('fails instances and the operation with an injected stackInstanceFailure', async () => {
    const accounts = t.sandbox.state.org
      .childAccounts(tier('enterprise'))
      .filter(a => a.state === 'ACTIVE');
    t.sandbox.faults.add({
      kind: 'stackInstanceFailure',
      accountPattern: `^${accounts[0].id}$`,
      statusReason:
        'ResourceLogicalId:OamLink, ResourceStatusReason:Sink not found.',
    });
    await t.cloudFormation.send(
      new CreateStackInstancesCommand({
        StackSetName: NAME,
        OperationId: 'fail-1',
        DeploymentTargets: { OrganizationalUnitIds: [tier('enterprise')] },
        Regions: ['us-east-1'],
        // All at once, tolerance 0: the one failure fails the operation, the others succeed.
        OperationPreferences: {
          MaxConcurrentPercentage: 100,
          ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
      }),
    );
    t.sandbox.clock.advance(20_000);
    const op = (await describeOp('fail-1')).StackSetOperation!;
    expect(op.Status).toBe('FAILED');
    expect(op.StatusDetails).toEqual({ FailedStackInstancesCount: 1 });
    const failed = await t.cloudFormation.send(
      new ListStackInstancesCommand({
        StackSetName: NAME,
        Filters: [{ Name: 'LAST_OPERATION_ID', Values: 'fail-1' }],
      }),
    );
    const byAccount = Object.fromEntries(
      failed.Summaries!.map(s => [
        s.Account,
        s.StackInstanceStatus!.DetailedStatus,
      ]),
    );
    expect(byAccount[accounts[0].id]).toBe('FAILED');
    expect(byAccount[accounts[1].id]).toBe('SUCCEEDED');
    expect(
      failed.Summaries!.find(s => s.Account === accounts[0].id)!.StatusReason,
    ).toBe('ResourceLogicalId:OamLink, ResourceStatusReason:Sink not found.');
  });

  it('queues operations instead of refusing them when ManagedExecution is active', async () => {
    t.sandbox.state.stackSets[0].managedExecution.Active = true;
    const send = (id: string, ou: string) =>
      t.cloudFormation.send(
        new CreateStackInstancesCommand({
          StackSetName: NAME,
          OperationId: id,
          DeploymentTargets: { OrganizationalUnitIds: [ou] },
          Regions: ['us-east-1'],
          // Every account at once, so each operation takes one batch (20 s).
          OperationPreferences: {
            MaxConcurrentPercentage: 100,
            ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
          },
        }),
      );
    await send('a-1', tier('enterprise'));
    await send('b-1', tier('premium'));
    expect((await describeOp('a-1')).StackSetOperation!.Status).toBe('RUNNING');
    expect((await describeOp('b-1')).StackSetOperation!.Status).toBe('QUEUED');
    t.sandbox.clock.advance(20_000);
    expect((await describeOp('a-1')).StackSetOperation!.Status).toBe(
      'SUCCEEDED',
    );
    expect((await describeOp('b-1')).StackSetOperation!.Status).toBe('RUNNING');
    t.sandbox.clock.advance(20_000);
    expect((await describeOp('b-1')).StackSetOperation!.Status).toBe(
      'SUCCEEDED',
    );
  });

  it('deletes the instance of an account moved out of the Tenants tree (auto-deployment)', async () => {
    const account = t.sandbox.state.org
      .childAccounts(tier('standard'))
      .find(a => a.state === 'ACTIVE')!;
    await t.organizations.send(
      new MoveAccountCommand({
        AccountId: account.id,
        SourceParentId: account.parentId,
        DestinationParentId: t.sandbox.state.org.parentByPath('/Suspended'),
      }),
    );
    const ops = await t.cloudFormation.send(
      new ListStackSetOperationsCommand({ StackSetName: NAME }),
    );
    expect(ops.Summaries![0]).toMatchObject({
      Action: 'DELETE',
      Status: 'RUNNING',
    });
    t.sandbox.clock.advance(20_000);
    const left = await t.cloudFormation.send(
      new ListStackInstancesCommand({
        StackSetName: NAME,
        StackInstanceAccount: account.id,
      }),
    );
    expect(left.Summaries).toEqual([]);
  });

  it('lets a shared account call as DELEGATED_ADMIN, and refuses SELF from it', async () => {
    const { Credentials } = await t.sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000002:role/TenancyStackSetAdmin',
        RoleSessionName: 'stacksets',
      }),
    );
    const delegated = new CloudFormationClient(
      clientConfig(t.sandbox.endpoint, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      }),
    );
    const ok = await delegated.send(
      new DescribeStackSetCommand({
        StackSetName: NAME,
        CallAs: 'DELEGATED_ADMIN',
      }),
    );
    expect(ok.StackSet!.StackSetName).toBe(NAME);
    expect(
      await errorOf(
        delegated.send(
          new DescribeStackSetCommand({ StackSetName: NAME, CallAs: 'SELF' }),
        ),
      ),
    ).toBeInstanceOf(StackSetNotFoundException);
    const mgmt = await errorOf(
      t.cloudFormation.send(
        new DescribeStackSetCommand({
          StackSetName: NAME,
          CallAs: 'DELEGATED_ADMIN',
        }),
      ),
    );
    expect(mgmt.name).toBe('ValidationError');
    delegated.destroy();
  });

  it('answers ValidationError for bad input', async () => {
    const noRegions = await errorOf(
      t.cloudFormation.send(
        new CreateStackInstancesCommand({
          StackSetName: NAME,
          DeploymentTargets: { OrganizationalUnitIds: [tier('premium')] },
          Regions: [],
        }),
      ),
    );
    expect(noRegions.name).toBe('ValidationError');
    expect(noRegions.message).toBe('Regions must not be empty');
    const accounts = await errorOf(
      t.cloudFormation.send(
        new CreateStackInstancesCommand({
          StackSetName: NAME,
          Accounts: ['111111111111'],
          Regions: ['us-east-1'],
        }),
      ),
    );
    expect(accounts.message).toContain('SERVICE_MANAGED');
  });
});
