/**
 * Reads one month's chargeback lines from Cost Explorer (payer account), only once the month is
 * final: Cost Explorer answers `Estimated: false` for it. docs/aws-behaviours/finance.md#month-finalization.
 */
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { addMonths } from '@tenancy/plugin-tenants-common';
import { getCostAndUsage, HEADLINE_FILTER } from '../../spend/costExplorer';
import type { Amount } from '../../spend/money';
import type { StagedLine } from '../FinanceStore';

/** The metrics behind FOCUS BilledCost and EffectiveCost. */
export const BILLED_METRIC = 'UnblendedCost';
export const EFFECTIVE_METRIC = 'AmortizedCost';

/** What a month's read found (its lines were handed to the caller page by page). */
export type ChargebackFetch =
  | { final: false; pages: number }
  | {
      final: true;
      orgBilled: Amount;
      orgEffective: Amount;
      pages: number;
      /**
       * Every account's name as Cost Explorer gives it (`DimensionValueAttributes` of the
       * LINKED_ACCOUNT grouping): names the accounts that are no tenant (management, shared).
       */
      accountNames: Map<string, string>;
    };

/**
 * Reads the month `YYYY-MM`: first its ungrouped usage + tax total (UnblendedCost), whose
 * `Estimated` flag says whether the month is final; when it is, the record types present
 * (GroupBy LINKED_ACCOUNT, RECORD_TYPE) and, per record type, GroupBy LINKED_ACCOUNT, SERVICE
 * for both metrics (Cost Explorer groups by at most two keys, so account × service × record
 * type is split by a RECORD_TYPE filter), and the ungrouped AmortizedCost total.
 *
 * The lines are never held whole: each Cost Explorer page's lines are handed to `onLines` (and
 * awaited) before the next page is read; a key may come on several pages (the reader sums).
 *
 * @param onLines - takes one page's lines (the generation stages them in the database)
 * @throws what {@link getCostAndUsage} throws (the caller maps AWS errors)
 */
export async function fetchChargebackMonth(
  ce: CostExplorerClient,
  month: string,
  onLines: (lines: StagedLine[]) => Promise<void>,
): Promise<ChargebackFetch> {
  const range = { start: `${month}-01`, end: `${addMonths(month, 1)}-01` };
  const monthly = { range, granularity: 'MONTHLY' as const };
  const total = await getCostAndUsage(ce, {
    ...monthly,
    metric: BILLED_METRIC,
    groupBy: [],
    filter: HEADLINE_FILTER,
  });
  let pages = total.pages;
  const period = total.periods[0];
  if (!period || period.estimated) return { final: false, pages };

  const recordTypeSet = new Set<string>();
  const types = await getCostAndUsage(
    ce,
    {
      ...monthly,
      metric: BILLED_METRIC,
      groupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
    },
    async rows => {
      for (const r of rows) recordTypeSet.add(r.keys[1]);
    },
  );
  pages += types.pages;
  for (const recordType of [...recordTypeSet].sort()) {
    for (const metric of [BILLED_METRIC, EFFECTIVE_METRIC]) {
      const res = await getCostAndUsage(
        ce,
        {
          ...monthly,
          metric,
          groupBy: [
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
          ],
          filter: { Dimensions: { Key: 'RECORD_TYPE', Values: [recordType] } },
        },
        rows =>
          onLines(
            rows.map(r => ({
              accountId: r.keys[0],
              service: r.keys[1],
              recordType,
              metric,
              amount: r.amount,
            })),
          ),
      );
      pages += res.pages;
    }
  }
  const effectiveTotal = await getCostAndUsage(ce, {
    ...monthly,
    metric: EFFECTIVE_METRIC,
    groupBy: [],
    filter: HEADLINE_FILTER,
  });
  pages += effectiveTotal.pages;
  return {
    final: true,
    orgBilled: period.total,
    orgEffective: effectiveTotal.periods[0]?.total ?? 0n,
    pages,
    accountNames: types.accountNames,
  };
}

/**
 * The closed months whose report is due: months before the current UTC month, newest first,
 * from `oldest` (`YYYY-MM`), minus those already stored. The current month is never final.
 */
export function monthsDue(
  today: string,
  oldest: string,
  stored: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (
    let m = addMonths(today.slice(0, 7), -1);
    m >= oldest;
    m = addMonths(m, -1)
  ) {
    if (!stored.has(m)) out.push(m);
  }
  return out;
}
