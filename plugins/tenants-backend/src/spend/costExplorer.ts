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
 * a token (docs/aws-behaviours/fleet.md#every-page). `ResultsByTime` entries are merged by period start across pages (a period's
 * groups may span pages); period totals are sums of their groups, because Cost Explorer leaves
 * `Total` empty when grouping (docs/aws-behaviours/fleet.md#grouped-results-have-no-total).
 *
 * @throws InputError when more than two group definitions are given or the range is empty.
 */
export async function getCostAndUsage(
  client: CostExplorerClient,
  query: CostQuery,
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
  const periods = new Map<
    string,
    {
      end: string;
      estimated: boolean;
      groups: Map<string, Amount>;
      total?: Amount;
    }
  >();
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
    for (const r of out.ResultsByTime ?? []) {
      const start = r.TimePeriod?.Start;
      if (!start) continue;
      let p = periods.get(start);
      if (!p) {
        p = {
          end: r.TimePeriod?.End ?? start,
          estimated: Boolean(r.Estimated),
          groups: new Map(),
        };
        periods.set(start, p);
      }
      p.estimated = p.estimated || Boolean(r.Estimated);
      for (const g of r.Groups ?? []) {
        const key = JSON.stringify(g.Keys ?? []);
        const amount = parseAmount(g.Metrics?.[query.metric]?.Amount);
        p.groups.set(key, (p.groups.get(key) ?? 0n) + amount);
      }
      if (!query.groupBy.length) {
        p.total =
          (p.total ?? 0n) + parseAmount(r.Total?.[query.metric]?.Amount);
      }
    }
    token = out.NextPageToken || undefined;
  } while (token);

  const rows: CostRow[] = [];
  const outPeriods: CostPeriod[] = [];
  for (const [start, p] of [...periods.entries()].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    for (const [key, amount] of p.groups) {
      rows.push({
        periodStart: start,
        keys: JSON.parse(key),
        amount,
        estimated: p.estimated,
      });
    }
    outPeriods.push({
      start,
      end: p.end,
      estimated: p.estimated,
      total: p.total ?? sumAmounts(p.groups.values()),
    });
  }
  return { rows, periods: outPeriods, pages };
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
