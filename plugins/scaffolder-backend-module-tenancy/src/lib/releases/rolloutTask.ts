import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TenancyActionDeps } from '../../deps';
import type { OperationWaitArgs } from '../stackSetOperations';
import type { ReleaseDeps } from './releaseSettings';
import type { ReleaseRecord, RolloutRecord } from './releaseStore';
import { RolloutPlanInput, RolloutReport, runRollout } from './rollout';

/** The parts of a scaffolder action context a rollout uses. */
export interface RolloutActionContext {
  logger: LoggerService;
  signal?: AbortSignal;
  output(name: string, value: any): void;
}

/**
 * Runs a recorded rollout with the action's clients, clock and logger. Any error other than a
 * halt marks the rollout `halted` too (so it can be resumed) and is rethrown.
 */
export async function runReleaseRollout(
  deps: TenancyActionDeps,
  ctx: RolloutActionContext,
  args: {
    rel: ReleaseDeps;
    rollout: RolloutRecord;
    kind: 'tr' | 'rb';
    release: ReleaseRecord;
    retryUpTo: number;
  },
): Promise<RolloutReport> {
  const plan = JSON.parse(args.rollout.input) as RolloutPlanInput;
  const machine = plan.pipeline?.stateMachineArn;
  try {
    return await runRollout({
      cfn: await deps.clients.cloudFormation(),
      sfn: machine ? await deps.clients.sfn(machine.split(':')[3]) : undefined,
      settings: args.rel.settings,
      store: args.rel.store,
      clock: deps.clock,
      logger: ctx.logger,
      poll: deps.settings.poll,
      signal: ctx.signal,
      rollout: args.rollout,
      kind: args.kind,
      release: args.release,
      plan,
      retryUpTo: args.retryUpTo,
    });
  } catch (e) {
    await args.rel.store.updateRollout(args.rollout.id, { status: 'halted' });
    throw e;
  }
}

/**
 * Outputs a rollout's report; when it halted, throws naming the wave, its failures with their
 * reasons, and the action that resumes it.
 */
export function finishRollout(
  ctx: RolloutActionContext,
  report: RolloutReport,
  resumeWith: string,
): void {
  ctx.output('status', report.status);
  ctx.output('waves', report.waves);
  ctx.output('failed', report.failed);
  if (report.status === 'halted') {
    const wave = report.waves[report.waves.length - 1];
    const reasons = report.failed
      .slice(0, 5)
      .map(f => `${f.accountId} ${f.region}: ${f.reason}`)
      .join('; ');
    throw new Error(
      `Wave ${wave?.name ?? report.haltedAt + 1} halted: ${
        wave?.failed ?? 0
      } failed, more than its failure tolerance (${reasons}). Fix the cause, then run ${resumeWith}.`,
    );
  }
}

/**
 * The StackSet a release action works on (its `stackSetName` input, else
 * `tenancy.releases.stackSetName`) and the release deps pointed at it.
 */
export function releaseTarget(
  rel: ReleaseDeps,
  stackSetName: string | undefined,
): { stackSetName: string; rel: ReleaseDeps } {
  const name = stackSetName ?? rel.settings.stackSetName;
  return {
    stackSetName: name,
    rel: { ...rel, settings: { ...rel.settings, stackSetName: name } },
  };
}

/** The outputs of a rollout action's dry run (nothing ran). */
export function dryRunRollout(ctx: RolloutActionContext): void {
  ctx.output('status', 'completed');
  ctx.output('waves', []);
  ctx.output('failed', []);
}

/** How a release action waits on its StackSet's operations. */
export async function releaseWaitArgs(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
  ctx: RolloutActionContext,
): Promise<OperationWaitArgs> {
  return {
    cfn: await deps.clients.cloudFormation(),
    stackSetName: rel.settings.stackSetName,
    callAs: rel.settings.callAs,
    timeoutSeconds: rel.settings.timeoutSeconds,
    poll: deps.settings.poll,
    clock: deps.clock,
    logger: ctx.logger,
    signal: ctx.signal,
  };
}

/**
 * Records who started the operations whose ids start with each prefix, and their version (for
 * the Deployments history; a pipeline's executions are read back by it); `unknown` when the
 * task has no user, as the release records say. Best effort.
 */
export async function recordStarts(
  deps: TenancyActionDeps,
  user: string | undefined,
  version: string,
  prefixes: string[],
): Promise<void> {
  const at = new Date(deps.clock.now()).toISOString();
  for (const operationPrefix of prefixes)
    await deps.activity.recordReleaseStart({
      operationPrefix,
      version,
      startedBy: user ?? 'unknown',
      at,
    });
}
