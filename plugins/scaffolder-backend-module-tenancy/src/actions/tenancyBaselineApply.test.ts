import {
  CreateStackInstancesCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  OperationIdAlreadyExistsException,
  OperationInProgressException,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { baselineOperationId } from '../lib/stackSets';
import { redeployOperationId } from '../lib/stackSetOperations';
import {
  testContext,
  testDeps,
  tagEveryAccount,
} from '../__testUtils__/harness';

const current = (account: string, region = 'us-east-1') => ({
  Account: account,
  Region: region,
  Status: 'CURRENT' as const,
  StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' as const },
});

/** A StackSet whose operations take two looks to finish and which records who did what when. */
function setup(
  permissionModel: 'SELF_MANAGED' | 'SERVICE_MANAGED' = 'SELF_MANAGED',
  autoDeploy = false,
) {
  const t = testDeps({
    config: {
      vending: {
        baseline: { stackSetName: 'tenant-baseline', regions: ['us-east-1'] },
      },
    },
  });
  const cfn = mockClient(t.clients.cfn);
  const org = mockClient(t.clients.org);
  tagEveryAccount(org);
  const instances = new Map<string, ReturnType<typeof current>[]>();
  const ops = new Map<string, { looks: number; accounts: string[] }>();
  const log: string[] = [];
  cfn.on(DescribeStackSetCommand).resolves({
    StackSet: {
      StackSetName: 'tenant-baseline',
      PermissionModel: permissionModel,
      AutoDeployment: { Enabled: autoDeploy },
    },
  });
  cfn.on(ListStackInstancesCommand).callsFake(i => ({
    Summaries: instances.get(i.StackInstanceAccount) ?? [],
  }));
  cfn.on(CreateStackInstancesCommand).callsFake(i => {
    const accounts = i.Accounts ?? i.DeploymentTargets.Accounts;
    if (ops.has(i.OperationId))
      throw new OperationIdAlreadyExistsException({
        message: 'exists',
        $metadata: {},
      });
    ops.set(i.OperationId, { looks: 0, accounts });
    log.push(`create ${accounts.join(',')} ${i.OperationId}`);
    return { OperationId: i.OperationId };
  });
  cfn.on(DescribeStackSetOperationCommand).callsFake(i => {
    const op = ops.get(i.OperationId)!;
    op.looks++;
    if (op.looks < 2) return { StackSetOperation: { Status: 'RUNNING' } };
    for (const a of op.accounts) instances.set(a, [current(a)]);
    log.push(`done ${i.OperationId}`);
    return { StackSetOperation: { Status: 'SUCCEEDED' } };
  });
  cfn.on(ListStackSetOperationsCommand).resolves({ Summaries: [] });
  return {
    ...t,
    cfn,
    org,
    instances,
    ops,
    log,
    action: createTenancyBaselineApplyAction(t.deps),
  };
}

const opA = baselineOperationId('tenant-baseline', '222222222222', [
  'us-east-1',
]);
const opB = baselineOperationId('tenant-baseline', '333333333333', [
  'us-east-1',
]);

describe('tenancy:baseline:apply', () => {
  it('creates the instance with a stable OperationId, waits, and reports CURRENT', async () => {
    const s = setup();
    const { ctx, outputs, lines } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
    });
    await s.action.handler(ctx);
    expect(
      s.cfn.commandCalls(CreateStackInstancesCommand)[0].args[0].input,
    ).toEqual({
      StackSetName: 'tenant-baseline',
      OperationId: opA,
      CallAs: 'SELF',
      Regions: ['us-east-1'],
      Accounts: ['222222222222'],
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        FailureToleranceCount: 0,
        MaxConcurrentCount: 1,
      },
    });
    expect(opA).toMatch(/^tenancy-baseline-222222222222-[0-9a-f]{16}$/);
    expect(outputs).toEqual({
      operationId: opA,
      status: 'CURRENT',
      instances: [
        {
          region: 'us-east-1',
          status: 'CURRENT',
          detailedStatus: 'SUCCEEDED',
          reason: '',
        },
      ],
    });
    expect(lines).toContain(
      'info: Baseline tenant-baseline in us-east-1: CURRENT (SUCCEEDED)',
    );
    expect(s.activity[0].summary).toBe(
      'Baseline tenant-baseline CURRENT in us-east-1 (tenancy:baseline:apply)',
    );
  });

  it('already CURRENT: nothing created', async () => {
    const s = setup();
    s.instances.set('222222222222', [current('222222222222')]);
    const { ctx, outputs } = testContext({ accountId: '222222222222' });
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(outputs.operationId).toBe('');
    expect(outputs.status).toBe('CURRENT');
  });

  it('CASES B3: tenants A and B against one StackSet are serialized; B starts once A finishes; no duplicate operations', async () => {
    const s = setup();
    const a = testContext({ accountId: '222222222222' });
    const b = testContext({ accountId: '333333333333' });
    await Promise.all([s.action.handler(a.ctx), s.action.handler(b.ctx)]);
    expect(s.log).toEqual([
      `create 222222222222 ${opA}`,
      `done ${opA}`,
      `create 333333333333 ${opB}`,
      `done ${opB}`,
    ]);
    expect(s.ops.size).toBe(2);
    expect(b.outputs.status).toBe('CURRENT');
  });

  it('CASES B3: OperationInProgressException from another replica: waits for the running operation, re-sends the same OperationId', async () => {
    const s = setup();
    s.ops.set('other-op', { looks: 0, accounts: ['444444444444'] });
    s.cfn.on(ListStackSetOperationsCommand).resolves({
      Summaries: [
        { OperationId: 'other-op', Status: 'RUNNING' },
        { OperationId: 'old', Status: 'SUCCEEDED' },
      ],
    });
    let first = true;
    s.cfn.on(CreateStackInstancesCommand).callsFake(i => {
      if (first) {
        first = false;
        throw new OperationInProgressException({
          message: 'busy',
          $metadata: {},
        });
      }
      s.ops.set(i.OperationId, { looks: 0, accounts: i.Accounts });
      return { OperationId: i.OperationId };
    });
    const { ctx, outputs, lines } = testContext({ accountId: '222222222222' });
    await s.action.handler(ctx);
    expect(
      s.cfn
        .commandCalls(CreateStackInstancesCommand)
        .map(c => c.args[0].input.OperationId),
    ).toEqual([opA, opA]);
    expect(
      s.cfn
        .commandCalls(DescribeStackSetOperationCommand)
        .map(c => c.args[0].input.OperationId),
    ).toEqual(['other-op', 'other-op', opA, opA]);
    expect(lines).toContain(
      'info: Another operation is running on StackSet tenant-baseline; ours starts when it finishes',
    );
    expect(outputs.status).toBe('CURRENT');
  });

  it('CASES B3: OperationIdAlreadyExistsException means it is already there: follow it', async () => {
    const s = setup();
    s.ops.set(opA, { looks: 0, accounts: ['222222222222'] });
    const { ctx, outputs } = testContext({ accountId: '222222222222' });
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(1);
    expect(outputs.operationId).toBe(opA);
    expect(outputs.status).toBe('CURRENT');
  });

  it('CASES X3: a recovered task re-attaches to the same OperationId without sending it again', async () => {
    const s = setup();
    s.ops.set(opA, { looks: 0, accounts: ['222222222222'] });
    const checkpoints = new Map<string, unknown>([
      ['baseline.create.tenant-baseline.222222222222', { operationId: opA }],
    ]);
    const { ctx, outputs } = testContext(
      { accountId: '222222222222' },
      { checkpoints },
    );
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(
      s.cfn
        .commandCalls(DescribeStackSetOperationCommand)
        .map(c => c.args[0].input.OperationId),
    ).toEqual([opA, opA]);
    expect(outputs.status).toBe('CURRENT');
  });

  it('service-managed with auto-deployment: waits for the deployment started by the move, creates nothing', async () => {
    const s = setup('SERVICE_MANAGED', true);
    let looks = 0;
    s.cfn.on(ListStackInstancesCommand).callsFake(() => ({
      Summaries: ++looks < 3 ? [] : [current('222222222222')],
    }));
    const { ctx, outputs, lines } = testContext({ accountId: '222222222222' });
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(outputs.status).toBe('CURRENT');
    expect(lines).toContain(
      'info: Auto-deployment of StackSet tenant-baseline to account 222222222222: waiting for us-east-1, waiting (0 s elapsed)',
    );
  });

  it('service-managed without auto-deployment: targets the OU intersected with the account', async () => {
    const s = setup('SERVICE_MANAGED', false);
    s.org.on(ListParentsCommand).resolves({
      Parents: [{ Id: 'ou-ab12-tenants1', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    const { ctx } = testContext({ accountId: '222222222222' });
    await s.action.handler(ctx);
    expect(
      s.cfn.commandCalls(CreateStackInstancesCommand)[0].args[0].input
        .DeploymentTargets,
    ).toEqual({
      OrganizationalUnitIds: ['ou-ab12-tenants1'],
      Accounts: ['222222222222'],
      AccountFilterType: 'INTERSECTION',
    });
  });

  it('a FAILED operation fails the step naming the operation id, its reason and the instance reason', async () => {
    const s = setup();
    s.cfn.on(DescribeStackSetOperationCommand).resolves({
      StackSetOperation: { Status: 'FAILED', StatusReason: 'quota' },
    });
    s.cfn
      .on(ListStackInstancesCommand)
      .resolvesOnce({ Summaries: [] })
      .resolvesOnce({ Summaries: [] })
      .resolves({
        Summaries: [
          {
            Account: '222222222222',
            Region: 'us-east-1',
            Status: 'OUTDATED',
            StatusReason: 'Role not assumable',
            StackInstanceStatus: { DetailedStatus: 'FAILED' },
          },
        ],
      });
    const { ctx } = testContext({ accountId: '222222222222' });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      `Baseline StackSet tenant-baseline is not CURRENT for account 222222222222: operation ${opA} ended FAILED (quota); us-east-1 OUTDATED/FAILED (Role not assumable). Fix the cause named here, then run the template again: it redeploys the failed instances with a targeted UpdateStackInstances.`,
    );
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(1);
    expect(s.cfn.commandCalls(UpdateStackInstancesCommand)).toHaveLength(0);
  });

  it('B4 re-run: the FAILED instance of an earlier run is redeployed with 1 targeted UpdateStackInstances, not left to the console', async () => {
    const s = setup();
    const failed = {
      Account: '222222222222',
      Region: 'us-east-1',
      Status: 'OUTDATED' as const,
      StatusReason:
        "Account 222222222222 should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.",
      LastOperationId: opA,
      StackInstanceStatus: { DetailedStatus: 'FAILED' as const },
    };
    s.instances.set('222222222222', [failed as any]);
    s.cfn.on(UpdateStackInstancesCommand).callsFake(i => {
      s.ops.set(i.OperationId, { looks: 0, accounts: i.Accounts });
      return { OperationId: i.OperationId };
    });
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
    });
    await s.action.handler(ctx);
    const redeploy = redeployOperationId(
      'tenant-baseline',
      '222222222222',
      ['us-east-1'],
      [opA],
    );
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(
      s.cfn.commandCalls(UpdateStackInstancesCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        StackSetName: 'tenant-baseline',
        OperationId: redeploy,
        CallAs: 'SELF',
        Regions: ['us-east-1'],
        Accounts: ['222222222222'],
        OperationPreferences: {
          RegionConcurrencyType: 'PARALLEL',
          FailureToleranceCount: 0,
          MaxConcurrentCount: 1,
        },
      },
    ]);
    expect(outputs.operationId).toBe(redeploy);
    expect(outputs.status).toBe('CURRENT');
  });

  it('B5: OUTDATED/PENDING while another operation runs is in progress: waits for it, sends nothing', async () => {
    const s = setup();
    s.instances.set('222222222222', [
      {
        Account: '222222222222',
        Region: 'us-east-1',
        Status: 'OUTDATED',
        StackInstanceStatus: { DetailedStatus: 'PENDING' },
      } as any,
    ]);
    s.ops.set('other-op', { looks: 0, accounts: ['222222222222'] });
    s.cfn
      .on(ListStackSetOperationsCommand)
      .resolvesOnce({
        Summaries: [{ OperationId: 'other-op', Status: 'RUNNING' }],
      })
      .resolvesOnce({
        Summaries: [{ OperationId: 'other-op', Status: 'RUNNING' }],
      })
      .resolves({ Summaries: [] });
    const { ctx, outputs } = testContext({ accountId: '222222222222' });
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(s.cfn.commandCalls(UpdateStackInstancesCommand)).toHaveLength(0);
    expect(outputs).toEqual({
      operationId: '',
      status: 'CURRENT',
      instances: [
        {
          region: 'us-east-1',
          status: 'CURRENT',
          detailedStatus: 'SUCCEEDED',
          reason: '',
        },
      ],
    });
  });

  it('B5 dry run: an OUTDATED/PENDING instance with no operation running would be redeployed; nothing sent', async () => {
    const s = setup();
    s.instances.set('222222222222', [
      {
        Account: '222222222222',
        Region: 'us-east-1',
        Status: 'OUTDATED',
        StackInstanceStatus: { DetailedStatus: 'PENDING' },
      } as any,
    ]);
    const { ctx, lines } = testContext(
      { accountId: '222222222222' },
      { isDryRun: true },
    );
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(UpdateStackInstancesCommand)).toHaveLength(0);
    expect(lines).toEqual([
      'info: Dry run: would redeploy the OUTDATED/PENDING StackSet tenant-baseline instances of account 222222222222 in us-east-1 with UpdateStackInstances',
    ]);
  });

  it('CASES X2: dry run makes no CreateStackInstances', async () => {
    const s = setup();
    const { ctx, outputs, lines } = testContext(
      { accountId: '222222222222' },
      { isDryRun: true },
    );
    await s.action.handler(ctx);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(outputs.status).toBe('CURRENT');
    expect(lines).toEqual([
      'info: Dry run: would create StackSet tenant-baseline instances for account 222222222222 in us-east-1',
    ]);
  });

  it('CASES X1: the secret external id goes to the StackSet parameter, never to logs or outputs', async () => {
    const s = setup();
    const { ctx, outputs, lines } = testContext({
      accountId: '222222222222',
      externalId: 's3cr3t-ExtId-9',
    });
    await s.action.handler(ctx);
    expect(
      s.cfn.commandCalls(CreateStackInstancesCommand)[0].args[0].input
        .ParameterOverrides,
    ).toEqual([
      { ParameterKey: 'ExternalId', ParameterValue: 's3cr3t-ExtId-9' },
    ]);
    expect(lines.join('\n')).not.toContain('s3cr3t-ExtId-9');
    expect(JSON.stringify(outputs)).not.toContain('s3cr3t-ExtId-9');
  });
});
