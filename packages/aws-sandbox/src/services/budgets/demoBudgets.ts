/**
 * The demo's budgets (`--demo`): the budget the New tenant template creates at vend time
 * (`tenant-<id>`: monthly COST on the tenant's linked account, credits and refunds left out,
 * notifications at 80 % of actual and 100 % of forecast spend, in ALARM when crossed at
 * seeding) for a few tenants, with amounts set from this month's CalculatedSpend so that the
 * Spend tab and the overview's budget filter have something to show: the first over its
 * amount, the second under it but forecast over, the others under.
 */
import type { OperationContext } from '../../core/service';
import type { BudgetRecord } from '../../core/state';
import { calculatedSpend } from './calculatedSpend';
import { DEFAULT_COST_TYPES } from './index';

/** How the demo's budgets stand against their amounts, in seeding order. */
export const DEMO_BUDGET_STATES = [
  'over',
  'forecast-over',
  'under',
  'under',
] as const;

const cents = (amount: string) => Math.round(Number(amount) * 100);
const usd = (c: number) => (c / 100).toFixed(2);

function budgetOf(accountId: string, tenant: string): Record<string, any> {
  return {
    BudgetName: `tenant-${tenant}`,
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    FilterExpression: {
      Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] },
    },
    CostTypes: DEFAULT_COST_TYPES,
  };
}

/** A GREATER_THAN percentage notification, in ALARM when `spend` is over it (as AWS sends it). */
const notification = (
  type: 'ACTUAL' | 'FORECASTED',
  threshold: number,
  amount: number,
  spend: number | undefined,
) => ({
  notification: {
    NotificationType: type,
    ComparisonOperator: 'GREATER_THAN',
    Threshold: threshold,
    ThresholdType: 'PERCENTAGE',
    NotificationState:
      spend !== undefined && spend * 100 > amount * threshold ? 'ALARM' : 'OK',
  },
  subscribers: [
    { SubscriptionType: 'EMAIL', Address: 'finops@saas-example.com' },
  ],
});

/**
 * Adds the demo's budgets to the payer account (the management account) unless it has budgets
 * already (a state file kept from an earlier run). Tenants are taken in account id order among
 * the ACTIVE ones with spend this month and a forecast (none on the 1st of a month, when the
 * month has no complete day yet; then no budget is seeded).
 * @returns the names of the budgets added, in {@link DEMO_BUDGET_STATES} order
 */
export function seedDemoBudgets(ctx: OperationContext): string[] {
  const payer = ctx.org.managementAccountId;
  if (ctx.state.budgets.some(b => b.accountId === payer)) return [];
  const added: string[] = [];
  const tenants = ctx.org
    .tenantAccounts()
    .filter(a => a.state === 'ACTIVE')
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const account of tenants) {
    const want = DEMO_BUDGET_STATES[added.length];
    if (!want) break;
    const budget = budgetOf(account.id, account.tags.tenant);
    const spend = calculatedSpend(
      { ...budget, BudgetLimit: { Amount: '0', Unit: 'USD' } },
      ctx,
    );
    const actual = cents(spend.ActualSpend.Amount);
    const forecast = spend.ForecastedSpend
      ? cents(spend.ForecastedSpend.Amount)
      : undefined;
    // an amount strictly between actual and forecast needs two cents between them
    if (actual < 100 || forecast === undefined || forecast < actual + 2)
      continue;
    const amount = {
      over: Math.floor(actual * 0.8),
      'forecast-over': Math.floor((actual + forecast) / 2),
      under: Math.ceil(forecast * 1.5),
    }[want];
    const record: BudgetRecord = {
      accountId: payer,
      budget: {
        ...budget,
        BudgetLimit: { Amount: usd(amount), Unit: 'USD' },
        TimePeriod: { Start: 0, End: Date.UTC(2087, 5, 15) / 1000 },
      },
      notifications: [
        notification('ACTUAL', 80, amount, actual),
        notification('FORECASTED', 100, amount, forecast),
      ],
    };
    ctx.state.budgets.push(record);
    added.push(budget.BudgetName);
  }
  return added;
}
