/**
 * Validation of Cost Explorer requests (time periods, metrics, GroupBy, tokens) with the
 * errors and messages Cost Explorer answers.
 */
import { AwsServiceError } from '../../core/errors';
import type { PageTokenErrors } from '../../core/pageToken';
import { SUPPORTED_DIMENSIONS, ceValidation } from './costFilter';
import { GroupDefinition } from './costEngine';
import {
  addMonths,
  monthStart,
  parseDay,
  DAY_MS,
  dayOf,
} from '../../core/dates';

/** Cost Explorer metric names (GetCostAndUsage `Metrics`). */
export const CE_METRICS = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
] as const;

/** Groups per GetCostAndUsage page (the page is cut there; a period may span pages). @public */
export const CE_GROUPS_PER_PAGE = 1000;

/** Days of daily history Cost Explorer keeps: 14 months back from today. */
export function dailyHistoryStart(today: number): number {
  const d = new Date(today * DAY_MS);
  return dayOf(
    new Date(
      Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 14, d.getUTCDate()),
    ),
  );
}

/** Parses and checks `TimePeriod` against AWS's rules. Returns [start, end) day numbers. */
export function checkTimePeriod(
  timePeriod: any,
  today: number,
  granularity: string,
): { start: number; end: number } {
  const start = parseDay(timePeriod?.Start);
  const end = parseDay(timePeriod?.End);
  if (start === undefined || end === undefined) {
    throw ceValidation(
      `Invalid date format for TimePeriod: Start '${timePeriod?.Start}', End '${timePeriod?.End}'. Expected yyyy-MM-dd.`,
    );
  }
  if (start >= end) {
    throw ceValidation(
      'Start date (and hour) should be before end date (and hour)',
    );
  }
  if (end > addMonths(today, 1)) {
    throw ceValidation('end date past the beginning of next month');
  }
  const oldest = dailyHistoryStart(today);
  if (start < oldest) {
    if (granularity !== 'MONTHLY') {
      throw ceValidation(
        `Start date ${
          timePeriod.Start
        } is older than 14 months: data at ${granularity} granularity is available from ${new Date(
          oldest * DAY_MS,
        )
          .toISOString()
          .slice(0, 10)}.`,
      );
    }
    if (start !== monthStart(start) || start < monthStart(oldest)) {
      throw ceValidation(
        `Start date ${
          timePeriod.Start
        } is older than 14 months: monthly data that old is only available from the first day of ${new Date(
          monthStart(oldest) * DAY_MS,
        )
          .toISOString()
          .slice(0, 7)}.`,
      );
    }
  }
  return { start, end };
}

/** Checks `Granularity` (DAILY or MONTHLY; HOURLY needs opt-in the organization lacks). */
export function checkGranularity(g: unknown): 'DAILY' | 'MONTHLY' {
  if (g === 'DAILY' || g === 'MONTHLY') return g;
  if (g === 'HOURLY') {
    throw ceValidation(
      'Hourly granularity is not enabled for this payer account.',
    );
  }
  throw ceValidation(
    `1 validation error detected: Value '${String(
      g,
    )}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, MONTHLY, HOURLY]`,
  );
}

/** Checks `Metrics`. */
export function checkMetrics(metrics: unknown): string[] {
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw ceValidation(
      `Metrics is required: give at least one of ${CE_METRICS.join(', ')}.`,
    );
  }
  for (const m of metrics) {
    if (!(CE_METRICS as readonly string[]).includes(m)) {
      throw ceValidation(
        `Invalid metric name: ${m}. Valid values: ${CE_METRICS.join(', ')}.`,
      );
    }
  }
  return metrics as string[];
}

/** Checks `GroupBy`: at most two definitions, each a supported DIMENSION or a TAG. */
export function checkGroupBy(groupBy: unknown): GroupDefinition[] {
  if (groupBy === undefined || groupBy === null) return [];
  if (!Array.isArray(groupBy)) throw ceValidation('GroupBy must be a list.');
  if (groupBy.length > 2) {
    throw ceValidation(
      `1 validation error detected: Value at 'groupBy' failed to satisfy constraint: Member must have length less than or equal to 2`,
    );
  }
  const seen = new Set<string>();
  return groupBy.map((g: any) => {
    if (
      !g ||
      typeof g.Type !== 'string' ||
      typeof g.Key !== 'string' ||
      !g.Type ||
      !g.Key
    ) {
      throw ceValidation(
        'Group Definition is invalid. Both type an key need to be set to a non-empty value.',
      );
    }
    if (g.Type === 'COST_CATEGORY') {
      throw ceValidation(`Cost category ${g.Key} does not exist.`);
    }
    if (g.Type !== 'DIMENSION' && g.Type !== 'TAG') {
      throw ceValidation('Group Definition type is invalid.');
    }
    if (
      g.Type === 'DIMENSION' &&
      !(SUPPORTED_DIMENSIONS as readonly string[]).includes(g.Key)
    ) {
      throw ceValidation(
        `Group Definition dimension is invalid. The sandbox supports ${SUPPORTED_DIMENSIONS.join(
          ', ',
        )}.`,
      );
    }
    const id = `${g.Type}:${g.Key}`;
    if (seen.has(id))
      throw ceValidation('Group Definition contains duplicate keys.');
    seen.add(id);
    return { Type: g.Type, Key: g.Key };
  });
}

/**
 * Cost Explorer's answers to a bad pagination token: a malformed one answers
 * `InvalidNextTokenException`; one from a different request answers `RequestChangedException`.
 */
export const CE_TOKEN_ERRORS: PageTokenErrors = {
  invalid: () =>
    new AwsServiceError(
      'InvalidNextTokenException',
      'The pagination token is invalid. Try again without a pagination token.',
    ),
  otherRequest: () =>
    new AwsServiceError(
      'RequestChangedException',
      'Your request parameters changed between pages. Try again with the old parameters or without a pagination token.',
    ),
};
