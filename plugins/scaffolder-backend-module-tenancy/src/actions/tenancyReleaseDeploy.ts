import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { buildWaves } from '../lib/releases/plan';
import {
  pipelinePreviousVersion,
  pipelineTargetOf,
} from '../lib/releases/pipelineTarget';
import {
  assertRolloutInput,
  assertVersion,
  createTenantStackSet,
  loadReleaseView,
  planLines,
  targetOu,
} from '../lib/releases/releaseContext';
import type { ReleaseDeps } from '../lib/releases/releaseSettings';
import type { ReleaseRecord } from '../lib/releases/releaseStore';
import type { RolloutPlanInput } from '../lib/releases/rollout';
import {
  finishRollout,
  recordStarts,
  releaseTarget,
  runReleaseRollout,
} from '../lib/releases/rolloutTask';
import { rolloutPrefix } from '../lib/releases/operations';
import {
  rolloutOutput,
  stackSetNameInput,
  wavePreferencesSchema,
} from './releaseSchema';
import { examples } from './tenancyReleaseDeploy.examples';

/**
 * `tenancy:release:deploy` — records a release of the tenant stack (version, template,
 * parameters, who, when) and rolls it out in waves: the canary accounts, then each tier in
 * order, then the rest, each wave one StackSet operation with its own preferences
 * (concurrency, failure tolerance, Region order). The first wave's UpdateStackSet carries the
 * new template; later waves UpdateStackInstances / CreateStackInstances. A wave whose failures
 * exceed its tolerance halts the rollout (resume with `tenancy:release:resume`). Operation ids
 * are stable, so a recovered task re-attaches; a second rollout of the StackSet while one runs
 * is refused naming it. Suspended and closing tenants are skipped and listed.
 * With `tenancy.releases.target: pipeline` each wave's tenants go instead to the configured
 * Step Functions state machine, one execution per tenant (see `runPipelineWave`); IAM then
 * also states:StartExecution, states:ListExecutions on the state machine and
 * states:DescribeExecution on its executions.
 * IAM (StackSet admin account): cloudformation:CreateStackSet, UpdateStackSet,
 * DescribeStackSet, ListStackInstances, CreateStackInstances, UpdateStackInstances,
 * ListStackSetOperations, DescribeStackSetOperation, ListStackSetOperationResults;
 * organizations:ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent.
 * @public
 */
export function createTenancyReleaseDeployAction(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
) {
  return createTemplateAction({
    id: 'tenancy:release:deploy',
    description:
      'Rolls a tenant-stack release out to every tenant account in waves, halting when a wave exceeds its failure tolerance.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        version: z => z.string().describe('The release version, e.g. 1.5.0'),
        templateBody: z =>
          z
            .string()
            .optional()
            .describe(
              'The CloudFormation template of the release; omit to re-deploy a recorded version',
            ),
        parameters: z =>
          z
            .record(z.string())
            .optional()
            .describe('StackSet parameters of the release (key → value)'),
        stackSetName: stackSetNameInput,
        canary: z =>
          z
            .array(z.string())
            .optional()
            .describe('Account ids of the canary wave (12 digits each)'),
        tiers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Tier OUs, one wave each, in this order, before the rest',
            ),
        canaryPreferences: z =>
          wavePreferencesSchema(z)
            .optional()
            .describe(
              'Operation preferences of the canary wave; default all at once, tolerance 0',
            ),
        tierPreferences: z =>
          wavePreferencesSchema(z)
            .optional()
            .describe(
              'Operation preferences of each tier wave; default all at once, tolerance 0',
            ),
        restPreferences: z =>
          wavePreferencesSchema(z)
            .optional()
            .describe(
              'Operation preferences of the last wave; default all at once, tolerance 0',
            ),
      },
      output: {
        ...rolloutOutput,
        skipped: z =>
          z
            .array(z.object({ accountId: z.string(), reason: z.string() }))
            .describe(
              'Tenants skipped (suspended, closing) or blocked, with why',
            ),
      },
    },
    async handler(ctx) {
      const { version } = ctx.input;
      const { stackSetName, rel: target } = releaseTarget(
        rel,
        ctx.input.stackSetName,
      );
      const s = target.settings;
      assertVersion(version);
      const preferences = {
        canary: ctx.input.canaryPreferences,
        tier: ctx.input.tierPreferences,
        rest: ctx.input.restPreferences,
      };
      assertRolloutInput(
        deps,
        ctx.input.canary ?? [],
        preferences,
        'tenancy:release:deploy',
      );
      const view = await loadReleaseView(deps, target, version);
      const tenantIds = new Set(view.fleet.map(t => t.accountId));
      for (const a of ctx.input.canary ?? [])
        if (!tenantIds.has(a))
          throw new InputError(
            `Canary account ${a} is not a tenant account under ${deps.settings.ouPath} (rule release.canary)`,
          );
      const templateBody =
        ctx.input.templateBody ??
        (await rel.store.getRelease(stackSetName, version)).templateBody;
      planLines(version, view.plan).forEach(l => ctx.logger.info(l));
      const skipped = view.plan
        .filter(p => p.action === 'skipped' || p.action === 'blocked')
        .map(p => ({ accountId: p.accountId, reason: p.reason }));
      ctx.output('skipped', skipped);
      const waves = buildWaves(
        view.plan,
        ctx.input.canary ?? [],
        ctx.input.tiers ?? [],
        preferences,
      );
      if (ctx.isDryRun) {
        waves.forEach((w, i) =>
          ctx.logger.info(
            `Dry run: wave ${i + 1}/${waves.length} (${
              w.name
            }) would deploy ${version} to ${w.accountIds.length} tenants`,
          ),
        );
        ctx.output('status', 'completed');
        ctx.output(
          'waves',
          waves.map(w => ({
            name: w.name,
            done: w.accountIds.length,
            failed: 0,
            remaining: 0,
            operationIds: [],
          })),
        );
        ctx.output('failed', []);
        return;
      }
      const release: ReleaseRecord = {
        stackSetName,
        version,
        templateBody,
        parameters: Object.entries(ctx.input.parameters ?? {}).map(
          ([key, value]) => ({ key, value: String(value) }),
        ),
        createdBy: ctx.user?.ref ?? 'unknown',
        createdAt: new Date(deps.clock.now()).toISOString(),
      };
      if (ctx.input.templateBody) await rel.store.recordRelease(release);
      const pipeline = s.target === 'pipeline';
      const plan: RolloutPlanInput = pipeline
        ? {
            waves,
            regions: s.regions,
            ouId: '',
            pipeline: pipelineTargetOf(s, view.fleet),
          }
        : {
            waves,
            regions: s.regions,
            ouId: await targetOu(
              deps,
              view.set?.PermissionModel ?? s.permissionModel,
            ),
          };
      const rollout = await rel.store.beginRollout({
        stackSetName,
        version,
        previousVersion: pipeline
          ? await pipelinePreviousVersion(rel.store, stackSetName)
          : view.setVersion,
        taskId: ctx.task.id,
        startedBy: release.createdBy,
        startedAt: release.createdAt,
        input: JSON.stringify(plan),
      });
      await recordStarts(deps, ctx.user?.ref, version, [
        rolloutPrefix('tr', stackSetName, version, rollout.id),
      ]);
      const cfn = await deps.clients.cloudFormation();
      if (!view.set && !pipeline)
        await createTenantStackSet(cfn, target, release).catch(async e => {
          // The rollout holds the StackSet's lock: release it so it can be resumed.
          await rel.store.updateRollout(rollout.id, { status: 'halted' });
          throw e;
        });
      const report = await runReleaseRollout(deps, ctx, {
        rel: target,
        rollout,
        kind: 'tr',
        release: await rel.store.getRelease(stackSetName, version),
        retryUpTo: 0,
      });
      finishRollout(ctx, report, 'tenancy:release:resume');
    },
  });
}
