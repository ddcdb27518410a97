/**
 * The StackSet APIs a fleet rollout uses, with AWS's semantics (docs/aws-behaviours/rollouts.md):
 * CreateStackSet, UpdateStackSet, operation preferences (tolerance bounds concurrency),
 * ListStackSetOperationResults, StopStackSetOperation, DetectStackSetDrift.
 */
import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DetectStackSetDriftCommand,
  InvalidOperationException,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  NameAlreadyExistsException,
  OperationInProgressException,
  StackSetOperationPreferences,
  StopStackSetOperationCommand,
  UpdateStackInstancesCommand,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

const NAME = 'tenant-stack';
const template = (v: string) =>
  JSON.stringify({ Description: `tenant stack ${v}`, Resources: {} });

describe('StackSet rollouts in the sandbox', () => {
  let t: TestSandbox;
  let tenants: string[];
  beforeEach(async () => {
    t = await startTestSandbox({
      tenants: 20,
      durations: { stackSetOperationMs: 1_000, stackInstanceMs: 60_000 },
    });
    const org = t.sandbox.state.org;
    tenants = org
      .accountsUnder(org.parentByPath('/Tenants')!, true)
      .filter(a => a.state === 'ACTIVE')
      .map(a => a.id);
    await t.cloudFormation.send(
      new CreateStackSetCommand({
        StackSetName: NAME,
        TemplateBody: template('1.0.0'),
        Parameters: [{ ParameterKey: 'Version', ParameterValue: '1.0.0' }],
        PermissionModel: 'SELF_MANAGED',
      }),
    );
  });
  afterEach(() => stopTestSandbox(t));

  const cfn = () => t.cloudFormation;
  const describeOp = async (id: string) =>
    (
      await cfn().send(
        new DescribeStackSetOperationCommand({
          StackSetName: NAME,
          OperationId: id,
        }),
      )
    ).StackSetOperation!;
  const results = async (id: string) =>
    (
      await cfn().send(
        new ListStackSetOperationResultsCommand({
          StackSetName: NAME,
          OperationId: id,
        }),
      )
    ).Summaries!.map(s => [s.Account, s.Status, s.StatusReason ?? '']);
  const create = (
    id: string,
    accounts: string[],
    prefs?: StackSetOperationPreferences,
  ) =>
    cfn().send(
      new CreateStackInstancesCommand({
        StackSetName: NAME,
        OperationId: id,
        Accounts: accounts,
        Regions: ['us-east-1'],
        OperationPreferences: prefs,
      }),
    );

  it('CreateStackSet: no instances, no operation; a second one of the name is NameAlreadyExistsException', async () => {
    const { StackSet } = await cfn().send(
      new DescribeStackSetCommand({ StackSetName: NAME }),
    );
    expect([StackSet!.PermissionModel, StackSet!.Parameters]).toEqual([
      'SELF_MANAGED',
      [{ ParameterKey: 'Version', ParameterValue: '1.0.0' }],
    ]);
    const again = await errorOf(
      cfn().send(
        new CreateStackSetCommand({ StackSetName: NAME, TemplateBody: '{}' }),
      ),
    );
    expect(again).toBeInstanceOf(NameAlreadyExistsException);
  });

  it('STRICT_FAILURE_TOLERANCE: concurrency is min(MaxConcurrentCount, tolerance + 1), so 10 instances at MaxConcurrentCount 5 and tolerance 1 take 5 batches', async () => {
    await create('strict-1', tenants.slice(0, 10), {
      MaxConcurrentCount: 5,
      FailureToleranceCount: 1,
    });
    t.sandbox.clock.advance(4 * 60_000);
    expect((await describeOp('strict-1')).Status).toBe('RUNNING');
    t.sandbox.clock.advance(60_000);
    expect((await describeOp('strict-1')).Status).toBe('SUCCEEDED');
  });

  it('SOFT_FAILURE_TOLERANCE keeps MaxConcurrentCount: 10 instances at 5 take 2 batches', async () => {
    await create('soft-1', tenants.slice(0, 10), {
      MaxConcurrentCount: 5,
      FailureToleranceCount: 1,
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    t.sandbox.clock.advance(2 * 60_000);
    expect((await describeOp('soft-1')).Status).toBe('SUCCEEDED');
  });

  it('MaxConcurrentPercentage rounds down but never below 1; a count and a percentage together are a ValidationError', async () => {
    await create('pct-1', tenants.slice(0, 3), {
      MaxConcurrentPercentage: 10,
      FailureTolerancePercentage: 100,
    });
    t.sandbox.clock.advance(2 * 60_000);
    expect((await describeOp('pct-1')).Status).toBe('RUNNING');
    t.sandbox.clock.advance(60_000);
    expect((await describeOp('pct-1')).Status).toBe('SUCCEEDED');
    const both = await errorOf(
      create('pct-2', tenants.slice(0, 3), {
        MaxConcurrentCount: 2,
        MaxConcurrentPercentage: 10,
      }),
    );
    expect([both.name, both.message]).toEqual([
      'ValidationError',
      'You can specify either MaxConcurrentCount or MaxConcurrentPercentage, but not both',
    ]);
  });

  it('tolerance 0: the first failure cancels the rest; results list each account with AWS’s StatusReason', async () => {
    t.sandbox.faults.add({
      kind: 'stackInstanceFailure',
      accountPattern: `^${tenants[1]}$`,
      statusReason:
        'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.',
    });
    await create('tol-0', tenants.slice(0, 4), { MaxConcurrentCount: 1 });
    t.sandbox.clock.advance(60_000);
    expect(await results('tol-0')).toEqual([
      [tenants[0], 'SUCCEEDED', ''],
      [tenants[1], 'RUNNING', ''],
      [tenants[2], 'PENDING', ''],
      [tenants[3], 'PENDING', ''],
    ]);
    t.sandbox.clock.advance(60_000);
    const op = await describeOp('tol-0');
    expect([op.Status, op.StatusDetails?.FailedStackInstancesCount]).toEqual([
      'FAILED',
      1,
    ]);
    expect(await results('tol-0')).toEqual([
      [tenants[0], 'SUCCEEDED', ''],
      [
        tenants[1],
        'FAILED',
        'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.',
      ],
      [
        tenants[2],
        'CANCELLED',
        'Cancelled since failure tolerance has exceeded',
      ],
      [
        tenants[3],
        'CANCELLED',
        'Cancelled since failure tolerance has exceeded',
      ],
    ]);
    const instances = await cfn().send(
      new ListStackInstancesCommand({ StackSetName: NAME }),
    );
    expect(
      instances.Summaries!.map(s => s.StackInstanceStatus!.DetailedStatus),
    ).toEqual(['SUCCEEDED', 'FAILED', 'CANCELLED', 'CANCELLED']);
  });

  it('UpdateStackSet to a subset updates those instances and leaves the others OUTDATED; one operation at a time', async () => {
    const soft = 'SOFT_FAILURE_TOLERANCE' as const;
    await create('c-1', tenants.slice(0, 4), {
      MaxConcurrentCount: 4,
      ConcurrencyMode: soft,
    });
    t.sandbox.clock.advance(60_000);
    await cfn().send(
      new UpdateStackSetCommand({
        StackSetName: NAME,
        OperationId: 'u-1',
        TemplateBody: template('1.1.0'),
        Parameters: [{ ParameterKey: 'Version', ParameterValue: '1.1.0' }],
        Accounts: tenants.slice(0, 2),
        Regions: ['us-east-1'],
        OperationPreferences: { MaxConcurrentCount: 2, ConcurrencyMode: soft },
      }),
    );
    const busy = await errorOf(
      cfn().send(
        new UpdateStackInstancesCommand({
          StackSetName: NAME,
          OperationId: 'u-2',
          Accounts: tenants.slice(2, 4),
          Regions: ['us-east-1'],
        }),
      ),
    );
    expect(busy).toBeInstanceOf(OperationInProgressException);
    t.sandbox.clock.advance(60_000);
    const list = await cfn().send(
      new ListStackInstancesCommand({ StackSetName: NAME }),
    );
    expect(list.Summaries!.map(s => [s.Status, s.LastOperationId])).toEqual([
      ['CURRENT', 'u-1'],
      ['CURRENT', 'u-1'],
      ['OUTDATED', 'c-1'],
      ['OUTDATED', 'c-1'],
    ]);
  });

  it('StopStackSetOperation cancels the instances not started; a stopped operation cannot be stopped again', async () => {
    await create('stop-1', tenants.slice(0, 3), { MaxConcurrentCount: 1 });
    t.sandbox.clock.advance(30_000);
    await cfn().send(
      new StopStackSetOperationCommand({
        StackSetName: NAME,
        OperationId: 'stop-1',
      }),
    );
    expect((await describeOp('stop-1')).Status).toBe('STOPPING');
    t.sandbox.clock.advance(30_000);
    expect((await describeOp('stop-1')).Status).toBe('STOPPED');
    expect((await results('stop-1')).map(r => r[1])).toEqual([
      'SUCCEEDED',
      'CANCELLED',
      'CANCELLED',
    ]);
    const again = await errorOf(
      cfn().send(
        new StopStackSetOperationCommand({
          StackSetName: NAME,
          OperationId: 'stop-1',
        }),
      ),
    );
    expect(again).toBeInstanceOf(InvalidOperationException);
  });

  it('a suspended account’s instance is SKIPPED_SUSPENDED_ACCOUNT and takes no time', async () => {
    const suspended = t.sandbox.state.org
      .accounts()
      .find(a => a.state === 'SUSPENDED')!;
    await create('susp-1', [tenants[0], suspended.id], {
      MaxConcurrentCount: 1,
    });
    t.sandbox.clock.advance(60_000);
    expect((await describeOp('susp-1')).Status).toBe('SUCCEEDED');
    const list = await cfn().send(
      new ListStackInstancesCommand({
        StackSetName: NAME,
        StackInstanceAccount: suspended.id,
      }),
    );
    expect(
      list.Summaries!.map(s => [
        s.Status,
        s.StackInstanceStatus!.DetailedStatus,
        s.StackId,
      ]),
    ).toEqual([['OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT', undefined]]);
  });

  it('DetectStackSetDrift marks injected accounts DRIFTED, the rest IN_SYNC, and DescribeStackSet counts them', async () => {
    await create('c-2', tenants.slice(0, 3), {
      MaxConcurrentCount: 3,
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
    t.sandbox.clock.advance(60_000);
    t.sandbox.faults.add({
      kind: 'stackInstanceDrift',
      accountPattern: `^${tenants[2]}$`,
    });
    const { OperationId } = await cfn().send(
      new DetectStackSetDriftCommand({
        StackSetName: NAME,
        OperationPreferences: {
          MaxConcurrentCount: 3,
          ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
      }),
    );
    t.sandbox.clock.advance(60_000);
    expect((await describeOp(OperationId!)).Action).toBe('DETECT_DRIFT');
    const list = await cfn().send(
      new ListStackInstancesCommand({ StackSetName: NAME }),
    );
    expect(list.Summaries!.map(s => [s.DriftStatus, s.Status])).toEqual([
      ['IN_SYNC', 'CURRENT'],
      ['IN_SYNC', 'CURRENT'],
      ['DRIFTED', 'CURRENT'],
    ]);
    const { StackSet } = await cfn().send(
      new DescribeStackSetCommand({ StackSetName: NAME }),
    );
    expect(StackSet!.StackSetDriftDetectionDetails).toMatchObject({
      DriftStatus: 'DRIFTED',
      DriftedStackInstancesCount: 1,
      InSyncStackInstancesCount: 2,
    });
  });
});
