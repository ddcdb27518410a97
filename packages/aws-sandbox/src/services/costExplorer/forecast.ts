/**
 * Cost Explorer GetCostForecast: a forecast from the last 28 complete days of the filtered
 * spend, with a trend and widening prediction intervals. Period means are whole cents and the
 * Total is their sum.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { checkDataAvailable } from './getCostAndUsage';
import { ceValidation, compileFilter } from './costFilter';
import { buildPeriods, formatCents } from './costEngine';
import { orgAccounts, today as todayOf } from '../../core/context';
import { costData } from './data';
import { addMonths, formatDay, parseDay } from '../../core/dates';
import { AwsServiceError } from '../../core/errors';

const FORECAST_METRICS: Record<string, 'unblended' | 'amortized' | 'usage'> = {
  AMORTIZED_COST: 'amortized',
  BLENDED_COST: 'unblended',
  NET_AMORTIZED_COST: 'amortized',
  NET_UNBLENDED_COST: 'unblended',
  UNBLENDED_COST: 'unblended',
  USAGE_QUANTITY: 'usage',
  NORMALIZED_USAGE_AMOUNT: 'usage',
};

/** z-scores of two-sided prediction intervals, by confidence level. */
function zScore(level: number): number {
  // Rational approximation of the normal quantile (Abramowitz-Stegun 26.2.23).
  const p = 1 - (1 - level / 100) / 2;
  const t = Math.sqrt(-2 * Math.log(1 - p));
  return (
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3)
  );
}

/** The GetCostForecast handler. */
export function getCostForecast(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const today = todayOf(ctx);
  const metricField = FORECAST_METRICS[input.Metric as string];
  if (!metricField) {
    throw ceValidation(
      `1 validation error detected: Value '${
        input.Metric
      }' at 'metric' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(
        FORECAST_METRICS,
      ).join(', ')}]`,
    );
  }
  const granularity = input.Granularity;
  if (granularity !== 'DAILY' && granularity !== 'MONTHLY') {
    throw ceValidation('Granularity must be DAILY or MONTHLY for forecasts.');
  }
  const start = parseDay(input.TimePeriod?.Start);
  const end = parseDay(input.TimePeriod?.End);
  if (start === undefined || end === undefined) {
    throw ceValidation(
      'Invalid date format for TimePeriod. Expected yyyy-MM-dd.',
    );
  }
  if (start >= end)
    throw ceValidation(
      'Start date (and hour) should be before end date (and hour)',
    );
  if (start < today) {
    throw ceValidation(
      `Start date must be equal to or later than the current date (${formatDay(
        today,
      )}).`,
    );
  }
  const horizon =
    granularity === 'DAILY' ? addMonths(today, 3) + 1 : addMonths(today, 18);
  if (end > horizon) {
    throw ceValidation(
      granularity === 'DAILY'
        ? 'Daily forecasts are limited to 3 months ahead.'
        : 'Monthly forecasts are limited to 18 months ahead.',
    );
  }
  const level = input.PredictionIntervalLevel ?? 80;
  if (!Number.isInteger(level) || level < 51 || level > 99) {
    throw ceValidation(
      'PredictionIntervalLevel must be an integer from 51 to 99.',
    );
  }
  const filter = compileFilter(input.Filter);
  const dc = costData(ctx);
  const accounts = orgAccounts(ctx);
  checkDataAvailable(dc.cost, accounts, filter, today, today);
  const candidates = dc.cost.candidates(accounts, filter);

  const window = 28;
  const daily = new Array<number>(window).fill(0);
  for (let i = 0; i < window; i++) {
    const day = today - window + i;
    daily[i] = dc.cost.total(
      candidates,
      { start: day, end: day + 1 },
      filter,
      today,
    )[metricField];
  }
  const firstHalf = daily.slice(0, 14).reduce((a, b) => a + b, 0);
  const secondHalf = daily.slice(14).reduce((a, b) => a + b, 0);
  if (firstHalf + secondHalf === 0 && daily.every(v => v === 0)) {
    throw new AwsServiceError(
      'DataUnavailableException',
      'Insufficient amount of historical data to generate forecast.',
    );
  }
  const growth =
    firstHalf > 0
      ? Math.max(-0.01, Math.min(0.01, Math.log(secondHalf / firstHalf) / 14))
      : 0;
  const base = secondHalf / 14;
  const spread = Math.sqrt(
    daily.slice(14).reduce((a, v) => a + (v - base) ** 2, 0) / 14,
  );
  const z = zScore(level);

  const periods = buildPeriods(start, end, granularity);
  let total = 0;
  const results = periods.map(p => {
    let mean = 0;
    let variance = 0;
    for (let day = p.start; day < p.end; day++) {
      const ahead = day - today + 1;
      mean += Math.round(base * Math.exp(growth * (ahead + 7)));
      variance += (spread * (1 + ahead / 60)) ** 2;
    }
    total += mean;
    const half = Math.round(z * Math.sqrt(variance));
    const fmt =
      metricField === 'usage' ? (v: number) => String(v / 1000) : formatCents;
    return {
      TimePeriod: { Start: formatDay(p.start), End: formatDay(p.end) },
      MeanValue: fmt(mean),
      PredictionIntervalLowerBound: fmt(Math.max(0, mean - half)),
      PredictionIntervalUpperBound: fmt(mean + half),
    };
  });
  return {
    Total: {
      Amount:
        metricField === 'usage' ? String(total / 1000) : formatCents(total),
      Unit: metricField === 'usage' ? 'N/A' : 'USD',
    },
    ForecastResultsByTime: results,
  };
}
