/**
 * Reads the vend-time budgets (`tenant-<tenantId>`, created by `tenancy:budget:create`) from the
 * payer account: DescribeBudgets (every page, 100 a page) and, for each tenant budget,
 * DescribeNotificationsForBudget (every page). docs/aws-behaviours/finance.md#budgets.
 */
import {
  BudgetsClient,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
} from '@aws-sdk/client-budgets';
import { collectAll } from '@tenancy/plugin-tenants-node';
import pLimit from 'p-limit';
import { budgetView, BudgetView } from './budgetStatus';

/** The budget name vending gives a tenant (Budgets names are at most 100 characters). */
export function tenantBudgetName(tenantId: string): string {
  return `tenant-${tenantId}`.slice(0, 100);
}

/**
 * The budget view of every tenant that has its vend-time budget, by tenant id.
 * @param payerAccountId - the account the budgets belong to (Budgets' `AccountId`)
 * @throws the SDK's error (the caller reports it and keeps the last values)
 */
export async function fetchTenantBudgets(
  budgets: BudgetsClient,
  payerAccountId: string,
  tenantIds: readonly string[],
  concurrency = 4,
): Promise<{ views: Map<string, BudgetView>; calls: number }> {
  let calls = 0;
  const all = await collectAll(
    t => {
      calls++;
      return budgets.send(
        new DescribeBudgetsCommand({
          AccountId: payerAccountId,
          MaxResults: 100,
          NextToken: t,
        }),
      );
    },
    p => p.Budgets,
    p => p.NextToken,
  );
  const byName = new Map(all.map(b => [b.BudgetName ?? '', b]));
  const limit = pLimit(concurrency);
  const views = new Map<string, BudgetView>();
  await Promise.all(
    tenantIds.map(tenantId =>
      limit(async () => {
        const budget = byName.get(tenantBudgetName(tenantId));
        if (!budget) return;
        const notifications = await collectAll(
          t => {
            calls++;
            return budgets.send(
              new DescribeNotificationsForBudgetCommand({
                AccountId: payerAccountId,
                BudgetName: budget.BudgetName,
                NextToken: t,
              }),
            );
          },
          p => p.Notifications,
          p => p.NextToken,
        );
        views.set(tenantId, budgetView(budget, notifications));
      }),
    ),
  );
  return { views, calls };
}
