import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { detectDrift } from '../lib/releases/drift';
import {
  assertVersion,
  loadReleaseView,
  planLines,
} from '../lib/releases/releaseContext';
import type { ReleaseDeps } from '../lib/releases/releaseSettings';
import { releaseTarget, releaseWaitArgs } from '../lib/releases/rolloutTask';
import { stackSetNameInput } from './releaseSchema';
import { examples } from './tenancyReleasePlan.examples';

/**
 * `tenancy:release:plan` — per tenant: the version it runs, the target, and whether the
 * release would deploy it, skip it (suspended or closing) or is blocked (central account, an
 * operation on its instance), and whether its stack drifted. With `detectDrift`, runs
 * DetectStackSetDrift first (stable OperationId per task; not in a dry run). Read-only
 * otherwise: a dry run makes no mutating call.
 * IAM: cloudformation:DescribeStackSet, ListStackInstances, DetectStackSetDrift,
 * DescribeStackSetOperation, ListStackSetOperationResults; organizations:ListRoots,
 * ListOrganizationalUnitsForParent, ListAccountsForParent.
 * @public
 */
export function createTenancyReleasePlanAction(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
) {
  return createTemplateAction({
    id: 'tenancy:release:plan',
    description:
      'Plans a tenant-stack release: per tenant the current and target version, skipped, drifted or blocked.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        version: z => z.string().describe('The target release version'),
        stackSetName: stackSetNameInput,
        detectDrift: z =>
          z
            .boolean()
            .optional()
            .describe('Run StackSet drift detection first (default false)'),
      },
      output: {
        tenants: z =>
          z
            .array(
              z.object({
                accountId: z.string(),
                name: z.string(),
                tier: z.string(),
                current: z.string(),
                target: z.string(),
                action: z.string(),
                reason: z.string(),
                drifted: z.boolean(),
              }),
            )
            .describe(
              'Per tenant: current, target, action (deploy, none, skipped, blocked), why, drifted',
            ),
        counts: z =>
          z
            .object({
              deploy: z.number(),
              none: z.number(),
              skipped: z.number(),
              blocked: z.number(),
              drifted: z.number(),
            })
            .describe('How many tenants each action covers'),
      },
    },
    async handler(ctx) {
      const { version } = ctx.input;
      assertVersion(version);
      const { stackSetName, rel: target } = releaseTarget(
        rel,
        ctx.input.stackSetName,
      );
      if (ctx.input.detectDrift && ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would run drift detection on StackSet ${stackSetName}`,
        );
      } else if (ctx.input.detectDrift) {
        await detectDrift(
          await releaseWaitArgs(deps, target, ctx),
          ctx.task.id,
        );
      }
      const { plan } = await loadReleaseView(deps, target, version);
      planLines(version, plan).forEach(l => ctx.logger.info(l));
      const n = (a: string) => plan.filter(p => p.action === a).length;
      ctx.output('tenants', plan);
      ctx.output('counts', {
        deploy: n('deploy'),
        none: n('none'),
        skipped: n('skipped'),
        blocked: n('blocked'),
        drifted: plan.filter(p => p.drifted).length,
      });
    },
  });
}
