import {
  CreateStackInstancesCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  StackInstanceNotFoundException,
  StackInstanceSummary,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import {
  deployBaseline,
  isExecutionRoleNotReady,
  planInstances,
} from './baselineRedeploy';
import { baselineOperationId, InstanceReport } from './stackSets';
import { redeployOperationId } from './stackSetOperations';
import { fakeClock, testClients } from '../__testUtils__/harness';

const ACCOUNT = '333333333333';
const NOT_READY = `Account ${ACCOUNT} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.`;
const START = Date.UTC(2025, 6, 1);
const opCreate = baselineOperationId('tenant-baseline', ACCOUNT, ['us-east-1']);

type Summary = StackInstanceSummary;

/**
 * A StackSet whose instances of the account fail with AWS's execution-role-not-ready reason for
 * operations started before `readyAtMs`, and succeed after; operations end at once.
 */
function stackSet(readyAtMs: number) {
  const { cfn: client } = testClients();
  const cfn = mockClient(client);
  const clock = fakeClock(START);
  const instances = new Map<string, Summary>();
  const ops = new Map<string, { status: string }>();
  const sent: string[] = [];
  const apply = (kind: string, i: any) => {
    sent.push(`${kind} ${i.OperationId}`);
    const ok = clock.now() >= readyAtMs;
    for (const region of i.Regions as string[]) {
      instances.set(region, {
        Account: ACCOUNT,
        Region: region,
        Status: ok ? 'CURRENT' : 'OUTDATED',
        ...(ok ? {} : { StatusReason: NOT_READY }),
        LastOperationId: i.OperationId,
        StackInstanceStatus: { DetailedStatus: ok ? 'SUCCEEDED' : 'FAILED' },
      });
    }
    ops.set(i.OperationId, { status: ok ? 'SUCCEEDED' : 'FAILED' });
    return { OperationId: i.OperationId };
  };
  cfn.on(CreateStackInstancesCommand).callsFake(i => apply('create', i));
  cfn.on(UpdateStackInstancesCommand).callsFake(i => {
    if (!(i.Regions as string[]).every(r => instances.has(r)))
      throw new StackInstanceNotFoundException({
        message: 'no instance',
        $metadata: {},
      });
    return apply('update', i);
  });
  cfn.on(DescribeStackSetOperationCommand).callsFake(i => ({
    StackSetOperation: {
      OperationId: i.OperationId,
      Status: ops.get(i.OperationId)!.status,
    },
  }));
  cfn
    .on(ListStackInstancesCommand)
    .callsFake(() => ({ Summaries: [...instances.values()] }));
  cfn.on(ListStackSetOperationsCommand).resolves({ Summaries: [] });
  const lines: string[] = [];
  const logger = {
    info: (m: string) => void lines.push(m),
    warn: (m: string) => void lines.push(`warn: ${m}`),
    error: (m: string) => void lines.push(`error: ${m}`),
    debug: () => undefined,
    child: () => logger,
  } as any;
  const checkpoints = new Map<string, unknown>();
  const args = (notReadyTimeoutSeconds = 900) => ({
    cfn: client,
    stackSetName: 'tenant-baseline',
    callAs: 'SELF',
    timeoutSeconds: 1800,
    poll: { initialSeconds: 2, maxSeconds: 20 },
    clock,
    logger,
    accountId: ACCOUNT,
    regions: ['us-east-1'],
    notReadyTimeoutSeconds,
    request: async () => ({
      Accounts: [ACCOUNT],
      OperationPreferences: { FailureToleranceCount: 0, MaxConcurrentCount: 1 },
    }),
    checkpoint: async ({ key, fn }: { key: string; fn: () => any }) => {
      if (checkpoints.has(key)) return checkpoints.get(key) as any;
      const v = await fn();
      checkpoints.set(key, v);
      return v;
    },
    exclusive: <T>(fn: () => Promise<T>) => fn(),
    random: () => 1,
  });
  return { cfn, clock, instances, ops, sent, lines, checkpoints, args };
}

/** The redeploy ids of successive attempts: each derived from the previous operation. */
function redeployChain(n: number): string[] {
  const ids: string[] = [];
  let last = opCreate;
  for (let k = 0; k < n; k++) {
    last = redeployOperationId(
      'tenant-baseline',
      ACCOUNT,
      ['us-east-1'],
      [last],
    );
    ids.push(last);
  }
  return ids;
}

describe('deployBaseline', () => {
  it('B4: a new account not ready for 10 s: create fails, targeted redeploys after 2, 4, 8 s, the 4th operation succeeds', async () => {
    const s = stackSet(START + 10_000);
    const result = await deployBaseline(s.args());
    const [r1, r2, r3] = redeployChain(3);
    expect(s.sent).toEqual([
      `create ${opCreate}`,
      `update ${r1}`,
      `update ${r2}`,
      `update ${r3}`,
    ]);
    expect(s.clock.sleeps).toEqual([2000, 4000, 8000]);
    expect(result.operationId).toBe(r3);
    expect(
      result.instances.map(i => `${i.status}/${i.detailedStatus}`),
    ).toEqual(['CURRENT/SUCCEEDED']);
    expect(r1).toMatch(/^tenancy-redeploy-333333333333-[0-9a-f]{16}$/);
    const progress = s.lines.filter(l =>
      l.startsWith('Account 333333333333 is not ready'),
    );
    expect(progress).toEqual([
      `Account 333333333333 is not ready for StackSet tenant-baseline yet (operation ${opCreate} ended FAILED; us-east-1 OUTDATED/FAILED (${NOT_READY})); attempt 2 in 2 s, retrying until 2025-07-01T00:15:00.000Z`,
      `Account 333333333333 is not ready for StackSet tenant-baseline yet (operation ${r1} ended FAILED; us-east-1 OUTDATED/FAILED (${NOT_READY})); attempt 3 in 4 s, retrying until 2025-07-01T00:15:00.000Z`,
      `Account 333333333333 is not ready for StackSet tenant-baseline yet (operation ${r2} ended FAILED; us-east-1 OUTDATED/FAILED (${NOT_READY})); attempt 4 in 8 s, retrying until 2025-07-01T00:15:00.000Z`,
    ]);
    expect(
      s.cfn.commandCalls(UpdateStackInstancesCommand)[0].args[0].input,
    ).toEqual({
      StackSetName: 'tenant-baseline',
      OperationId: r1,
      CallAs: 'SELF',
      Regions: ['us-east-1'],
      Accounts: [ACCOUNT],
      OperationPreferences: { FailureToleranceCount: 0, MaxConcurrentCount: 1 },
    });
  });

  it('B4: still not ready at the 20 s deadline: the last attempt runs at the deadline, then fails naming the operation id and its reason', async () => {
    const s = stackSet(Number.MAX_SAFE_INTEGER);
    const ids = redeployChain(4);
    await expect(deployBaseline(s.args(20))).rejects.toThrow(
      `Baseline StackSet tenant-baseline is not CURRENT for account 333333333333 after 5 operations over 20 s (tenancy.vending.baseline.notReadyTimeoutSeconds): operation ${ids[3]} ended FAILED; us-east-1 OUTDATED/FAILED (${NOT_READY}). The account's StackSet execution role is still not usable; run the template again later: it redeploys the failed instances with a targeted UpdateStackInstances.`,
    );
    expect(s.sent).toEqual([
      `create ${opCreate}`,
      ...ids.map(id => `update ${id}`),
    ]);
    expect(s.clock.sleeps).toEqual([2000, 4000, 8000, 6000]);
  });

  it('B4: the deadline counts from the first not-ready failure, kept in a checkpoint so a recovered task keeps it', async () => {
    const s = stackSet(Number.MAX_SAFE_INTEGER);
    s.checkpoints.set('baseline.notReady.tenant-baseline.333333333333', {
      sinceMs: START - 19_000,
    });
    await expect(deployBaseline(s.args(20))).rejects.toThrow(
      `after 2 operations over 20 s (tenancy.vending.baseline.notReadyTimeoutSeconds): operation ${
        redeployChain(1)[0]
      } ended FAILED`,
    );
    expect(s.clock.sleeps).toEqual([1000]);
  });

  it('B4 re-run: a FAILED instance is redeployed with exactly 1 targeted UpdateStackInstances, 0 CreateStackInstances', async () => {
    const s = stackSet(START);
    s.instances.set('us-east-1', {
      Account: ACCOUNT,
      Region: 'us-east-1',
      Status: 'OUTDATED',
      StatusReason: NOT_READY,
      LastOperationId: opCreate,
      StackInstanceStatus: { DetailedStatus: 'FAILED' },
    });
    const result = await deployBaseline(s.args());
    const [r1] = redeployChain(1);
    expect(s.sent).toEqual([`update ${r1}`]);
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(result.operationId).toBe(r1);
    expect(s.lines).toContain(
      `Redeploying StackSet tenant-baseline instances of account 333333333333 (us-east-1 OUTDATED/FAILED (${NOT_READY})) with UpdateStackInstances, operation ${r1}`,
    );
  });

  it('B5: OUTDATED/PENDING with no operation running is behind the latest version: one targeted update', async () => {
    const s = stackSet(START);
    s.instances.set('us-east-1', {
      Account: ACCOUNT,
      Region: 'us-east-1',
      Status: 'OUTDATED',
      LastOperationId: 'vend-acme-1',
      StackInstanceStatus: { DetailedStatus: 'PENDING' },
    });
    const result = await deployBaseline(s.args());
    const id = redeployOperationId(
      'tenant-baseline',
      ACCOUNT,
      ['us-east-1'],
      ['vend-acme-1'],
    );
    expect(s.sent).toEqual([`update ${id}`]);
    expect(result.instances[0].status).toBe('CURRENT');
  });

  it('B5: CURRENT makes 0 operations (idempotent)', async () => {
    const s = stackSet(START);
    s.instances.set('us-east-1', {
      Account: ACCOUNT,
      Region: 'us-east-1',
      Status: 'CURRENT',
      LastOperationId: opCreate,
      StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
    });
    const result = await deployBaseline(s.args());
    expect(s.sent).toEqual([]);
    expect(result.operationId).toBe('');
    expect(s.cfn.commandCalls(DescribeStackSetOperationCommand)).toHaveLength(
      0,
    );
  });

  it('a recovered task re-attaches to the redeploy it already sent (same id from the same state), sending nothing', async () => {
    const s = stackSet(START);
    s.instances.set('us-east-1', {
      Account: ACCOUNT,
      Region: 'us-east-1',
      Status: 'OUTDATED',
      StatusReason: NOT_READY,
      LastOperationId: opCreate,
      StackInstanceStatus: { DetailedStatus: 'FAILED' },
    });
    const [r1] = redeployChain(1);
    s.checkpoints.set(`baseline.update.tenant-baseline.${ACCOUNT}.${r1}`, {
      operationId: r1,
    });
    s.ops.set(r1, { status: 'SUCCEEDED' });
    s.cfn
      .on(ListStackInstancesCommand)
      .resolvesOnce({ Summaries: [s.instances.get('us-east-1')!] })
      .resolves({
        Summaries: [
          {
            Account: ACCOUNT,
            Region: 'us-east-1',
            Status: 'CURRENT',
            LastOperationId: r1,
            StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
          },
        ],
      });
    const result = await deployBaseline(s.args());
    expect(s.sent).toEqual([]);
    expect(result.operationId).toBe(r1);
  });

  it('another failure fails at once naming the operation id and the instance reason', async () => {
    const s = stackSet(START);
    s.cfn.on(CreateStackInstancesCommand).callsFake(i => {
      s.instances.set('us-east-1', {
        Account: ACCOUNT,
        Region: 'us-east-1',
        Status: 'OUTDATED',
        StatusReason:
          'ResourceLogicalId:Bucket, ResourceStatusReason:Bucket exists.',
        LastOperationId: i.OperationId,
        StackInstanceStatus: { DetailedStatus: 'FAILED' },
      });
      s.ops.set(i.OperationId, { status: 'FAILED' });
      return { OperationId: i.OperationId };
    });
    await expect(deployBaseline(s.args())).rejects.toThrow(
      `Baseline StackSet tenant-baseline is not CURRENT for account 333333333333: operation ${opCreate} ended FAILED; us-east-1 OUTDATED/FAILED (ResourceLogicalId:Bucket, ResourceStatusReason:Bucket exists.). Fix the cause named here, then run the template again: it redeploys the failed instances with a targeted UpdateStackInstances.`,
    );
    expect(s.cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(1);
    expect(s.clock.sleeps).toEqual([]);
  });
});

describe('planInstances', () => {
  const inst = (
    region: string,
    status: string,
    detailedStatus: string,
  ): InstanceReport => ({
    region,
    status,
    detailedStatus,
    reason: '',
    lastOperationId: 'op-1',
  });
  it('B5: sorts missing, FAILED, OUTDATED/PENDING (in flight only while an operation runs) and suspended Regions', () => {
    const have = [
      inst('eu-west-1', 'OUTDATED', 'FAILED'),
      inst('us-east-1', 'CURRENT', 'SUCCEEDED'),
      inst('us-east-2', 'OUTDATED', 'PENDING'),
      inst('us-west-2', 'OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT'),
    ];
    const regions = [
      'ap-south-1',
      'eu-west-1',
      'us-east-1',
      'us-east-2',
      'us-west-2',
    ];
    expect(planInstances(have, regions, false)).toEqual({
      create: ['ap-south-1'],
      update: ['eu-west-1', 'us-east-2'],
      inFlight: [],
      suspended: ['us-west-2'],
    });
    expect(planInstances(have, regions, true)).toEqual({
      create: ['ap-south-1'],
      update: ['eu-west-1'],
      inFlight: ['us-east-2'],
      suspended: ['us-west-2'],
    });
  });

  it("B4: recognizes AWS's execution-role-not-ready reason and nothing else", () => {
    expect(isExecutionRoleNotReady(NOT_READY)).toBe(true);
    expect(isExecutionRoleNotReady('Role not assumable')).toBe(false);
    expect(isExecutionRoleNotReady('')).toBe(false);
  });
});
