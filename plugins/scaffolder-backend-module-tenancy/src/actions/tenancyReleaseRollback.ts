import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import type { ReleaseDeps } from '../lib/releases/releaseSettings';
import { ALL_AT_ONCE, WavePreferences } from '../lib/releases/plan';
import type { RolloutRecord } from '../lib/releases/releaseStore';
import type { RolloutPlanInput } from '../lib/releases/rollout';
import { finishRollout, runReleaseRollout } from '../lib/releases/rolloutTask';
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
      const stackSetName = ctx.input.stackSetName ?? rel.settings.stackSetName;
      const settings = { ...rel.settings, stackSetName };
      const latest = await rel.store.latestRollout(stackSetName);
      const inputOf = (r: { input: string }) =>
        JSON.parse(r.input) as RolloutPlanInput;
      // A recovered rollback task carries on with its own rollout.
      const recovered =
        latest?.status === 'running' &&
        latest.taskId === ctx.task.id &&
        inputOf(latest).rollsBack
          ? latest
          : undefined;
      if (latest?.status === 'running' && !recovered)
        throw new ConflictError(
          `Rollout of ${stackSetName} ${latest.version} is running (task ${latest.taskId}); wait for it to finish before rolling back`,
        );
      if (!recovered && (!latest || inputOf(latest).rollsBack))
        throw new InputError(
          `Nothing to roll back: the latest rollout of ${stackSetName} is ${
            latest ? `already a rollback to ${latest.version}` : 'missing'
          }`,
        );
      const rollout =
        recovered ??
        (await beginRollback(latest!, ctx.input.waves, ctx.input.preferences));
      ctx.output('version', rollout.version);
      if (!rollout.id) return;
      const report = await runReleaseRollout(deps, ctx, {
        rel: { ...rel, settings },
        rollout,
        kind: 'rb',
        release: await rel.store.getRelease(stackSetName, rollout.version),
        retryUpTo: 0,
      });
      const undone = inputOf(rollout).rollsBack;
      if (report.status === 'completed' && undone)
        await rel.store.updateRollout(undone, { status: 'rolledBack' });
      finishRollout(ctx, report, 'tenancy:release:resume');

      /** Plans the rollback of `undone` and records it (nothing recorded in a dry run: id 0). */
      async function beginRollback(
        undone: RolloutRecord,
        waveNames: string[] | undefined,
        preferences: WavePreferences | undefined,
      ): Promise<RolloutRecord> {
        const previous = undone.previousVersion;
        if (!previous)
          throw new InputError(
            `Nothing to roll back to: ${undone.version} was the first release of ${stackSetName}`,
          );
        await rel.store.getRelease(stackSetName, previous);
        const source = inputOf(undone);
        const chosen = source.waves.filter(
          w => !waveNames?.length || waveNames.includes(w.name),
        );
        if (waveNames?.length && chosen.length !== waveNames.length)
          throw new InputError(
            `Unknown wave in ${waveNames.join(
              ', ',
            )}; the rollout's waves are ${source.waves
              .map(w => w.name)
              .join(', ')}`,
          );
        const recorded = await rel.store.deployedVersions(stackSetName);
        const moved = chosen
          .flatMap(w => w.accountIds)
          .filter(a => recorded.get(a) === undone.version);
        ctx.logger.info(
          `Rollback of ${stackSetName} ${undone.version} → ${previous}: ${moved.length} tenants moved`,
        );
        const plan: RolloutPlanInput = {
          waves: [
            {
              name: 'rollback',
              accountIds: moved,
              preferences: preferences ?? ALL_AT_ONCE,
            },
          ],
          regions: source.regions,
          ouId: source.ouId,
          rollsBack: undone.id,
        };
        const record = {
          stackSetName,
          version: previous,
          previousVersion: undone.version,
          taskId: ctx.task.id,
          startedBy: ctx.user?.ref ?? 'unknown',
          startedAt: new Date(deps.clock.now()).toISOString(),
          input: JSON.stringify(plan),
        };
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would return ${moved.length} tenants to ${previous}`,
          );
          ctx.output('status', 'completed');
          ctx.output('waves', []);
          ctx.output('failed', []);
          return { ...record, id: 0, status: 'dryRun', wave: 0 };
        }
        return rel.store.beginRollout(record);
      }
    },
  });
}
