import {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import type { TenancyActionDeps } from '../deps';
import { aws } from '../lib/organizations';
import { pollUntil } from '../lib/poll';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { examples } from './tenancyStateMachineRun.examples';

const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_.-]{1,80}$/;

/** The idempotent execution name of a tenant's run: `tenancy-<tenantId>-<accountId>`, ≤ 80 characters. */
export function executionNameFor(tenantId: string, accountId: string): string {
  return `tenancy-${tenantId}-${accountId}`
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 80);
}

/**
 * `tenancy:stateMachine:run` — starts an existing Step Functions state machine with the tenant's
 * details under an idempotent execution name (a re-run finds the same execution) and waits for it.
 * The execution input is never logged.
 * IAM (management account): states:StartExecution on the state machine, states:DescribeExecution
 * on its executions.
 *
 * @public
 */
export function createTenancyStateMachineRunAction(deps: TenancyActionDeps) {
  const cfg = deps.settings.stateMachine;
  return createTemplateAction({
    id: 'tenancy:stateMachine:run',
    description:
      'Starts a Step Functions state machine for the new tenant and waits for it to finish.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Tenant id'),
        accountId: z =>
          z.string().describe('12-digit AWS account id of the tenant'),
        stateMachineArn: z =>
          z
            .string()
            .optional()
            .describe(
              'State machine ARN; default tenancy.vending.stateMachine.arn',
            ),
        input: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Extra execution input, merged with { tenantId, accountId }; never logged',
            ),
        executionName: z =>
          z
            .string()
            .optional()
            .describe(
              'Execution name; default tenancy-<tenantId>-<accountId> (idempotent)',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe('How long to wait for the execution, seconds'),
      },
      output: {
        executionArn: z => z.string().describe('ARN of the execution'),
        status: z => z.string().describe('SUCCEEDED'),
        output: z => z.string().describe('The execution output (JSON text)'),
      },
    },
    async handler(ctx) {
      const { tenantId, accountId } = ctx.input;
      assertTenantAccountId(
        accountId,
        deps.settings.centralAccounts,
        'tenancy:stateMachine:run',
        ctx.isDryRun,
      );
      const arn = ctx.input.stateMachineArn ?? cfg.arn;
      if (!arn || !STATE_MACHINE_ARN.test(arn)) {
        throw new InputError(
          `stateMachineArn must be a Step Functions state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>); got '${
            arn ?? ''
          }' (rule stateMachine.arn)`,
        );
      }
      const name =
        ctx.input.executionName ?? executionNameFor(tenantId, accountId);
      if (!/^[A-Za-z0-9_.-]{1,80}$/.test(name)) {
        throw new InputError(
          `executionName must be 1–80 characters of A-Z a-z 0-9 _ . -; got '${name}' (rule stateMachine.executionName)`,
        );
      }
      const region = arn.split(':')[3];
      const executionArn = `${arn.replace(
        ':stateMachine:',
        ':execution:',
      )}:${name}`;
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would start execution ${name} of ${arn}`);
        ctx.output('executionArn', executionArn);
        ctx.output('status', 'SUCCEEDED');
        ctx.output('output', '{}');
        return;
      }
      const sfn = await deps.clients.sfn(region);
      const started = await ctx.checkpoint({
        key: `stateMachine.start.${name}`,
        fn: async () => {
          try {
            const res = await sfn.send(
              new StartExecutionCommand({
                stateMachineArn: arn,
                name,
                input: JSON.stringify({
                  ...(ctx.input.input ?? {}),
                  tenantId,
                  accountId,
                }),
              }),
            );
            return res.executionArn ?? executionArn;
          } catch (e) {
            if (isAwsError(e, 'ExecutionAlreadyExists')) {
              ctx.logger.info(
                `Execution ${name} already exists with other input; following it`,
              );
              return executionArn;
            }
            return aws('SFN.StartExecution', () => Promise.reject(e));
          }
        },
      });
      const done = await pollUntil<DescribeExecutionCommandOutput>({
        what: `Execution ${name}`,
        check: async () => {
          const res = await aws('SFN.DescribeExecution', () =>
            sfn.send(new DescribeExecutionCommand({ executionArn: started })),
          );
          return {
            done: res.status !== 'RUNNING' && res.status !== 'PENDING_REDRIVE',
            status: res.status ?? 'UNKNOWN',
            value: res,
          };
        },
        timeoutSeconds: ctx.input.timeoutSeconds ?? cfg.timeoutSeconds,
        poll: deps.settings.poll,
        clock: deps.clock,
        logger: ctx.logger,
        signal: ctx.signal,
        onTimeout:
          'The execution continues in Step Functions; run the template again to resume waiting on it.',
      });
      if (done.status !== 'SUCCEEDED') {
        throw new Error(
          `Execution ${name} ended ${done.status}${
            done.error ? `: ${done.error}` : ''
          }${
            done.cause ? ` (${done.cause.slice(0, 500)})` : ''
          }. See the execution in the Step Functions console, fix the cause and run the template again.`,
        );
      }
      ctx.output('executionArn', started);
      ctx.output('status', 'SUCCEEDED');
      ctx.output('output', done.output ?? '{}');
      await deps.activity.record({
        tenantId,
        summary: `State machine execution ${name} SUCCEEDED (tenancy:stateMachine:run)`,
        taskId: ctx.task.id,
        actor: ctx.user?.ref,
      });
    },
  });
}
