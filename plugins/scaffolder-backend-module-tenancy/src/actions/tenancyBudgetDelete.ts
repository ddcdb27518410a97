import {
  DeleteBudgetCommand,
  DescribeBudgetCommand,
} from '@aws-sdk/client-budgets';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import { alreadyClosedLine, closeRequested } from '../lib/offboarding/target';
import { aws } from '../lib/organizations';
import { payerAccount } from '../lib/payer';
import {
  auditStep,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:budget:delete';

/**
 * `tenancy:budget:delete` — deletes the tenant's budget `tenant-<tenantId>` from the management
 * (payer) account (DeleteBudget); a budget already gone (NotFoundException) is success.
 * IAM (management account): budgets:ViewBudget, budgets:ModifyBudget.
 *
 * @public
 */
export function createTenancyBudgetDeleteAction(deps: TenancyActionDeps) {
  return createTemplateAction({
    id: ID,
    description: "Deletes the tenant's monthly budget.",
    examples: offboardingExamples['tenancy:budget:delete'],
    supportsDryRun: true,
    schema: {
      input: offboardTargetInput,
      output: {
        budgetName: z => z.string().describe('Name of the budget'),
        deleted: z =>
          z.boolean().describe('False when there was no budget to delete'),
      },
    },
    async handler(ctx) {
      const target = await offboardTargetOf(deps, ctx, ID);
      const budgetName = `tenant-${target.tenantId}`.slice(0, 100);
      ctx.output('budgetName', budgetName);
      ctx.output('deleted', false);
      if (closeRequested(target)) {
        ctx.logger.info(alreadyClosedLine(target));
        return;
      }
      const budgets = await deps.clients.budgets();
      const input = {
        AccountId: await payerAccount(deps),
        BudgetName: budgetName,
      };
      let exists = true;
      try {
        await budgets.send(new DescribeBudgetCommand(input));
      } catch (e) {
        if (!isAwsError(e, 'NotFoundException'))
          await aws('Budgets.DescribeBudget', () => Promise.reject(e));
        exists = false;
      }
      if (!exists) {
        ctx.logger.info(
          `Budget ${budgetName} does not exist; nothing to delete`,
        );
        return;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would delete budget ${budgetName}`);
        ctx.output('deleted', true);
        return;
      }
      await ctx.checkpoint({
        key: `budget.delete.${budgetName}`,
        fn: async () => {
          try {
            await budgets.send(new DeleteBudgetCommand(input));
          } catch (e) {
            if (!isAwsError(e, 'NotFoundException'))
              await aws('Budgets.DeleteBudget', () => Promise.reject(e));
          }
        },
      });
      ctx.logger.info(`Deleted budget ${budgetName}`);
      ctx.output('deleted', true);
      await auditStep(deps, ctx, `Budget ${budgetName} deleted (${ID})`);
    },
  });
}
