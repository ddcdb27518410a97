/**
 * A budget's CalculatedSpend from the generated cost data, as AWS Budgets computes it for a
 * monthly COST budget: ActualSpend is the month to date of the spend the budget covers (its
 * FilterExpression or CostFilters LinkedAccount, its CostTypes: credits and refunds left out
 * unless included), ForecastedSpend the month to date plus Cost Explorer's forecast of the rest
 * of the month — absent while there is too little history to forecast, as AWS omits it.
 * Other budget types keep zero spend.
 */
import type { OperationContext } from '../../core/service';
import { orgAccounts, today as todayOf } from '../../core/context';
import { addMonths, formatDay, monthStart } from '../../core/dates';
import { AwsServiceError } from '../../core/errors';
import { compileFilter } from '../costExplorer/costFilter';
import { costData } from '../costExplorer/data';
import { formatCents } from '../costExplorer/costEngine';
import { getCostForecast } from '../costExplorer/forecast';

/** The Cost Explorer Expression of the spend a budget covers. */
export function budgetExpression(
  b: Record<string, any>,
): Record<string, any> | undefined {
  const parts: Array<Record<string, any>> = [];
  if (b.FilterExpression) parts.push(b.FilterExpression);
  const linked = b.CostFilters?.LinkedAccount;
  if (Array.isArray(linked) && linked.length)
    parts.push({ Dimensions: { Key: 'LINKED_ACCOUNT', Values: linked } });
  const excluded = [
    ...(b.CostTypes?.IncludeCredit ? [] : ['Credit']),
    ...(b.CostTypes?.IncludeRefund ? [] : ['Refund']),
  ];
  if (excluded.length)
    parts.push({
      Not: { Dimensions: { Key: 'RECORD_TYPE', Values: excluded } },
    });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { And: parts };
}

/** CalculatedSpend of a budget now (USD decimal strings). */
export function calculatedSpend(
  b: Record<string, any>,
  ctx: OperationContext,
): {
  ActualSpend: { Amount: string; Unit: string };
  ForecastedSpend?: { Amount: string; Unit: string };
} {
  const unit = b.BudgetLimit?.Unit ?? 'USD';
  if (b.BudgetType !== 'COST' || b.TimeUnit !== 'MONTHLY') {
    return {
      ActualSpend: { Amount: '0', Unit: unit },
      ForecastedSpend: { Amount: '0', Unit: unit },
    };
  }
  const today = todayOf(ctx);
  const expression = budgetExpression(b);
  const filter = compileFilter(expression);
  const dc = costData(ctx);
  const candidates = dc.cost.candidates(orgAccounts(ctx), filter);
  const field = b.CostTypes?.UseAmortized ? 'amortized' : 'unblended';
  const start = monthStart(today);
  const actual =
    today > start
      ? dc.cost.total(candidates, { start, end: today }, filter, today)[field]
      : 0;
  let forecast: number | undefined;
  try {
    const out = getCostForecast(
      {
        TimePeriod: {
          Start: formatDay(today),
          End: formatDay(addMonths(today, 1)),
        },
        Metric: field === 'amortized' ? 'AMORTIZED_COST' : 'UNBLENDED_COST',
        Granularity: 'MONTHLY',
        ...(expression ? { Filter: expression } : {}),
      },
      ctx,
    );
    forecast = actual + Math.round(Number(out.Total.Amount) * 100);
  } catch (e) {
    if (
      !(e instanceof AwsServiceError && e.code === 'DataUnavailableException')
    )
      throw e;
  }
  return {
    ActualSpend: { Amount: formatCents(actual), Unit: unit },
    ...(forecast !== undefined
      ? { ForecastedSpend: { Amount: formatCents(forecast), Unit: unit } }
      : {}),
  };
}
