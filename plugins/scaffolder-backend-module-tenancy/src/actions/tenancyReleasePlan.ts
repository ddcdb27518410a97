import { DetectStackSetDriftCommand } from '@aws-sdk/client-cloudformation';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import { createHash } from 'node:crypto';
import type { TenancyActionDeps } from '../deps';
import { aws } from '../lib/organizations';
import { followOperation } from '../lib/releases/operations';
import {
  assertVersion,
  loadReleaseView,
  planLines,
} from '../lib/releases/releaseContext';
import type { ReleaseDeps } from '../lib/releases/releaseSettings';
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
      const stackSetName = ctx.input.stackSetName ?? rel.settings.stackSetName;
      const settings = { ...rel.settings, stackSetName };
      if (ctx.input.detectDrift && ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would run drift detection on StackSet ${stackSetName}`,
        );
      } else if (ctx.input.detectDrift) {
        const cfn = await deps.clients.cloudFormation();
        const id = `drift-${createHash('sha256')
          .update(`${stackSetName}|${ctx.task.id}`)
          .digest('hex')
          .slice(0, 16)}`;
        try {
          await cfn.send(
            new DetectStackSetDriftCommand({
              StackSetName: stackSetName,
              CallAs: settings.callAs,
              OperationId: id,
              OperationPreferences: {
                MaxConcurrentPercentage: 100,
                FailureTolerancePercentage: 100,
                ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
              },
            }),
          );
        } catch (e) {
          if (!isAwsError(e, 'OperationIdAlreadyExistsException'))
            await aws('CloudFormation.DetectStackSetDrift', () =>
              Promise.reject(e),
            );
        }
        await followOperation(
          {
            cfn,
            stackSetName,
            callAs: settings.callAs,
            timeoutSeconds: settings.timeoutSeconds,
            poll: deps.settings.poll,
            clock: deps.clock,
            logger: ctx.logger,
            signal: ctx.signal,
          },
          id,
          `Drift detection ${id}`,
        );
      }
      const { plan } = await loadReleaseView(
        deps,
        { ...rel, settings },
        version,
      );
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
