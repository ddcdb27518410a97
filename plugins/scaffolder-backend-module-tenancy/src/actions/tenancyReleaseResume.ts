import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { attemptOf, rolloutPrefix } from '../lib/releases/operations';
import { listOperations } from '../lib/stackSets';
import type { ReleaseDeps } from '../lib/releases/releaseSettings';
import { planOf } from '../lib/releases/rollback';
import { PipelineTarget, waveExecutions } from '../lib/releases/pipelineWave';
import {
  dryRunRollout,
  finishRollout,
  recordStarts,
  releaseTarget,
  runReleaseRollout,
} from '../lib/releases/rolloutTask';
import { rolloutOutput, stackSetNameInput } from './releaseSchema';
import { examples } from './tenancyReleaseResume.examples';

/**
 * `tenancy:release:resume` — continues the StackSet's halted rollout (a deploy or a rollback)
 * from the wave that halted: that wave's failed and cancelled tenants get a new operation (the
 * next attempt id; for a pipeline rollout, a new execution per failed tenant), then the
 * remaining waves run as planned. Refused while another rollout runs. IAM: as
 * `tenancy:release:deploy`.
 * @public
 */
export function createTenancyReleaseResumeAction(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
) {
  return createTemplateAction({
    id: 'tenancy:release:resume',
    description:
      'Resumes the halted rollout of the tenant stack from the wave that halted.',
    examples,
    supportsDryRun: true,
    schema: {
      input: { stackSetName: stackSetNameInput },
      output: {
        ...rolloutOutput,
        version: z => z.string().describe('The release resumed'),
      },
    },
    async handler(ctx) {
      const { stackSetName, rel: target } = releaseTarget(
        rel,
        ctx.input.stackSetName,
      );
      const rollout = await rel.store.latestRollout(stackSetName);
      const resumable =
        rollout &&
        (rollout.status === 'halted' ||
          (rollout.status === 'running' && rollout.taskId === ctx.task.id));
      if (!rollout || !resumable) {
        throw new InputError(
          rollout
            ? `Nothing to resume: the latest rollout of ${stackSetName} (${rollout.version}) is ${rollout.status}`
            : `Nothing to resume: ${stackSetName} has no rollout`,
        );
      }
      ctx.output('version', rollout.version);
      const plan = planOf(rollout);
      const kind = plan.rollsBack ? 'rb' : 'tr';
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would resume ${stackSetName} ${rollout.version} at wave ${
            rollout.wave + 1
          }/${plan.waves.length} (${plan.waves[rollout.wave]?.name})`,
        );
        dryRunRollout(ctx);
        return;
      }
      await rel.store.claimRollout(rollout, ctx.task.id);
      // The attempts the halted wave had when this task resumed it: a recovered resume task
      // follows its own attempt instead of starting another.
      const prefix = rolloutPrefix(
        kind,
        stackSetName,
        rollout.version,
        rollout.id,
      );
      const wavePrefix = `${prefix}-w${rollout.wave + 1}`;
      const retryUpTo = await ctx.checkpoint({
        key: `release-resume-${rollout.id}-w${rollout.wave + 1}`,
        fn: () =>
          plan.pipeline
            ? latestPipelineAttempt(deps, plan.pipeline, wavePrefix)
            : latestStackSetAttempt(deps, target, wavePrefix),
      });
      // The resumer started the halted wave's next attempt and every later wave.
      await recordStarts(deps, ctx.user?.ref, rollout.version, [
        `${wavePrefix}-a${retryUpTo + 1}-`,
        ...plan.waves
          .slice(rollout.wave + 1)
          .map((_, i) => `${prefix}-w${rollout.wave + i + 2}-`),
      ]);
      const report = await runReleaseRollout(deps, ctx, {
        rel: target,
        rollout,
        kind,
        release: await rel.store.getRelease(stackSetName, rollout.version),
        retryUpTo,
      });
      if (report.status === 'completed' && plan.rollsBack)
        await rel.store.updateRollout(plan.rollsBack, { status: 'rolledBack' });
      finishRollout(ctx, report, 'tenancy:release:resume');
    },
  });
}

/** The highest attempt of the wave's StackSet operations (ListStackSetOperations). */
async function latestStackSetAttempt(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
  wavePrefix: string,
): Promise<number> {
  const ops = await listOperations(
    await deps.clients.cloudFormation(),
    rel.settings.stackSetName,
    rel.settings.callAs,
  );
  return Math.max(
    0,
    ...ops.map(o => attemptOf(wavePrefix, o.OperationId ?? '')),
  );
}

/** The highest attempt of the wave's executions (ListExecutions of the pipeline's state machine). */
async function latestPipelineAttempt(
  deps: TenancyActionDeps,
  target: PipelineTarget,
  wavePrefix: string,
): Promise<number> {
  const arn = target.stateMachineArn;
  const latest = await waveExecutions(
    await deps.clients.sfn(arn.split(':')[3]),
    arn,
    wavePrefix,
  );
  return Math.max(0, ...[...latest.values()].map(e => e.attempt));
}
