import {
  CreateBudgetCommand,
  DescribeBudgetCommand,
  NotificationWithSubscribers,
} from '@aws-sdk/client-budgets';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import type { TenancyActionDeps } from '../deps';
import { usdAmount } from '../lib/money';
import { payerAccount } from '../lib/payer';
import { aws } from '../lib/organizations';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { examples } from './tenancyBudgetCreate.examples';

/**
 * `tenancy:budget:create` — a monthly cost budget in the management (payer) account filtered to
 * the tenant's LinkedAccount, with actual and forecast notifications; an existing budget of the
 * same name is left as is.
 * IAM (management account): budgets:ViewBudget, budgets:ModifyBudget.
 *
 * @public
 */
export function createTenancyBudgetCreateAction(deps: TenancyActionDeps) {
  const cfg = deps.settings.budget;
  return createTemplateAction({
    id: 'tenancy:budget:create',
    description:
      'Creates the monthly budget of the tenant account, with actual and forecast notifications.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: z =>
          z
            .string()
            .describe(
              '12-digit AWS account id the budget covers (LinkedAccount)',
            ),
        tenantId: z =>
          z
            .string()
            .describe('Tenant id; the budget is named tenant-<tenantId>'),
        amountUsd: z =>
          z
            .union([z.string(), z.number()])
            .optional()
            .describe(
              'Monthly limit in USD, e.g. 1000 or "1250.50"; default tenancy.vending.budget.defaultAmountUsd',
            ),
        notificationEmails: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Addresses notified (with the configured ones), at most 10',
            ),
      },
      output: {
        budgetName: z => z.string().describe('Name of the budget'),
        amountUsd: z =>
          z
            .string()
            .describe('Monthly limit of the budget, USD decimal string'),
        created: z =>
          z
            .boolean()
            .describe(
              'False when the budget already existed and was left as is',
            ),
      },
    },
    async handler(ctx) {
      const { accountId, tenantId } = ctx.input;
      assertTenantAccountId(
        accountId,
        deps.settings.centralAccounts,
        'tenancy:budget:create',
        ctx.isDryRun,
      );
      const amount = usdAmount(ctx.input.amountUsd ?? cfg.defaultAmountUsd);
      const budgetName = `tenant-${tenantId}`.slice(0, 100);
      const emails = [
        ...new Set(
          [
            ...cfg.notificationEmails,
            ...(ctx.input.notificationEmails ?? []),
          ].filter(Boolean),
        ),
      ];
      if (emails.length > 10) {
        throw new InputError(
          `At most 10 budget notification addresses; got ${emails.length} (rule budget.subscribers)`,
        );
      }
      const budgets = await deps.clients.budgets();
      const payer = await payerAccount(deps);
      ctx.output('budgetName', budgetName);
      let existing: string | undefined;
      try {
        const res = await budgets.send(
          new DescribeBudgetCommand({
            AccountId: payer,
            BudgetName: budgetName,
          }),
        );
        existing = res.Budget?.BudgetLimit?.Amount ?? '';
      } catch (e) {
        if (!isAwsError(e, 'NotFoundException'))
          await aws('Budgets.DescribeBudget', () => Promise.reject(e));
      }
      if (existing !== undefined) {
        ctx.logger.info(
          `Budget ${budgetName} already exists (${
            existing ? `${Number(existing).toFixed(2)} USD` : 'no limit'
          }); left as is`,
        );
        ctx.output(
          'amountUsd',
          existing ? usdAmount(Number(existing).toFixed(2)) : amount,
        );
        ctx.output('created', false);
        return;
      }
      ctx.output('amountUsd', amount);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create budget ${budgetName} of ${amount} USD per month for account ${accountId}`,
        );
        ctx.output('created', true);
        return;
      }
      const subscribers = emails.map(Address => ({
        SubscriptionType: 'EMAIL' as const,
        Address,
      }));
      const notifications: NotificationWithSubscribers[] = subscribers.length
        ? [
            ...cfg.actualThresholdsPercent.map(t => ({
              t,
              type: 'ACTUAL' as const,
            })),
            ...cfg.forecastThresholdsPercent.map(t => ({
              t,
              type: 'FORECASTED' as const,
            })),
          ].map(({ t, type }) => ({
            Notification: {
              NotificationType: type,
              ComparisonOperator: 'GREATER_THAN',
              Threshold: t,
              ThresholdType: 'PERCENTAGE',
            },
            Subscribers: subscribers,
          }))
        : [];
      if (!subscribers.length) {
        ctx.logger.warn(
          `No notification addresses configured (tenancy.vending.budget.notificationEmails); budget ${budgetName} has no notifications`,
        );
      }
      const created = await ctx.checkpoint({
        key: `budget.create.${budgetName}`,
        fn: async () => {
          try {
            await budgets.send(
              new CreateBudgetCommand({
                AccountId: payer,
                Budget: {
                  BudgetName: budgetName,
                  BudgetType: 'COST',
                  TimeUnit: 'MONTHLY',
                  BudgetLimit: { Amount: amount, Unit: 'USD' },
                  FilterExpression: {
                    Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] },
                  },
                },
                NotificationsWithSubscribers: notifications,
              }),
            );
            return true;
          } catch (e) {
            if (isAwsError(e, 'DuplicateRecordException')) return false;
            return aws('Budgets.CreateBudget', () => Promise.reject(e));
          }
        },
      });
      ctx.logger.info(
        created
          ? `Created budget ${budgetName}: ${amount} USD per month, ${notifications.length} notifications`
          : `Budget ${budgetName} already exists; left as is`,
      );
      ctx.output('created', created);
      if (created) {
        await deps.activity.record({
          tenantId,
          summary: `Budget ${budgetName} created: ${amount} USD per month (tenancy:budget:create)`,
          taskId: ctx.task.id,
          actor: ctx.user?.ref,
        });
      }
    },
  });
}
