import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionClock } from '../clock';
import type { OperationWaitArgs } from '../stackSetOperations';
import { describeStackSet, readInstances, stackSetVersion } from './fleet';
import { rolloutPrefix } from './operations';
import type { WaveSpec } from './plan';
import type { ReleaseSettings } from './releaseSettings';
import type {
  ReleaseRecord,
  ReleaseStore,
  RolloutRecord,
} from './releaseStore';
import { PipelineTarget, runPipelineWave } from './pipelineWave';
import { runWave, WaveOutcome, WaveRunArgs } from './waveRunner';

/** What a rollout stores as its `input`: the waves fixed when it started, and its Regions. @public */
export interface RolloutPlanInput {
  waves: WaveSpec[];
  regions: string[];
  /** The tenants OU id service-managed targets go through ('' for self-managed). */
  ouId: string;
  /** Rollback: the rollout it undoes. */
  rollsBack?: number;
  /** Set when the rollout goes through a Step Functions pipeline instead of the StackSet. */
  pipeline?: PipelineTarget;
}

/** One wave's tally after it ran. @public */
export interface WaveReport {
  name: string;
  done: number;
  failed: number;
  remaining: number;
  operationIds: string[];
}

/** A failed stack instance, with AWS's StatusReason. @public */
export interface FailedInstance {
  accountId: string;
  region: string;
  reason: string;
}

/** How a rollout run ended. @public */
export interface RolloutReport {
  /** `completed` or `halted`. */
  status: 'completed' | 'halted';
  waves: WaveReport[];
  failed: FailedInstance[];
  /** The wave it halted at (index), or the number of waves. */
  haltedAt: number;
}

/** What {@link runRollout} needs. */
export interface RunRolloutArgs {
  cfn: CloudFormationClient;
  /** Step Functions in the state machine's Region (pipeline rollouts). */
  sfn?: SFNClient;
  settings: ReleaseSettings;
  store: ReleaseStore;
  clock: ActionClock;
  logger: LoggerService;
  poll: { initialSeconds: number; maxSeconds: number };
  signal?: AbortSignal;
  rollout: RolloutRecord;
  kind: 'tr' | 'rb';
  release: ReleaseRecord;
  plan: RolloutPlanInput;
  /** Resume: ended attempts of the halted wave up to this number are retried. */
  retryUpTo: number;
}

/**
 * Runs the rollout's waves from the one it stopped at: each wave deploys the release to its
 * accounts not on it yet (`waveRunner`), records each instance's result, and logs
 * done / failed / remaining with each failure's account, Region and StatusReason. A wave whose
 * operation ends FAILED (its failures exceeded the tolerance) or STOPPED halts the rollout.
 */
export async function runRollout(args: RunRolloutArgs): Promise<RolloutReport> {
  const { settings, release, plan, rollout } = args;
  const prefix = rolloutPrefix(
    args.kind,
    settings.stackSetName,
    release.version,
    rollout.id,
  );
  const waitArgs: OperationWaitArgs = {
    cfn: args.cfn,
    stackSetName: settings.stackSetName,
    callAs: settings.callAs,
    timeoutSeconds: settings.timeoutSeconds,
    poll: args.poll,
    clock: args.clock,
    logger: args.logger,
    signal: args.signal,
  };
  const parameters = [
    ...release.parameters
      .filter(p => p.key !== settings.versionParameter)
      .map(p => ({ ParameterKey: p.key, ParameterValue: p.value })),
    {
      ParameterKey: settings.versionParameter,
      ParameterValue: release.version,
    },
  ];
  const report: RolloutReport = {
    status: 'completed',
    waves: [],
    failed: [],
    haltedAt: plan.waves.length,
  };
  for (let i = rollout.wave; i < plan.waves.length; i++) {
    const wave = plan.waves[i];
    const name = `${i + 1}/${plan.waves.length} (${wave.name})`;
    args.logger.info(
      `Wave ${name}: ${wave.accountIds.length} tenants, release ${release.version}`,
    );
    await args.store.updateRollout(rollout.id, { wave: i });
    const runArgs: WaveRunArgs = {
      ...waitArgs,
      wavePrefix: `${prefix}-w${i + 1}`,
      wave: { ...wave, name },
      regions: plan.regions,
      templateBody: release.templateBody,
      parameters,
      retryUpTo: i === rollout.wave ? args.retryUpTo : 0,
      log: m => args.logger.info(m),
      targets: accounts =>
        plan.ouId
          ? {
              DeploymentTargets: {
                OrganizationalUnitIds: [plan.ouId],
                Accounts: accounts,
                AccountFilterType: 'INTERSECTION',
              },
            }
          : { Accounts: accounts },
      state: async () => {
        const set = await describeStackSet(
          args.cfn,
          settings.stackSetName,
          settings.callAs,
        );
        const atTarget =
          stackSetVersion(set, settings.versionParameter) === release.version &&
          set?.TemplateBody === release.templateBody;
        const instances = await readInstances(
          args.cfn,
          settings.stackSetName,
          settings.callAs,
        );
        const existing = new Set<string>();
        const onTarget = new Set<string>();
        for (const a of wave.accountIds) {
          const mine = instances.filter(x => x.accountId === a);
          if (plan.regions.every(r => mine.some(x => x.region === r)))
            existing.add(a);
          if (
            atTarget &&
            existing.has(a) &&
            mine.every(x => x.status === 'CURRENT')
          )
            onTarget.add(a);
        }
        return {
          pending: wave.accountIds.filter(a => !onTarget.has(a)),
          existing,
          stackSetAtTarget: atTarget,
        };
      },
    };
    const outcome = plan.pipeline
      ? await pipelineWave(args, plan.pipeline, runArgs)
      : await runWave(runArgs);
    await args.store.recordResults(
      settings.stackSetName,
      outcome.results
        .filter(r => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.status))
        .map(r => ({
          accountId: r.accountId,
          region: r.region,
          version: release.version,
          operationId: r.operationId,
          result: r.status,
          reason: r.reason,
        })),
      new Date(args.clock.now()).toISOString(),
    );
    const failed = outcome.results
      .filter(r => r.status === 'FAILED')
      .map(r => ({
        accountId: r.accountId,
        region: r.region,
        reason: r.reason,
      }));
    // Per account: failed if an instance failed, remaining if one has not succeeded, else done
    // (accounts no operation touched were already on the release).
    const failedAccounts = new Set(failed.map(f => f.accountId));
    const remaining = new Set(
      outcome.results
        .filter(
          r => r.status !== 'SUCCEEDED' && !failedAccounts.has(r.accountId),
        )
        .map(r => r.accountId),
    );
    const tally: WaveReport = {
      name: wave.name,
      done: wave.accountIds.length - failedAccounts.size - remaining.size,
      failed: failedAccounts.size,
      remaining: remaining.size,
      operationIds: outcome.operationIds,
    };
    args.logger.info(
      `Wave ${name}: ${tally.done} done, ${tally.failed} failed, ${tally.remaining} remaining`,
    );
    for (const f of failed)
      args.logger.info(`  failed: ${f.accountId} ${f.region}: ${f.reason}`);
    report.waves.push(tally);
    report.failed.push(...failed);
    if (outcome.status !== 'SUCCEEDED') {
      report.status = 'halted';
      report.haltedAt = i;
      await args.store.updateRollout(rollout.id, { status: 'halted', wave: i });
      return report;
    }
  }
  await args.store.updateRollout(rollout.id, {
    status: 'completed',
    wave: plan.waves.length,
  });
  return report;
}

/** One wave through the pipeline: its accounts whose recorded version is not the release's. */
async function pipelineWave(
  args: RunRolloutArgs,
  target: PipelineTarget,
  runArgs: WaveRunArgs,
): Promise<WaveOutcome> {
  if (!args.sfn)
    throw new Error('A pipeline rollout needs a Step Functions client');
  const recorded = await args.store.deployedVersions(
    args.settings.stackSetName,
  );
  return runPipelineWave({
    ...runArgs,
    sfn: args.sfn,
    target,
    version: args.release.version,
    stackName: args.settings.stackSetName,
    pending: runArgs.wave.accountIds.filter(
      a => recorded.get(a) !== args.release.version,
    ),
  });
}
