import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import type { TenancyActionDeps } from '../deps';
import { KeyedMutex } from '../lib/keyedMutex';
import { aws, currentParent } from '../lib/organizations';
import { pollUntil } from '../lib/poll';
import {
  activeOperations,
  baselineOperationId,
  DONE_STATES,
  InstanceReport,
  listAccountInstances,
  operationStatus,
} from '../lib/stackSets';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { examples } from './tenancyBaselineApply.examples';

const MAX_IN_PROGRESS_RETRIES = 20;

/**
 * `tenancy:baseline:apply` — the baseline StackSet instances of the tenant account: waits on a
 * service-managed auto-deployment started by the move, else CreateStackInstances with a stable
 * OperationId, serialized per StackSet (OperationInProgressException: wait for the running
 * operation, then re-send the same id; OperationIdAlreadyExistsException: already sent), and
 * reports each instance's status.
 * IAM (StackSet admin account): cloudformation:DescribeStackSet, ListStackInstances,
 * ListStackSetOperations, DescribeStackSetOperation, CreateStackInstances; organizations:ListParents
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
      assertTenantAccountId(
        accountId,
        deps.settings.centralAccounts,
        'tenancy:baseline:apply',
        ctx.isDryRun,
      );
      const stackSetName = ctx.input.stackSetName ?? cfg.stackSetName;
      const regions = ctx.input.regions?.length
        ? ctx.input.regions
        : cfg.regions;
      const timeoutSeconds = ctx.input.timeoutSeconds ?? cfg.timeoutSeconds;
      const callAs = cfg.callAs;
      const cfn = await deps.clients.cloudFormation();
      const pollBase = {
        poll: deps.settings.poll,
        clock: deps.clock,
        logger: ctx.logger,
        signal: ctx.signal,
      };

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
      const missing = async () => {
        const have = await listAccountInstances(
          cfn,
          stackSetName,
          accountId,
          callAs,
        );
        return {
          have,
          missing: regions.filter(r => !have.some(i => i.region === r)),
        };
      };

      const report = async (
        operationId: string,
        instances: InstanceReport[],
      ) => {
        const wanted = instances.filter(i => regions.includes(i.region));
        for (const i of wanted) {
          ctx.logger.info(
            `Baseline ${stackSetName} in ${i.region}: ${i.status}${
              i.detailedStatus ? ` (${i.detailedStatus})` : ''
            }${i.reason ? `: ${i.reason}` : ''}`,
          );
        }
        const status =
          wanted.length === regions.length &&
          wanted.every(i => i.status === 'CURRENT')
            ? 'CURRENT'
            : wanted.find(i => i.status !== 'CURRENT')?.status ?? 'MISSING';
        ctx.output('operationId', operationId);
        ctx.output('status', status);
        ctx.output('instances', wanted);
        if (status !== 'CURRENT' && !ctx.isDryRun) {
          const bad = wanted
            .filter(i => i.status !== 'CURRENT')
            .map(
              i => `${i.region} ${i.status}${i.reason ? ` (${i.reason})` : ''}`,
            );
          throw new Error(
            `Baseline StackSet ${stackSetName} is not CURRENT for account ${accountId}: ${
              bad.join('; ') || 'no instance'
            }. Fix the cause in the CloudFormation console (StackSet ${stackSetName}, operation ${
              operationId || 'none'
            }) and run the template again.`,
          );
        }
        // Every path that ends CURRENT (created, re-attached or auto-deployed) is recorded.
        if (status === 'CURRENT' && ctx.input.tenantId && !ctx.isDryRun) {
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

      const waitOperation = (operationId: string, what: string) =>
        pollUntil<{ status: string; reason: string }>({
          ...pollBase,
          what,
          timeoutSeconds,
          check: async () => {
            const op = await operationStatus(
              cfn,
              stackSetName,
              operationId,
              callAs,
            );
            return {
              done: DONE_STATES.has(op.status),
              status: op.status,
              value: op,
            };
          },
          onTimeout: `Operation ${operationId} continues in AWS; run the template again to resume waiting on it.`,
        });

      const waitForRunning = async () => {
        for (const other of await activeOperations(cfn, stackSetName, callAs)) {
          await waitOperation(
            other,
            `StackSet ${stackSetName} operation ${other} (running before ours)`,
          );
        }
      };

      let state = await missing();
      if (state.missing.length === 0) {
        if (
          state.have.some(
            i => regions.includes(i.region) && i.status !== 'CURRENT',
          )
        )
          await waitForRunning();
        await report(
          '',
          await listAccountInstances(cfn, stackSetName, accountId, callAs),
        );
        return;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ${
            autoDeploy ? 'wait for the auto-deployment of' : 'create'
          } StackSet ${stackSetName} instances for account ${accountId} in ${state.missing.join(
            ', ',
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
      if (autoDeploy) {
        try {
          state = await pollUntil({
            ...pollBase,
            what: `Auto-deployment of StackSet ${stackSetName} to account ${accountId}`,
            timeoutSeconds: cfg.autoDeploymentWaitSeconds,
            check: async () => {
              const s = await missing();
              return {
                done: s.missing.length === 0,
                status: s.missing.length
                  ? `waiting for ${s.missing.join(', ')}`
                  : 'instances present',
                value: s,
              };
            },
          });
          await waitForRunning();
          await report(
            '',
            await listAccountInstances(cfn, stackSetName, accountId, callAs),
          );
          return;
        } catch (e) {
          if (!(e as Error).message.includes('did not finish within')) throw e;
          ctx.logger.info(`No auto-deployment seen; creating the instances`);
        }
      }

      const operationId = baselineOperationId(stackSetName, accountId, regions);
      const ouId = serviceManaged
        ? ctx.input.ouId ??
          (await currentParent(await deps.clients.organizations(), accountId))
        : undefined;
      await mutex.run(stackSetName, async () => {
        await ctx.checkpoint({
          key: `baseline.create.${stackSetName}.${accountId}`,
          fn: async () => {
            await createInstances(
              cfn,
              {
                StackSetName: stackSetName,
                OperationId: operationId,
                CallAs: callAs,
                Regions: state.missing,
                ...(serviceManaged
                  ? {
                      DeploymentTargets: {
                        OrganizationalUnitIds: [ouId!],
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
              },
              waitForRunning,
              m => ctx.logger.info(m),
            );
            return { operationId };
          },
        });
        const op = await waitOperation(
          operationId,
          `StackSet ${stackSetName} operation ${operationId}`,
        );
        if (op.status !== 'SUCCEEDED')
          ctx.logger.warn(
            `Operation ${operationId} ended ${op.status}${
              op.reason ? `: ${op.reason}` : ''
            }`,
          );
      });
      await report(
        operationId,
        await listAccountInstances(cfn, stackSetName, accountId, callAs),
      );
    },
  });
}

/** CreateStackInstances with the stable OperationId; waits out operations of others. */
async function createInstances(
  cfn: CloudFormationClient,
  input: ConstructorParameters<typeof CreateStackInstancesCommand>[0],
  waitForRunning: () => Promise<void>,
  log: (m: string) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await cfn.send(new CreateStackInstancesCommand(input));
      log(
        `Started StackSet ${input.StackSetName} operation ${input.OperationId}`,
      );
      return;
    } catch (e) {
      if (isAwsError(e, 'OperationIdAlreadyExistsException')) {
        log(`Operation ${input.OperationId} already exists; following it`);
        return;
      }
      if (
        isAwsError(e, 'OperationInProgressException') &&
        attempt < MAX_IN_PROGRESS_RETRIES
      ) {
        log(
          `Another operation is running on StackSet ${input.StackSetName}; ours starts when it finishes`,
        );
        await waitForRunning();
        continue;
      }
      await aws('CloudFormation.CreateStackInstances', () => Promise.reject(e));
    }
  }
}
