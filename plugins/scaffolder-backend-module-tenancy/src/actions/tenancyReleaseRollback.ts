import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import type { ReleaseDeps } from '../lib/releases/releaseSettings';
import { rolloutPrefix } from '../lib/releases/operations';
import { planOf, rollbackPlan } from '../lib/releases/rollback';
import {
  dryRunRollout,
  finishRollout,
  recordStarts,
  releaseTarget,
  runReleaseRollout,
} from '../lib/releases/rolloutTask';
import {
  rolloutOutput,
  stackSetNameInput,
  wavePreferencesSchema,
} from './releaseSchema';
import { examples } from './tenancyReleaseRollback.examples';

/**
 * `tenancy:release:rollback` — returns the tenants the latest rollout moved (all of them, or
 * those of the named waves) to the version the StackSet ran before it: one wave, an
 * UpdateStackSet with the previous release's template and parameters over exactly those
 * accounts (stable ids `rb-…`). Refused while a rollout runs, and when there is no previous
 * version. IAM: as `tenancy:release:deploy`.
 * @public
 */
export function createTenancyReleaseRollbackAction(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
) {
  return createTemplateAction({
    id: 'tenancy:release:rollback',
    description:
      'Rolls the tenants a release moved back to the previous version of the tenant stack.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        stackSetName: stackSetNameInput,
        waves: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Names of the waves to roll back (e.g. "tier standard"); default every wave',
            ),
        preferences: z =>
          wavePreferencesSchema(z)
            .optional()
            .describe(
              'Operation preferences of the rollback; default all at once, tolerance 0',
            ),
      },
      output: {
        ...rolloutOutput,
        version: z => z.string().describe('The version the tenants return to'),
      },
    },
    async handler(ctx) {
      const { stackSetName, rel: target } = releaseTarget(
        rel,
        ctx.input.stackSetName,
      );
      const latest = await rel.store.latestRollout(stackSetName);
      // A recovered rollback task carries on with its own rollout.
      const recovered =
        latest?.status === 'running' &&
        latest.taskId === ctx.task.id &&
        planOf(latest).rollsBack
          ? latest
          : undefined;
      if (latest?.status === 'running' && !recovered)
        throw new ConflictError(
          `Rollout of ${stackSetName} ${latest.version} is running (task ${latest.taskId}); wait for it to finish before rolling back`,
        );
      if (!recovered && (!latest || planOf(latest).rollsBack))
        throw new InputError(
          `Nothing to roll back: the latest rollout of ${stackSetName} is ${
            latest ? `already a rollback to ${latest.version}` : 'missing'
          }`,
        );
      let rollout = recovered;
      if (!rollout) {
        const undone = latest!;
        const { plan, moved } = rollbackPlan(
          undone,
          await rel.store.deployedVersions(stackSetName),
          ctx.input.waves,
          ctx.input.preferences,
        );
        await rel.store.getRelease(stackSetName, undone.previousVersion);
        ctx.logger.info(
          `Rollback of ${stackSetName} ${undone.version} → ${undone.previousVersion}: ${moved.length} tenants moved`,
        );
        ctx.output('version', undone.previousVersion);
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would return ${moved.length} tenants to ${undone.previousVersion}`,
          );
          dryRunRollout(ctx);
          return;
        }
        rollout = await rel.store.beginRollout({
          stackSetName,
          version: undone.previousVersion,
          previousVersion: undone.version,
          taskId: ctx.task.id,
          startedBy: ctx.user?.ref ?? 'unknown',
          startedAt: new Date(deps.clock.now()).toISOString(),
          input: JSON.stringify(plan),
        });
        await recordStarts(deps, ctx.user?.ref, rollout.version, [
          rolloutPrefix('rb', stackSetName, rollout.version, rollout.id),
        ]);
      }
      ctx.output('version', rollout.version);
      const report = await runReleaseRollout(deps, ctx, {
        rel: target,
        rollout,
        kind: 'rb',
        release: await rel.store.getRelease(stackSetName, rollout.version),
        retryUpTo: 0,
      });
      const undoneId = planOf(rollout).rollsBack;
      if (report.status === 'completed' && undoneId)
        await rel.store.updateRollout(undoneId, { status: 'rolledBack' });
      finishRollout(ctx, report, 'tenancy:release:resume');
    },
  });
}
