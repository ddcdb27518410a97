/**
 * Cost Explorer GetCostAndUsage over the generated organization spend.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { DataAccount } from '../../core/dataAccounts';
import {
  CE_GROUPS_PER_PAGE,
  checkGranularity,
  checkGroupBy,
  checkMetrics,
  checkTimePeriod,
  CE_TOKEN_ERRORS,
} from './ceRequest';
import { CompiledFilter, compileFilter } from './costFilter';
import {
  CostEngine,
  Period,
  PeriodGroups,
  Sums,
  buildPeriods,
  formatCents,
  formatThousandths,
  groupKeys,
} from './costEngine';
import { orgAccounts, today as todayOf } from '../../core/context';
import { costData } from './data';
import { formatDay, monthStart } from '../../core/dates';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/** Renders the requested metrics of one set of sums. */
export function renderMetrics(
  metrics: string[],
  s: Omit<Sums, 'records'>,
): Record<string, { Amount: string; Unit: string }> {
  const out: Record<string, { Amount: string; Unit: string }> = {};
  for (const m of metrics) {
    switch (m) {
      case 'AmortizedCost':
      case 'NetAmortizedCost':
        out[m] = { Amount: formatCents(s.amortized), Unit: 'USD' };
        break;
      case 'UsageQuantity':
        out[m] = { Amount: formatThousandths(s.usage), Unit: 'N/A' };
        break;
      case 'NormalizedUsageAmount':
        out[m] = { Amount: '0', Unit: 'N/A' };
        break;
      default:
        out[m] = { Amount: formatCents(s.unblended), Unit: 'USD' };
    }
  }
  return out;
}

/**
 * Days into a new month before the previous month's bill is final: AWS finalizes the bill at the
 * start of the month, usually between the 3rd and the 5th (UTC); the sandbox finalizes on the 5th.
 */
export const FINALIZATION_DAYS = 4;

/**
 * Whether Cost Explorer still marks a period as an estimate: its month's bill is open, or closed
 * less than {@link FINALIZATION_DAYS} days ago (docs/aws-behaviours/finance.md#month-finalization).
 */
export function isEstimated(period: Period, today: number): boolean {
  return period.end > monthStart(today - FINALIZATION_DAYS);
}

/**
 * Throws DataUnavailableException when the filter names only accounts that have no cost data
 * before `end` (e.g. an account vended days ago, before its first line items were billed).
 */
export function checkDataAvailable(
  engine: CostEngine,
  accounts: DataAccount[],
  filter: CompiledFilter,
  end: number,
  today: number,
): void {
  if (!filter.accountIds) return;
  const candidates = engine.candidates(accounts, filter);
  const hasData = candidates.some(
    a => engine.profile(a).dataStart < Math.min(end, today),
  );
  if (!hasData) {
    throw new AwsServiceError(
      'DataUnavailableException',
      'Data is not available. Please try to adjust the time period. If you just enabled Cost Explorer, data might not be ingested yet',
    );
  }
}

function timePeriod(p: Period) {
  return { Start: formatDay(p.start), End: formatDay(p.end) };
}

/** The GetCostAndUsage handler. */
export function getCostAndUsage(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const today = todayOf(ctx);
  const granularity = checkGranularity(input.Granularity);
  const { start, end } = checkTimePeriod(input.TimePeriod, today, granularity);
  const metrics = checkMetrics(input.Metrics);
  const groupBy = checkGroupBy(input.GroupBy);
  const filter = compileFilter(input.Filter);
  const dc = costData(ctx);
  const accounts = orgAccounts(ctx);
  checkDataAvailable(dc.cost, accounts, filter, end, today);
  const candidates = dc.cost.candidates(accounts, filter);
  const periods = buildPeriods(start, end, granularity);
  const fp = requestFingerprint(input, 'NextPageToken');
  const position = decodePageToken(
    input.NextPageToken,
    fp,
    CE_TOKEN_ERRORS,
  ) ?? { p: 0, o: 0 };

  if (groupBy.length === 0) {
    return {
      GroupDefinitions: [],
      ResultsByTime: periods.map(p => ({
        TimePeriod: timePeriod(p),
        Total: renderMetrics(
          metrics,
          dc.cost.total(candidates, p, filter, today),
        ),
        Groups: [],
        Estimated: isEstimated(p, today),
      })),
      DimensionValueAttributes: [],
    };
  }

  const results: OperationOutput[] = [];
  const accountIds = new Set<string>();
  const accountGroupIndex = groupBy.findIndex(
    g => g.Type === 'DIMENSION' && g.Key === 'LINKED_ACCOUNT',
  );
  let slots = CE_GROUPS_PER_PAGE;
  let p = position.p ?? 0;
  let o = position.o ?? 0;
  let next: { p: number; o: number } | undefined;
  while (p < periods.length) {
    const cacheKey = `${fp}:${p}`;
    let groups: PeriodGroups | undefined = dc.periodCache.get(cacheKey);
    if (!groups) {
      groups = dc.cost.groups(candidates, periods[p], filter, groupBy, today);
      dc.periodCache.set(cacheKey, groups);
    }
    const size = groups.key0.length;
    const until = Math.min(size, o + slots);
    const rows: OperationOutput[] = [];
    for (let i = o; i < until; i++) {
      rows.push({
        Keys: groupKeys(groups, i),
        Metrics: renderMetrics(metrics, {
          unblended: groups.unblended[i],
          amortized: groups.amortized[i],
          usage: groups.usage[i],
        }),
      });
      if (accountGroupIndex >= 0)
        accountIds.add(
          accountGroupIndex === 0 ? groups.key0[i] : groups.key1[i],
        );
    }
    results.push({
      TimePeriod: timePeriod(periods[p]),
      Total: {},
      Groups: rows,
      Estimated: isEstimated(periods[p], today),
    });
    slots -= until - o;
    if (until < size) {
      next = { p, o: until };
      break;
    }
    p++;
    o = 0;
    if (slots === 0 && p < periods.length) {
      next = { p, o: 0 };
      break;
    }
  }
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: results,
    DimensionValueAttributes: [...accountIds].map(id => ({
      Value: id,
      Attributes: {
        description: ctx.data.lookup(id)?.name ?? id,
      },
    })),
    ...(next ? { NextPageToken: encodePageToken(fp, next) } : {}),
  };
}
