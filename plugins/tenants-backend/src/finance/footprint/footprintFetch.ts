/**
 * Reads the usage lines the footprint classifies: per account, UTC month, SERVICE and — for the
 * services whose class depends on it — USAGE_TYPE, usage + tax only (HEADLINE_FILTER). Cost
 * Explorer groups by two keys at most, so: one query GroupBy LINKED_ACCOUNT, USAGE_TYPE per
 * service that has usage-type rules (filtered to it), and one GroupBy LINKED_ACCOUNT, SERVICE for
 * every other service. docs/aws-behaviours/finance.md#fixed-cost-footprint.
 */
import type {
  CostExplorerClient,
  Expression,
} from '@aws-sdk/client-cost-explorer';
import type { DateRange } from '@tenancy/plugin-tenants-common';
import {
  getCostAndUsage,
  HEADLINE_FILTER,
  type CostRow,
} from '../../spend/costExplorer';
import type { CostClassRule } from './costClasses';
import type { UsageCost } from './footprint';

/** The services whose rules look at the usage type. */
export function usageTypeServices(rules: readonly CostClassRule[]): string[] {
  return [
    ...new Set(rules.filter(r => r.usageType).map(r => r.service)),
  ].sort();
}

/**
 * The usage lines of every account over `range` (whole UTC months, end exclusive).
 * With `onLines`, each Cost Explorer page's lines are handed over (awaited) as the page is read
 * and `lines` is empty: memory holds one page, not the three months' lines of every account.
 * @returns the lines (none with `onLines`) and the Cost Explorer pages read
 * @throws what {@link getCostAndUsage} throws
 */
export async function fetchUsageLines(
  ce: CostExplorerClient,
  rules: readonly CostClassRule[],
  range: DateRange,
  metric: string,
  onLines?: (lines: UsageCost[]) => void | Promise<void>,
): Promise<{ lines: UsageCost[]; pages: number }> {
  const split = usageTypeServices(rules);
  const and = (e: Expression): Expression => ({ And: [HEADLINE_FILTER, e] });
  const serviceIs = (values: string[]): Expression => ({
    Dimensions: { Key: 'SERVICE', Values: values },
  });
  const lines: UsageCost[] = [];
  let pages = 0;
  const read = async (
    filter: Expression,
    second: 'SERVICE' | 'USAGE_TYPE',
    service?: string,
  ) => {
    const lineOf = (r: CostRow): UsageCost => ({
      accountId: r.keys[0],
      month: r.periodStart.slice(0, 7),
      service: service ?? r.keys[1],
      usageType: service ? r.keys[1] : '',
      amount: r.amount,
    });
    const res = await getCostAndUsage(
      ce,
      {
        range,
        granularity: 'MONTHLY',
        metric,
        groupBy: [
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
          { Type: 'DIMENSION', Key: second },
        ],
        filter,
      },
      onLines ? async rows => onLines(rows.map(lineOf)) : undefined,
    );
    pages += res.pages;
    for (const r of res.rows) lines.push(lineOf(r));
  };
  for (const service of split)
    await read(and(serviceIs([service])), 'USAGE_TYPE', service);
  await read(
    split.length ? and({ Not: serviceIs(split) }) : HEADLINE_FILTER,
    'SERVICE',
  );
  return { lines, pages };
}
