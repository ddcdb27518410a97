import {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  listAllExecutions,
  executionFailureReason,
  isAwsError,
  parsePipelineExecutionName,
  pipelineExecutionName,
} from '@tenancy/plugin-tenants-node';
import { aws } from '../organizations';
import type { OperationWaitArgs } from '../stackSetOperations';
import type { OperationResult } from './operations';
import { waveLimits, WaveSpec } from './plan';
import type { WaveOutcome } from './waveRunner';

/**
 * Where a pipeline rollout sends its tenants: the state machine, and each account's ARN (fixed
 * when the rollout starts, so a recovered task sends the same execution input). @public
 */
export interface PipelineTarget {
  stateMachineArn: string;
  /** Account id → its Organizations ARN. */
  accountArns: Record<string, string>;
}

/** What {@link runPipelineWave} needs; `timeoutSeconds` is the wave's deadline. */
export interface PipelineWaveArgs
  extends Pick<
    OperationWaitArgs,
    'timeoutSeconds' | 'poll' | 'clock' | 'logger' | 'signal'
  > {
  sfn: SFNClient;
  target: PipelineTarget;
  /** `<rollout prefix>-w<wave>`; execution names are `<wavePrefix>-a<attempt>-<accountId>`. */
  wavePrefix: string;
  wave: WaveSpec;
  /** The release version the executions deploy. */
  version: string;
  /** The tenant stack's name, in the execution input. */
  stackName: string;
  /** Accounts of the wave whose recorded version is not `version` yet. */
  pending: string[];
  /** Ended attempts up to this number are retried (resume); later ones are the outcome. */
  retryUpTo: number;
}

/** StatusReason of accounts not started because the wave went over its tolerance (as StackSets say). */
export const CANCELLED_REASON =
  'Cancelled since failure tolerance has exceeded';

/** The execution name of a tenant's attempt (see `pipelineExecutionName`). */
export const executionName = pipelineExecutionName;

/** The state machine's executions of this wave (ListExecutions, every page): the latest attempt per account. */
export async function waveExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
  wavePrefix: string,
): Promise<Map<string, { attempt: number; arn: string; status: string }>> {
  const rows = await aws('SFN.ListExecutions', () =>
    listAllExecutions(sfn, stateMachineArn),
  );
  const latest = new Map<
    string,
    { attempt: number; arn: string; status: string }
  >();
  for (const e of rows) {
    const parsed = parsePipelineExecutionName(e.name ?? '');
    if (parsed?.wavePrefix !== wavePrefix) continue;
    const seen = latest.get(parsed.accountId);
    if (!seen || seen.attempt < parsed.attempt)
      latest.set(parsed.accountId, {
        attempt: parsed.attempt,
        arn: e.executionArn ?? '',
        status: e.status ?? '',
      });
  }
  return latest;
}

/**
 * Deploys the release to one wave through the pipeline's state machine: one execution per
 * tenant (input: account ARN and id, version, stack name), at most the wave's concurrency at
 * once (in STRICT_FAILURE_TOLERANCE mode also at most tolerance + 1 − failures), starting no
 * more once the failures exceed the tolerance (the others end CANCELLED) and waiting for the
 * running ones. Execution names are stable, so a recovered task re-attaches: it lists the
 * wave's executions first, and StartExecution with the same name and input is idempotent
 * while the execution runs (ExecutionAlreadyExists once it ended: it is read instead).
 * AWS calls: ListExecutions, StartExecution, DescribeExecution.
 * @returns `SUCCEEDED`, or `FAILED` when the failures exceeded the tolerance; results per account
 *   (region: the state machine's Region; reason: the execution's `error: cause`).
 * @throws Error at the deadline, saying the executions continue in Step Functions.
 */
export async function runPipelineWave(
  args: PipelineWaveArgs,
): Promise<WaveOutcome> {
  const { sfn, target, wave } = args;
  const region = target.stateMachineArn.split(':')[3];
  const label = `Wave ${wave.name}`;
  const limits = waveLimits(wave.accountIds.length, wave.preferences);
  const known = await waveExecutions(
    sfn,
    target.stateMachineArn,
    args.wavePrefix,
  );
  const results = new Map<string, OperationResult>();
  const running = new Map<string, string>();
  const queue: Array<{ accountId: string; attempt: number }> = [];
  const record = (
    accountId: string,
    name: string,
    status: string,
    reason = '',
  ) =>
    results.set(accountId, {
      accountId,
      region,
      status,
      reason,
      operationId: name,
    });
  const nameOf = (arn: string) => arn.split(':').pop() ?? '';
  const settle = (accountId: string, d: DescribeExecutionCommandOutput) =>
    record(
      accountId,
      nameOf(d.executionArn ?? ''),
      d.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
      executionFailureReason(d),
    );
  const describe = (executionArn: string) =>
    aws('SFN.DescribeExecution', () =>
      sfn.send(new DescribeExecutionCommand({ executionArn })),
    );
  for (const accountId of wave.accountIds) {
    const last = known.get(accountId);
    if (last?.status === 'RUNNING') {
      args.logger.info(
        `${label}: re-attaching to execution ${nameOf(last.arn)}`,
      );
      running.set(accountId, last.arn);
    } else if (last?.status === 'SUCCEEDED') {
      record(accountId, nameOf(last.arn), 'SUCCEEDED');
    } else if (last && last.attempt > args.retryUpTo) {
      settle(accountId, await describe(last.arn));
    } else if (args.pending.includes(accountId)) {
      queue.push({ accountId, attempt: (last?.attempt ?? 0) + 1 });
    }
  }
  const failures = () =>
    [...results.values()].filter(r => r.status === 'FAILED').length;
  const limit = () =>
    limits.strict
      ? Math.min(limits.maxConcurrent, limits.tolerance + 1 - failures())
      : limits.maxConcurrent;
  const deadline = args.clock.now() + args.timeoutSeconds * 1000;
  let interval = args.poll.initialSeconds * 1000;
  for (;;) {
    while (
      queue.length &&
      running.size < limit() &&
      failures() <= limits.tolerance
    ) {
      const next = queue.shift()!;
      running.set(next.accountId, await start(args, next, describe, settle));
      if (results.has(next.accountId)) running.delete(next.accountId);
    }
    if (running.size === 0) break;
    const left = deadline - args.clock.now();
    if (left <= 0)
      throw new Error(
        `${label}: ${running.size} executions of ${target.stateMachineArn} did not finish within ${args.timeoutSeconds} s. They continue in Step Functions; resume the rollout to wait on them again.`,
      );
    await args.clock.sleep(Math.min(interval, left), args.signal);
    interval = Math.min(
      Math.min(args.poll.maxSeconds, 30) * 1000,
      Math.round(interval * 1.5),
    );
    for (const [accountId, arn] of [...running]) {
      const d = await describe(arn);
      if (d.status === 'RUNNING' || d.status === 'PENDING_REDRIVE') continue;
      running.delete(accountId);
      settle(accountId, d);
    }
    const done = [...results.values()].filter(r => r.status === 'SUCCEEDED');
    args.logger.info(
      `${label}: ${done.length} done, ${failures()} failed, ${
        running.size + queue.length
      } remaining (executions of ${target.stateMachineArn})`,
    );
  }
  for (const q of queue)
    record(
      q.accountId,
      executionName(args.wavePrefix, q.attempt, q.accountId),
      'CANCELLED',
      CANCELLED_REASON,
    );
  return {
    status: failures() > limits.tolerance ? 'FAILED' : 'SUCCEEDED',
    operationIds: [...results.values()].map(r => r.operationId),
    results: [...results.values()],
  };
}

/**
 * StartExecution of one tenant's attempt; a closed execution of that name (ExecutionAlreadyExists)
 * is read and settled instead of started again.
 * @returns the execution's ARN.
 */
async function start(
  args: PipelineWaveArgs,
  next: { accountId: string; attempt: number },
  describe: (arn: string) => Promise<DescribeExecutionCommandOutput>,
  settle: (accountId: string, d: DescribeExecutionCommandOutput) => void,
): Promise<string> {
  const name = executionName(args.wavePrefix, next.attempt, next.accountId);
  const arn = `${args.target.stateMachineArn.replace(
    ':stateMachine:',
    ':execution:',
  )}:${name}`;
  try {
    const res = await args.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: args.target.stateMachineArn,
        name,
        input: JSON.stringify({
          accountArn: args.target.accountArns[next.accountId] ?? '',
          accountId: next.accountId,
          version: args.version,
          stackName: args.stackName,
        }),
      }),
    );
    args.logger.info(`Started execution ${name}`);
    return res.executionArn ?? arn;
  } catch (e) {
    if (!isAwsError(e, 'ExecutionAlreadyExists'))
      return aws('SFN.StartExecution', () => Promise.reject(e));
    const d = await describe(arn);
    if (d.status !== 'RUNNING') settle(next.accountId, d);
    args.logger.info(
      `Execution ${name} already exists (${d.status}); following it`,
    );
    return arn;
  }
}
