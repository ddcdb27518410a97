import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
  GroupDefinition,
} from '@aws-sdk/client-cost-explorer';
import { InputError } from '@backstage/errors';
import { Amount, parseAmount, sumAmounts } from './money';
import { DateRange } from '@tenancy/plugin-tenants-common';

/** One GetCostAndUsage query. */
export interface CostQuery {
  /** UTC dates, `end` exclusive (docs/aws-behaviours/fleet.md#cost-explorer-end-exclusive). */
  range: DateRange;
  granularity: 'DAILY' | 'MONTHLY';
  /** Cost Explorer metric, e.g. `AmortizedCost`, `UnblendedCost`. */
  metric: string;
  /** At most two group definitions (a Cost Explorer limit, docs/aws-behaviours/fleet.md#grouped-results-have-no-total). */
  groupBy: Array<{ Type: 'DIMENSION' | 'TAG' | 'COST_CATEGORY'; Key: string }>;
  filter?: Expression;
}

/** One group of one period: `keys` in the order of `groupBy`. */
export interface CostRow {
  /** `YYYY-MM-DD`, the period's start. */
  periodStart: string;
  keys: string[];
  amount: Amount;
  estimated: boolean;
}

/** One period's total: with GroupBy set, `Total` is `{}`, so this is the sum of its groups (docs/aws-behaviours/fleet.md#grouped-results-have-no-total). */
export interface CostPeriod {
  start: string;
  end: string;
  estimated: boolean;
  total: Amount;
}

/** The merged answer of every page of a query. */
export interface CostResult {
  rows: CostRow[];
  periods: CostPeriod[];
  /** GetCostAndUsage calls made (pages). */
  pages: number;
  /**
   * Account names by id, from `DimensionValueAttributes` (`Attributes.description`) of a query
   * grouped by LINKED_ACCOUNT (every page's); empty for other queries.
   */
  accountNames: Map<string, string>;
}

/** Record types kept apart (docs/aws-behaviours/fleet.md#credits-and-refunds). Everything else (Fee, RIFee, SavingsPlan*, Support…) counts as usage. */
export type RecordTypeBucket = 'usage' | 'tax' | 'credit' | 'refund';

/** Maps a Cost Explorer RECORD_TYPE value to its bucket. */
export function recordTypeBucket(recordType: string): RecordTypeBucket {
  switch (recordType) {
    case 'Tax':
      return 'tax';
    case 'Credit':
      return 'credit';
    case 'Refund':
      return 'refund';
    default:
      return 'usage';
  }
}

/** Filter excluding credits and refunds: what the spend headline counts (usage + tax, docs/aws-behaviours/fleet.md#credits-and-refunds). */
export const HEADLINE_FILTER: Expression = {
  Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } },
};

/**
 * Runs GetCostAndUsage and follows every `NextPageToken`, including empty pages that still carry
 * a token (docs/aws-behaviours/fleet.md#every-page). Period totals are sums of their groups,
 * because Cost Explorer leaves `Total` empty when grouping
 * (docs/aws-behaviours/fleet.md#grouped-results-have-no-total).
 *
 * Without `onPage`, `ResultsByTime` entries are merged by period start across pages (a period's
 * groups may span pages) and answered as `rows`. With `onPage`, each page's rows (groups of one
 * key within the page summed) are handed over and awaited before the next page is read, and
 * `rows` is empty: memory holds one page, not the query's result (docs/memory.md); readers sum
 * a key's facts, so a group split over two pages still adds up.
 *
 * @throws InputError when more than two group definitions are given or the range is empty.
 */
export async function getCostAndUsage(
  client: CostExplorerClient,
  query: CostQuery,
  onPage?: (rows: CostRow[]) => Promise<void>,
): Promise<CostResult> {
  if (query.groupBy.length > 2) {
    throw new InputError(
      `Cost Explorer groups by at most two keys; got ${query.groupBy
        .map(g => g.Key)
        .join(', ')}. Split the query instead.`,
    );
  }
  if (!(query.range.start < query.range.end)) {
    throw new InputError(
      `Cost Explorer periods need Start before End (End is exclusive); got ${query.range.start} → ${query.range.end}`,
    );
  }
  const periods = new Map<string, PeriodAcc>();
  const accountNames = new Map<string, string>();
  let token: string | undefined;
  let pages = 0;
  do {
    const out: GetCostAndUsageCommandOutput = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: query.range.start, End: query.range.end },
        Granularity: query.granularity,
        Metrics: [query.metric],
        GroupBy: query.groupBy.length
          ? (query.groupBy as GroupDefinition[])
          : undefined,
        Filter: query.filter,
        NextPageToken: token,
      }),
    );
    pages += 1;
    if (query.groupBy.some(g => g.Key === 'LINKED_ACCOUNT')) {
      for (const a of out.DimensionValueAttributes ?? []) {
        const name = a.Attributes?.description;
        if (a.Value && name) accountNames.set(a.Value, name);
      }
    }
    const page = onPage ? new Map<string, PeriodAcc>() : periods;
    for (const r of out.ResultsByTime ?? []) {
      const start = r.TimePeriod?.Start;
      if (!start) continue;
      const estimated = Boolean(r.Estimated);
      const whole = accOf(periods, start, r.TimePeriod?.End, estimated);
      const p = accOf(page, start, r.TimePeriod?.End, estimated);
      for (const g of r.Groups ?? []) {
        const key = JSON.stringify(g.Keys ?? []);
        const amount = parseAmount(g.Metrics?.[query.metric]?.Amount);
        p.groups.set(key, (p.groups.get(key) ?? 0n) + amount);
        if (onPage) whole.sum += amount;
      }
      if (!query.groupBy.length) {
        whole.total =
          (whole.total ?? 0n) + parseAmount(r.Total?.[query.metric]?.Amount);
      }
    }
    if (onPage) await onPage(rowsOf(page));
    token = out.NextPageToken || undefined;
  } while (token);

  const outPeriods: CostPeriod[] = [];
  for (const [start, p] of sortedPeriods(periods)) {
    outPeriods.push({
      start,
      end: p.end,
      estimated: p.estimated,
      total: p.total ?? (onPage ? p.sum : sumAmounts(p.groups.values())),
    });
  }
  return {
    rows: onPage ? [] : rowsOf(periods),
    periods: outPeriods,
    pages,
    accountNames,
  };
}

/** One period of a query being read: its groups (key JSON → amount) and running sums. */
interface PeriodAcc {
  end: string;
  estimated: boolean;
  groups: Map<string, Amount>;
  /** Sum of the groups already handed over page by page. */
  sum: Amount;
  total?: Amount;
}

function accOf(
  periods: Map<string, PeriodAcc>,
  start: string,
  end: string | undefined,
  estimated: boolean,
): PeriodAcc {
  let p = periods.get(start);
  if (!p) {
    p = { end: end ?? start, estimated, groups: new Map(), sum: 0n };
    periods.set(start, p);
  }
  p.estimated = p.estimated || estimated;
  return p;
}

function sortedPeriods(periods: Map<string, PeriodAcc>) {
  return [...periods.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function rowsOf(periods: Map<string, PeriodAcc>): CostRow[] {
  const rows: CostRow[] = [];
  for (const [start, p] of sortedPeriods(periods)) {
    for (const [key, amount] of p.groups) {
      rows.push({
        periodStart: start,
        keys: JSON.parse(key),
        amount,
        estimated: p.estimated,
      });
    }
  }
  return rows;
}

/** A tag group key split on the first `$` (docs/aws-behaviours/fleet.md#tenant-tag-keys): `tenant$acme` → acme; `tenant$` → untagged. */
export interface TagKey {
  tagKey: string;
  /** null for the untagged bucket, never a tenant named "". */
  value: string | null;
}

/**
 * Splits a Cost Explorer TAG group key. Only the first `$` separates key from value (values may
 * contain `$`); tag keys are case-sensitive and kept as they are.
 */
export function splitTagKey(key: string): TagKey {
  const i = key.indexOf('$');
  if (i < 0) return { tagKey: key, value: key === '' ? null : key };
  const value = key.slice(i + 1);
  return { tagKey: key.slice(0, i), value: value === '' ? null : value };
}
