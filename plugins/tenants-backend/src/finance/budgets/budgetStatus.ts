/**
 * A tenant's vend-time budget (AWS Budgets DescribeBudget + DescribeNotificationsForBudget) as
 * the Spend tab and the overview filter show it: the monthly amount, actual and forecast spend
 * against it, and each notification with whether its threshold is crossed. See
 * docs/aws-behaviours/finance.md#budgets.
 */
import { Amount, formatUsd, parseAmount } from '../../spend/money';
import { ratio4 } from '../footprint/footprint';

/** The budget fields read (a subset of the Budgets API's `Budget`). */
export interface BudgetInput {
  BudgetName?: string;
  BudgetLimit?: { Amount?: string; Unit?: string };
  CalculatedSpend?: {
    ActualSpend?: { Amount?: string; Unit?: string };
    /** Absent while AWS has too little history to forecast. */
    ForecastedSpend?: { Amount?: string; Unit?: string };
  };
}

/** The notification fields read (Budgets API `Notification`). */
export interface BudgetNotificationInput {
  NotificationType?: string;
  ComparisonOperator?: string;
  Threshold?: number;
  ThresholdType?: string;
  /** `ALARM` once AWS has sent it this period, else `OK`. */
  NotificationState?: string;
}

/** Where a budget stands: `over` (actual > amount) outranks `forecast-over`. */
export type BudgetState = 'under' | 'forecast-over' | 'over';

/** One notification and whether its threshold is crossed by the spend it compares. */
export interface BudgetNotificationView {
  type: 'ACTUAL' | 'FORECASTED';
  comparison: string;
  /** In percent of the amount, or USD when `thresholdType` is ABSOLUTE_VALUE. */
  threshold: number;
  thresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  crossed: boolean;
  /** AWS's own state (`ALARM` | `OK`); undefined when AWS did not send one. */
  awsState?: string;
}

/** A budget as shown (USD decimal strings, ratios to 4 decimals). */
export interface BudgetView {
  name: string;
  amount: string;
  currency: string;
  actual: string;
  /** null when AWS has no forecast yet. */
  forecast: string | null;
  actualRatio: number | null;
  forecastRatio: number | null;
  state: BudgetState;
  notifications: BudgetNotificationView[];
}

function compares(op: string, value: Amount, limit: Amount): boolean {
  if (op === 'LESS_THAN') return value < limit;
  if (op === 'EQUAL_TO') return value === limit;
  return value > limit;
}

/**
 * The view of one budget.
 * @throws Error when an amount is not a decimal string (AWS always sends decimal strings)
 */
export function budgetView(
  budget: BudgetInput,
  notifications: readonly BudgetNotificationInput[],
): BudgetView {
  const limit = parseAmount(budget.BudgetLimit?.Amount);
  const actual = parseAmount(budget.CalculatedSpend?.ActualSpend?.Amount);
  const forecastText = budget.CalculatedSpend?.ForecastedSpend?.Amount;
  const forecast =
    forecastText === undefined ? null : parseAmount(forecastText);
  let state: BudgetState = 'under';
  if (limit > 0n && actual > limit) state = 'over';
  else if (limit > 0n && forecast !== null && forecast > limit)
    state = 'forecast-over';
  return {
    name: budget.BudgetName ?? '',
    amount: formatUsd(limit),
    currency: budget.BudgetLimit?.Unit ?? 'USD',
    actual: formatUsd(actual),
    forecast: forecast === null ? null : formatUsd(forecast),
    actualRatio: ratio4(actual, limit),
    forecastRatio: forecast === null ? null : ratio4(forecast, limit),
    state,
    notifications: notifications.map(n => {
      const type =
        n.NotificationType === 'FORECASTED' ? 'FORECASTED' : 'ACTUAL';
      const thresholdType =
        n.ThresholdType === 'ABSOLUTE_VALUE' ? 'ABSOLUTE_VALUE' : 'PERCENTAGE';
      const threshold = n.Threshold ?? 0;
      const bound =
        thresholdType === 'PERCENTAGE'
          ? (limit * BigInt(Math.round(threshold * 100))) / 10000n
          : parseAmount(String(threshold));
      const spend = type === 'ACTUAL' ? actual : forecast;
      return {
        type,
        comparison: n.ComparisonOperator ?? 'GREATER_THAN',
        threshold,
        thresholdType,
        crossed:
          spend !== null &&
          compares(n.ComparisonOperator ?? 'GREATER_THAN', spend, bound),
        ...(n.NotificationState ? { awsState: n.NotificationState } : {}),
      };
    }),
  };
}

/** The overview's budget filter values. */
export type BudgetFilter = 'over' | 'forecast-over';

/**
 * Whether a tenant's budget state passes the overview filter: `over` keeps budgets whose actual
 * spend exceeds the amount; `forecast-over` keeps those whose forecast does (actual-over
 * budgets included, since their forecast is over too). A tenant without a budget never passes.
 */
export function passesBudgetFilter(
  state: BudgetState | undefined,
  filter: BudgetFilter,
): boolean {
  if (state === undefined) return false;
  return filter === 'over' ? state === 'over' : state !== 'under';
}
