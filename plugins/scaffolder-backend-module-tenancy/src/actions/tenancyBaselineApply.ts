import { DescribeStackSetCommand } from '@aws-sdk/client-cloudformation';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { deployBaseline, planInstances } from '../lib/baselineRedeploy';
import { KeyedMutex } from '../lib/keyedMutex';
import { aws, currentParent } from '../lib/organizations';
import { pollUntil } from '../lib/poll';
import {
  activeOperations,
  InstanceReport,
  listAccountInstances,
} from '../lib/stackSets';
import {
  OperationWaitArgs,
  waitForRunningOperations,
} from '../lib/stackSetOperations';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { assertTenantAccountTarget } from '../lib/tenantAccountTarget';
import { dryRunPlan, summarizeBaseline } from '../lib/baselineReport';
import { examples } from './tenancyBaselineApply.examples';

/**
 * `tenancy:baseline:apply` — the baseline StackSet instances of the tenant account: waits on a
 * service-managed auto-deployment started by the move, else CreateStackInstances for missing
 * instances and UpdateStackInstances for FAILED or OUTDATED ones, each with a stable
 * OperationId, serialized per StackSet (`lib/baselineRedeploy`, `lib/stackSetOperations`); a
 * new account's not-ready execution role is retried until
 * `tenancy.vending.baseline.notReadyTimeoutSeconds`; reports each instance's status.
 * IAM (StackSet admin account): cloudformation:DescribeStackSet, ListStackInstances,
 * ListStackSetOperations, DescribeStackSetOperation, CreateStackInstances, UpdateStackInstances; organizations:ListParents
 * for service-managed StackSets.
 *
 * @public
 */
export function createTenancyBaselineApplyAction(deps: TenancyActionDeps) {
  const cfg = deps.settings.baseline;
  const mutex = new KeyedMutex();
  return createTemplateAction({
    id: 'tenancy:baseline:apply',
    description:
      'Deploys the baseline StackSet instance to the tenant account and waits until it is CURRENT.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: z => z.string().describe('12-digit AWS account id'),
        tenantId: z =>
          z.string().optional().describe('Tenant id, for the Activity tab'),
        ouId: z =>
          z
            .string()
            .optional()
            .describe(
              'The account’s OrganizationalUnit (service-managed StackSets); default its current parent',
            ),
        stackSetName: z =>
          z
            .string()
            .optional()
            .describe(
              'Baseline StackSet; default tenancy.vending.baseline.stackSetName',
            ),
        regions: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Regions of the instances; default tenancy.vending.baseline.regions',
            ),
        externalId: z =>
          z
            .string()
            .optional()
            .describe(
              'Secret external id passed to the StackSet parameter tenancy.vending.baseline.externalIdParameter; never logged',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Deadline of the StackSet operation, seconds'),
      },
      output: {
        operationId: z =>
          z
            .string()
            .describe(
              'The StackSet operation that deployed the instances (empty when they already were CURRENT)',
            ),
        status: z =>
          z.string().describe('CURRENT when every instance is CURRENT'),
        instances: z =>
          z
            .array(
              z.object({
                region: z.string(),
                status: z.string(),
                detailedStatus: z.string(),
                reason: z.string(),
              }),
            )
            .describe(
              'Each instance: region, Status, DetailedStatus, StatusReason',
            ),
      },
    },
    async handler(ctx) {
      const { accountId } = ctx.input;
      const newAccount = assertTenantAccountId(
        accountId,
        deps.settings.centralAccounts,
        'tenancy:baseline:apply',
        ctx.isDryRun,
      );
      const stackSetName = ctx.input.stackSetName ?? cfg.stackSetName;
      const regions = ctx.input.regions?.length
        ? ctx.input.regions
        : cfg.regions;
      const callAs = cfg.callAs;
      if (!newAccount) {
        await assertTenantAccountTarget(await deps.clients.organizations(), {
          accountId,
          tenantId: ctx.input.tenantId,
          tagKey: deps.settings.tenantTagKey,
          tenantsOuPath: deps.settings.ouPath,
          action: 'tenancy:baseline:apply',
        });
      }
      const cfn = await deps.clients.cloudFormation();
      const waitArgs: OperationWaitArgs = {
        cfn,
        stackSetName,
        callAs,
        timeoutSeconds: ctx.input.timeoutSeconds ?? cfg.timeoutSeconds,
        poll: deps.settings.poll,
        clock: deps.clock,
        logger: ctx.logger,
        signal: ctx.signal,
      };
      const list = () =>
        listAccountInstances(cfn, stackSetName, accountId, callAs);

      const stackSet = (
        await aws('CloudFormation.DescribeStackSet', () =>
          cfn.send(
            new DescribeStackSetCommand({
              StackSetName: stackSetName,
              CallAs: callAs,
            }),
          ),
        )
      ).StackSet;
      const serviceManaged = stackSet?.PermissionModel === 'SERVICE_MANAGED';
      const autoDeploy =
        serviceManaged && stackSet?.AutoDeployment?.Enabled === true;

      const report = async (operationId: string, all: InstanceReport[]) => {
        const sum = summarizeBaseline(
          stackSetName,
          accountId,
          regions,
          operationId,
          all,
        );
        sum.lines.forEach(l => ctx.logger.info(l));
        ctx.output('operationId', operationId);
        ctx.output('status', sum.status);
        ctx.output('instances', sum.instances);
        if (sum.error && !ctx.isDryRun) throw new Error(sum.error);
        // Every path that ends CURRENT (created, redeployed, re-attached or auto-deployed) is recorded.
        if (sum.status === 'CURRENT' && ctx.input.tenantId && !ctx.isDryRun) {
          await deps.activity.record({
            tenantId: ctx.input.tenantId,
            summary: `Baseline ${stackSetName} CURRENT in ${regions.join(
              ', ',
            )} (tenancy:baseline:apply)`,
            taskId: ctx.task.id,
            actor: ctx.user?.ref,
          });
        }
      };

      // A dry run for an account not created yet: it has no instances (nothing to list).
      const have = newAccount ? [] : await list();
      const running =
        (await activeOperations(cfn, stackSetName, callAs)).length > 0;
      const plan = planInstances(have, regions, running);
      const nothingToSend =
        plan.create.length === 0 && plan.update.length === 0;
      if (nothingToSend && plan.inFlight.length === 0) {
        await report('', have);
        return;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ${dryRunPlan(
            plan,
            have,
            autoDeploy,
            stackSetName,
            accountId,
          )}`,
        );
        ctx.output('operationId', '');
        ctx.output('status', 'CURRENT');
        ctx.output(
          'instances',
          regions.map(region => ({
            region,
            status: 'CURRENT',
            detailedStatus: 'SUCCEEDED',
            reason: '',
          })),
        );
        return;
      }
      if (autoDeploy && plan.create.length > 0 && plan.update.length === 0) {
        try {
          await pollUntil({
            ...waitArgs,
            what: `Auto-deployment of StackSet ${stackSetName} to account ${accountId}`,
            timeoutSeconds: cfg.autoDeploymentWaitSeconds,
            check: async () => {
              const missing = planInstances(await list(), regions, true).create;
              return {
                done: missing.length === 0,
                status: missing.length
                  ? `waiting for ${missing.join(', ')}`
                  : 'instances present',
              };
            },
          });
          await waitForRunningOperations(waitArgs);
        } catch (e) {
          if (!(e as Error).message.includes('did not finish within')) throw e;
          ctx.logger.info(`No auto-deployment seen; creating the instances`);
        }
      } else if (plan.inFlight.length > 0) {
        await waitForRunningOperations(waitArgs);
      }

      const result = await deployBaseline({
        ...waitArgs,
        accountId,
        regions,
        notReadyTimeoutSeconds: cfg.notReadyTimeoutSeconds,
        checkpoint: ctx.checkpoint.bind(ctx),
        exclusive: fn => mutex.run(stackSetName, fn),
        request: async () => ({
          ...(serviceManaged
            ? {
                DeploymentTargets: {
                  OrganizationalUnitIds: [
                    ctx.input.ouId ??
                      (await currentParent(
                        await deps.clients.organizations(),
                        accountId,
                      )),
                  ],
                  Accounts: [accountId],
                  AccountFilterType: 'INTERSECTION' as const,
                },
              }
            : { Accounts: [accountId] }),
          ...(ctx.input.externalId
            ? {
                ParameterOverrides: [
                  {
                    ParameterKey: cfg.externalIdParameter,
                    ParameterValue: ctx.input.externalId,
                  },
                ],
              }
            : {}),
          OperationPreferences: {
            RegionConcurrencyType: 'PARALLEL',
            FailureToleranceCount: 0,
            MaxConcurrentCount: 1,
          },
        }),
      });
      await report(result.operationId, result.instances);
    },
  });
}
