import { DescribeStackSetCommand } from '@aws-sdk/client-cloudformation';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import { closeRequested, alreadyClosedLine } from '../lib/offboarding/target';
import { aws } from '../lib/organizations';
import { listAccountInstances } from '../lib/stackSets';
import {
  operationDigest,
  OperationWaitArgs,
  sendInstancesOperation,
  waitForOperation,
  waitForRunningOperations,
} from '../lib/stackSetOperations';
import {
  auditStep,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:stackInstances:remove';

/**
 * The stable OperationId of "remove this account's instances of this StackSet in these regions"
 * (retaining the stacks or not): a retry or a recovered task re-sends the same id.
 */
export function removeOperationId(
  stackSetName: string,
  accountId: string,
  regions: string[],
  retainStacks: boolean,
): string {
  return `tenancy-offboard-${accountId}-${operationDigest([
    stackSetName,
    accountId,
    [...regions].sort().join(','),
    retainStacks,
  ])}`;
}

/**
 * `tenancy:stackInstances:remove` — removes the tenant account's instances of each StackSet of
 * `tenancy.offboarding.stackSetNames` (default the baseline) with DeleteStackInstances, retaining
 * the stacks in the account or deleting them (`retainStacks`, a form choice). Waits for running
 * operations first (moving the account out of a service-managed StackSet's OU starts its own
 * deletion); instances already gone are success; each operation has a stable OperationId.
 * IAM (StackSet admin account): cloudformation:DescribeStackSet, ListStackInstances,
 * ListStackSetOperations, DescribeStackSetOperation, DeleteStackInstances.
 *
 * @public
 */
export function createTenancyStackInstancesRemoveAction(
  deps: TenancyActionDeps,
) {
  const cfg = deps.settings.baseline;
  return createTemplateAction({
    id: ID,
    description:
      "Removes the tenant account's StackSet instances, retaining or deleting the stacks.",
    examples: offboardingExamples['tenancy:stackInstances:remove'],
    supportsDryRun: true,
    schema: {
      input: {
        ...offboardTargetInput,
        retainStacks: z =>
          z
            .boolean()
            .describe(
              'true: keep the stacks in the account, disassociated; false: delete them',
            ),
        stackSetNames: z =>
          z
            .array(z.string())
            .optional()
            .describe('StackSets; default tenancy.offboarding.stackSetNames'),
      },
      output: {
        removed: z =>
          z
            .array(
              z.object({
                stackSetName: z.string(),
                regions: z.array(z.string()),
                operationId: z.string(),
              }),
            )
            .describe('Instances removed by this run, per StackSet'),
      },
    },
    async handler(ctx) {
      const target = await offboardTargetOf(deps, ctx, ID);
      const { accountId } = target;
      const removed: Array<{
        stackSetName: string;
        regions: string[];
        operationId: string;
      }> = [];
      ctx.output('removed', removed);
      if (closeRequested(target)) {
        ctx.logger.info(alreadyClosedLine(target));
        return;
      }
      const cfn = await deps.clients.cloudFormation();
      for (const stackSetName of ctx.input.stackSetNames ??
        deps.settings.offboarding.stackSetNames) {
        const args: OperationWaitArgs = {
          cfn,
          stackSetName,
          callAs: cfg.callAs,
          timeoutSeconds: cfg.timeoutSeconds,
          poll: deps.settings.poll,
          clock: deps.clock,
          logger: ctx.logger,
          signal: ctx.signal,
        };
        if (!ctx.isDryRun) await waitForRunningOperations(args);
        const have = await listAccountInstances(
          cfn,
          stackSetName,
          accountId,
          cfg.callAs,
        );
        if (have.length === 0) {
          ctx.logger.info(
            `StackSet ${stackSetName}: no instances in account ${accountId}; nothing to remove`,
          );
          continue;
        }
        const regions = have.map(i => i.region);
        const retain = ctx.input.retainStacks;
        const what = `${
          regions.length
        } instance(s) of StackSet ${stackSetName} in account ${accountId} (${regions.join(
          ', ',
        )}), ${retain ? 'retaining' : 'deleting'} the stacks`;
        if (ctx.isDryRun) {
          ctx.logger.info(`Dry run: would remove ${what}`);
          continue;
        }
        const set = await aws('CloudFormation.DescribeStackSet', () =>
          cfn.send(
            new DescribeStackSetCommand({
              StackSetName: stackSetName,
              CallAs: cfg.callAs,
            }),
          ),
        );
        const ous = [...new Set(have.map(i => i.ouId).filter(Boolean))];
        const operationId = removeOperationId(
          stackSetName,
          accountId,
          regions,
          retain,
        );
        await ctx.checkpoint({
          key: `stackInstances.remove.${operationId}`,
          fn: () =>
            sendInstancesOperation(
              cfn,
              'delete',
              {
                StackSetName: stackSetName,
                CallAs: cfg.callAs,
                OperationId: operationId,
                Regions: regions,
                RetainStacks: retain,
                ...(set.StackSet?.PermissionModel === 'SERVICE_MANAGED'
                  ? {
                      DeploymentTargets: {
                        OrganizationalUnitIds: ous as string[],
                        Accounts: [accountId],
                        AccountFilterType: 'INTERSECTION' as const,
                      },
                    }
                  : { Accounts: [accountId] }),
              },
              () => waitForRunningOperations(args),
              l => ctx.logger.info(l),
            ),
        });
        const op = await waitForOperation(args, operationId);
        if (op.status !== 'SUCCEEDED') {
          throw new Error(
            `StackSet ${stackSetName} operation ${operationId} ended ${
              op.status
            }: ${
              op.reason || 'no reason given'
            }. Run the template again to retry the removal.`,
          );
        }
        ctx.logger.info(`Removed ${what} (operation ${operationId})`);
        removed.push({ stackSetName, regions, operationId });
        await auditStep(deps, ctx, `Removed ${what} (${ID})`);
      }
      ctx.output('removed', removed);
    },
  });
}
