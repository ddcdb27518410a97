import {
  CostExplorerClient,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { getCostAndUsage, HEADLINE_FILTER, CostRow } from './costExplorer';
import {
  addDays,
  addMonths,
  DateRange,
  monthOf,
  monthRange,
  monthsBetween,
  monthToDate,
} from '@tenancy/plugin-tenants-common';
import { HISTORY_MONTHS, SpendFact } from './spendModel';
import type { TagStatus } from './fleetModel';

/** A replaced slice of the fact table: every fact of `dimension` whose period starts in `range`. */
export interface SpendSlice {
  dimension: SpendFact['dimension'];
  granularity: SpendFact['granularity'];
  range: DateRange;
  facts: SpendFact[];
}

/** What one spend fetch produced. */
export interface SpendFetchResult {
  /** The slices read, in order, unless a sink took them. */
  slices: SpendSlice[];
  /** Closed months fetched now and never again. */
  closedMonthsFetched: string[];
  /** Last day of the daily range read (today, UTC). */
  dailyThrough: string;
  tagStatus: TagStatus;
}

/** Options of {@link fetchSpend}. */
export interface SpendFetchOptions {
  now: Date;
  /** Cost Explorer metric, default `AmortizedCost`. */
  metric: string;
  /** Cost-allocation tag naming the tenant, default `tenant` (case-sensitive). */
  tagKey: string;
  /** Account ids of the tenants (everything else is shared/unallocated). */
  tenantAccountIds: Set<string>;
  /** Closed months (`YYYY-MM`) already stored for this metric: not fetched again. */
  cachedClosedMonths: Set<string>;
  /**
   * Last day (`YYYY-MM-DD`) whose daily amounts are stored; daily data is then re-read from two
   * days before it (Cost Explorer revises recent days). Undefined: from the previous month's start.
   */
  dailyStoredThrough?: string;
  /**
   * From this day of the month on, the previous month counts as closed (its invoice is final) and
   * is fetched once more, then never again. Default 5.
   */
  closeAfterDay?: number;
}

const ACCOUNT = { Type: 'DIMENSION' as const, Key: 'LINKED_ACCOUNT' };

function toFacts(
  rows: CostRow[],
  granularity: SpendFact['granularity'],
  dimension: SpendFact['dimension'],
  keyOf: (keys: string[]) => { accountId: string; key: string },
): SpendFact[] {
  return rows.map(r => ({
    granularity,
    dimension,
    periodStart: r.periodStart,
    amount: r.amount,
    estimated: r.estimated,
    ...keyOf(r.keys),
  }));
}

/**
 * Reads the organization's spend from Cost Explorer (payer account) with the fewest calls:
 *
 * 1. MONTHLY by LINKED_ACCOUNT × RECORD_TYPE (record types kept apart, docs/aws-behaviours/fleet.md#credits-and-refunds)
 * 2. MONTHLY by LINKED_ACCOUNT × SERVICE, usage + tax only
 * 3. DAILY by LINKED_ACCOUNT, usage + tax, previous and current month (trend, forecast, change),
 *    only from two days before the last stored day once stored
 * 4. MONTHLY by TAG `tenant` × LINKED_ACCOUNT for the non-tenant accounts only (shared vs
 *    unallocated, docs/aws-behaviours/fleet.md#tenant-tag-keys), skipped when the tag is inactive
 * plus one ListCostAllocationTags. Monthly queries start at the oldest closed month not yet
 * stored; the current month (and the previous one until its invoice is final, day
 * `closeAfterDay`) is re-read every time. In steady state that is ⌈N·S/P⌉ + ⌈N·R/P⌉ + a few pages.
 * Every page of every query is followed.
 */
export async function fetchSpend(
  client: CostExplorerClient,
  options: SpendFetchOptions,
  sink?: (slice: SpendSlice) => Promise<void>,
): Promise<SpendFetchResult> {
  const { now, metric } = options;
  const current = monthOf(now);
  const previous = addMonths(current, -1);
  const mtd = monthToDate(now);
  const previousClosed = mtd.completeDays + 1 >= (options.closeAfterDay ?? 5);
  const closed: string[] = [];
  for (let i = HISTORY_MONTHS - 1; i >= (previousClosed ? 1 : 2); i--) {
    const m = addMonths(current, -i);
    if (!options.cachedClosedMonths.has(m)) closed.push(m);
  }
  const firstOpen = previousClosed ? current : previous;
  const monthlyRange: DateRange = {
    start: `${closed[0] ?? firstOpen}-01`,
    end: mtd.end,
  };
  const stored = options.dailyStoredThrough;
  const dailyStart =
    stored && addDays(stored, -2) > `${previous}-01`
      ? addDays(stored, -2)
      : `${previous}-01`;
  const dailyRange: DateRange = {
    start: dailyStart < mtd.end ? dailyStart : `${previous}-01`,
    end: mtd.end,
  };

  const tagStatusPromise = client
    .send(
      new ListCostAllocationTagsCommand({
        TagKeys: [options.tagKey],
        MaxResults: 100,
      }),
    )
    .then(out => {
      const tag = out.CostAllocationTags?.find(
        t => t.TagKey === options.tagKey,
      );
      if (!tag) return 'inactive' as TagStatus;
      return (tag.Status === 'Active' ? 'active' : 'inactive') as TagStatus;
    })
    .catch(() => 'unknown' as TagStatus);

  const slices: SpendSlice[] = [];
  const emit = async (slice: SpendSlice) => {
    if (sink) await sink(slice);
    else slices.push(slice);
  };
  const accountKeys = (k: string[]) => ({ accountId: k[0], key: k[1] ?? '' });
  const seenAccounts = new Set<string>();
  // Monthly data in chunks of months sized so one chunk's rows stay ~≤ 300,000 (memory at N =
  // 10,000); each chunk is written before the next is read. Costs at most one page per chunk.
  const months = monthsBetween(monthOf(monthlyRange.start), current);
  const perChunk = Math.max(
    1,
    Math.floor(300_000 / (30 * (options.tenantAccountIds.size + 10))),
  );
  for (let i = 0; i < months.length; i += perChunk) {
    const chunkMonths = months.slice(i, i + perChunk);
    const range: DateRange = {
      start: `${chunkMonths[0]}-01`,
      end:
        i + perChunk >= months.length
          ? mtd.end
          : monthRange(chunkMonths[chunkMonths.length - 1]).end,
    };
    const [byRecordType, byService] = await Promise.all([
      getCostAndUsage(client, {
        range,
        granularity: 'MONTHLY',
        metric,
        groupBy: [ACCOUNT, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }],
      }),
      getCostAndUsage(client, {
        range,
        granularity: 'MONTHLY',
        metric,
        groupBy: [ACCOUNT, { Type: 'DIMENSION', Key: 'SERVICE' }],
        filter: HEADLINE_FILTER,
      }),
    ]);
    byRecordType.rows.forEach(r => seenAccounts.add(r.keys[0]));
    await emit({
      dimension: 'RECORD_TYPE',
      granularity: 'MONTHLY',
      range,
      facts: toFacts(byRecordType.rows, 'MONTHLY', 'RECORD_TYPE', accountKeys),
    });
    await emit({
      dimension: 'SERVICE',
      granularity: 'MONTHLY',
      range,
      facts: toFacts(byService.rows, 'MONTHLY', 'SERVICE', accountKeys),
    });
  }
  const [daily, tagStatus] = await Promise.all([
    getCostAndUsage(client, {
      range: dailyRange,
      granularity: 'DAILY',
      metric,
      groupBy: [ACCOUNT],
      filter: HEADLINE_FILTER,
    }),
    tagStatusPromise,
  ]);
  await emit({
    dimension: 'TOTAL',
    granularity: 'DAILY',
    range: dailyRange,
    facts: toFacts(daily.rows, 'DAILY', 'TOTAL', k => ({
      accountId: k[0],
      key: '',
    })),
  });

  const nonTenant = [...seenAccounts]
    .filter(a => !options.tenantAccountIds.has(a))
    .sort();
  const tagFacts: SpendFact[] = [];
  if (nonTenant.length && tagStatus !== 'inactive') {
    const tagged = await getCostAndUsage(client, {
      range: monthlyRange,
      granularity: 'MONTHLY',
      metric,
      groupBy: [{ Type: 'TAG', Key: options.tagKey }, ACCOUNT],
      filter: {
        And: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: nonTenant } },
          HEADLINE_FILTER,
        ],
      },
    });
    tagFacts.push(
      ...toFacts(tagged.rows, 'MONTHLY', 'TAG', k => {
        const j = k[0].indexOf('$');
        return { accountId: k[1], key: j < 0 ? k[0] : k[0].slice(j + 1) };
      }),
    );
  }
  await emit({
    dimension: 'TAG',
    granularity: 'MONTHLY',
    range: monthlyRange,
    facts: tagFacts,
  });
  return {
    slices,
    closedMonthsFetched: closed,
    tagStatus,
    dailyThrough: addDays(mtd.end, -1),
  };
}
