import {
  CostExplorerClient,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import type { Expression } from '@aws-sdk/client-cost-explorer';
import {
  getCostAndUsage,
  HEADLINE_FILTER,
  CostQuery,
  CostResult,
  CostRow,
} from './costExplorer';
import {
  addDays,
  addMonths,
  DateRange,
  monthOf,
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

/** Where {@link fetchSpend} writes one slice, page by page. */
export interface SpendSliceWriter {
  /** Adds one page's facts (awaited before the next page is read). */
  add(facts: SpendFact[]): Promise<void>;
  /** Replaces the stored slice (every fact of its dimension in its range) by the facts added. */
  commit(): Promise<void>;
  /** Drops the facts added: the part failed and its stored values stay. */
  discard(): Promise<void>;
}

/** Opens the writer of one slice (see {@link SpendSliceWriter}). */
export type SpendSink = (
  slice: Omit<SpendSlice, 'facts'>,
) => Promise<SpendSliceWriter>;

/**
 * The parts of the spend snapshot, one per Cost Explorer query: each fails alone, keeping its
 * last stored values (docs/aws-behaviours/fleet.md#one-failed-query-fails-one-part).
 */
export const SPEND_PARTS = {
  recordTypes: 'monthly amounts by record type (usage, tax, credits, refunds)',
  services: 'monthly amounts by service',
  organizationTotal: 'the organization total',
  daily: 'daily amounts (trend, forecast, change)',
  tags: 'shared and unallocated spend (tenant tag)',
} as const;

/** A part of the spend snapshot. */
export type SpendPart = keyof typeof SPEND_PARTS;

/** What one spend fetch produced. */
export interface SpendFetchResult {
  /** The slices read (record types, services, total, daily, tags), unless a sink took them. */
  slices: SpendSlice[];
  /** Closed months fetched now and never again (those whose every monthly part succeeded). */
  closedMonthsFetched: string[];
  /** Last day of the daily range read (today, UTC); undefined when the daily part failed. */
  dailyThrough: string | undefined;
  tagStatus: TagStatus;
  /** The parts whose query failed, with the error (`Name: message`); the others succeeded. */
  failed: Partial<Record<SpendPart, string>>;
}

/** `Name: message` of an error, for a person. */
export function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string };
  const name = err?.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return `${name}${err?.message ?? String(e)}`;
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
  /** The refresh's abort signal: an abort is rethrown, never recorded as a part's failure. */
  signal?: AbortSignal;
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
 * 5. MONTHLY ungrouped, usage + tax: the organization total, which the LINKED_ACCOUNT groups may
 *    add to less than (docs/aws-behaviours/fleet.md#the-total-is-the-total)
 * plus one ListCostAllocationTags. Each query is one part of the snapshot: a failed query (e.g.
 * DataUnavailableException) is reported in `failed` and its slices are not replaced, so its last
 * values stay; the other parts are read and written as usual. Monthly queries start at the oldest closed month not yet
 * stored; the current month (and the previous one until its invoice is final, day
 * `closeAfterDay`) is re-read every time. In steady state that is ⌈N·S/P⌉ + ⌈N·R/P⌉ + a few pages.
 * Every page of every query is followed.
 */
export async function fetchSpend(
  client: CostExplorerClient,
  options: SpendFetchOptions,
  sink?: SpendSink,
): Promise<SpendFetchResult> {
  const { now, metric } = options;
  const current = monthOf(now);
  const previous = addMonths(current, -1);
  const mtd = monthToDate(now);
  const previousClosed = mtd.completeDays + 1 >= (options.closeAfterDay ?? 5);
  const closedWanted: string[] = [];
  for (let i = HISTORY_MONTHS - 1; i >= (previousClosed ? 1 : 2); i--) {
    const m = addMonths(current, -i);
    if (!options.cachedClosedMonths.has(m)) closedWanted.push(m);
  }
  const firstOpen = previousClosed ? current : previous;
  const monthlyRange: DateRange = {
    start: `${closedWanted[0] ?? firstOpen}-01`,
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
  const open: SpendSink =
    sink ??
    (async slice => {
      const facts: SpendFact[] = [];
      return {
        add: async page => {
          facts.push(...page);
        },
        commit: async () => {
          slices.push({ ...slice, facts });
        },
        discard: async () => {},
      };
    });
  const failed: SpendFetchResult['failed'] = {};
  /**
   * Reads one part's query into its slice page by page; the slice replaces the stored one when
   * every page was read. A failure is recorded against the part and its slice is discarded.
   */
  const part = async (
    name: SpendPart,
    slice: Omit<SpendSlice, 'facts'>,
    query: CostQuery | undefined,
    toPage: (rows: CostRow[]) => SpendFact[],
    more: (result: CostResult) => SpendFact[] = () => [],
  ): Promise<CostResult | undefined> => {
    if (failed[name]) return undefined;
    let writer: SpendSliceWriter | undefined;
    try {
      writer = await open(slice);
      const w = writer;
      const result = query
        ? await getCostAndUsage(client, query, rows => w.add(toPage(rows)))
        : undefined;
      if (result) await w.add(more(result));
      await w.commit();
      return result;
    } catch (e) {
      await writer?.discard();
      if (options.signal?.aborted) throw e;
      failed[name] = describeError(e);
      return undefined;
    }
  };
  const accountKeys = (k: string[]) => ({ accountId: k[0], key: k[1] ?? '' });
  const seenAccounts = new Set<string>();
  const monthly = (
    groupBy: CostQuery['groupBy'],
    filter?: Expression,
  ): CostQuery => ({
    range: monthlyRange,
    granularity: 'MONTHLY',
    metric,
    groupBy,
    filter,
  });
  const slice = (dimension: SpendFact['dimension']) => ({
    dimension,
    granularity: 'MONTHLY' as const,
    range: monthlyRange,
  });
  // Every monthly month in one query per part, streamed page by page into the store.
  const [byRecordType, byService, total] = await Promise.all([
    part(
      'recordTypes',
      slice('RECORD_TYPE'),
      monthly([ACCOUNT, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }]),
      rows => {
        rows.forEach(r => seenAccounts.add(r.keys[0]));
        return toFacts(rows, 'MONTHLY', 'RECORD_TYPE', accountKeys);
      },
    ),
    part(
      'services',
      slice('SERVICE'),
      monthly(
        [ACCOUNT, { Type: 'DIMENSION', Key: 'SERVICE' }],
        HEADLINE_FILTER,
      ),
      rows => toFacts(rows, 'MONTHLY', 'SERVICE', accountKeys),
    ),
    part(
      'organizationTotal',
      slice('ORG_TOTAL'),
      monthly([], HEADLINE_FILTER),
      () => [],
      result =>
        result.periods.map(p => ({
          granularity: 'MONTHLY' as const,
          dimension: 'ORG_TOTAL' as const,
          periodStart: p.start,
          accountId: '',
          key: '',
          amount: p.total,
          estimated: p.estimated,
        })),
    ),
  ]);
  const closed = byRecordType && byService && total ? closedWanted : [];
  const [daily, tagStatus] = await Promise.all([
    part(
      'daily',
      { dimension: 'TOTAL', granularity: 'DAILY', range: dailyRange },
      {
        range: dailyRange,
        granularity: 'DAILY',
        metric,
        groupBy: [ACCOUNT],
        filter: HEADLINE_FILTER,
      },
      rows =>
        toFacts(rows, 'DAILY', 'TOTAL', k => ({ accountId: k[0], key: '' })),
    ),
    tagStatusPromise,
  ]);

  // The non-tenant accounts come from the record-type query: without it, shared and
  // unallocated keep their last values rather than being computed from part of the accounts.
  if (failed.recordTypes) {
    failed.tags = `not read: it needs the accounts of the monthly query, which failed (${failed.recordTypes})`;
  }
  const nonTenant = [...seenAccounts]
    .filter(a => !options.tenantAccountIds.has(a))
    .sort();
  await part(
    'tags',
    slice('TAG'),
    nonTenant.length && tagStatus !== 'inactive'
      ? monthly([{ Type: 'TAG', Key: options.tagKey }, ACCOUNT], {
          And: [
            { Dimensions: { Key: 'LINKED_ACCOUNT', Values: nonTenant } },
            HEADLINE_FILTER,
          ],
        })
      : undefined,
    rows =>
      toFacts(rows, 'MONTHLY', 'TAG', k => {
        const j = k[0].indexOf('$');
        return { accountId: k[1], key: j < 0 ? k[0] : k[0].slice(j + 1) };
      }),
  );
  const order = ['RECORD_TYPE', 'SERVICE', 'ORG_TOTAL', 'TOTAL', 'TAG'];
  slices.sort(
    (a, b) => order.indexOf(a.dimension) - order.indexOf(b.dimension),
  );
  return {
    slices,
    closedMonthsFetched: closed,
    tagStatus,
    dailyThrough: daily ? addDays(mtd.end, -1) : undefined,
    failed,
  };
}
