/**
 * The fixed-cost footprint: per tenant and month, how much of the spend is always-on (billed
 * whether or not anyone uses the tenant) and the fleet's tenants with the largest always-on
 * spend. Amounts are exact ({@link Amount}, USD); see docs/aws-behaviours/finance.md.
 */
import { Amount, compareDesc, formatUsd } from '../../spend/money';
import { classify, CostClass, CostClassRule } from './costClasses';

/** One Cost Explorer line: usage + tax of one account, UTC month, SERVICE and USAGE_TYPE. */
export interface UsageCost {
  accountId: string;
  /** `YYYY-MM` (UTC) */
  month: string;
  service: string;
  /** Cost Explorer USAGE_TYPE, `''` when grouped by service only. */
  usageType: string;
  amount: Amount;
}

/** One tenant-month of the footprint (USD decimal strings). */
export interface FootprintMonth {
  month: string;
  alwaysOn: string;
  usageBased: string;
  unclassified: string;
  total: string;
  /** alwaysOn / total, 4 decimals; null when the total is not positive. */
  alwaysOnShare: number | null;
  /** Change of the share from the previous month, 4 decimals; null without a previous share. */
  shareChange: number | null;
}

/** One always-on spend line of a tenant-month: what the always-on spend is. */
export interface AlwaysOnItem {
  service: string;
  usageType: string;
  amount: string;
  why: string;
}

/** A row of the fleet view: a tenant's always-on spend in one month and its largest items. */
export interface FleetFootprintRow {
  tenantId: string;
  accountId: string;
  alwaysOn: string;
  alwaysOnShare: number | null;
  items: AlwaysOnItem[];
}

/** `numerator / denominator` to 4 decimals (half away from zero); null when denominator ≤ 0. */
export function ratio4(numerator: Amount, denominator: Amount): number | null {
  if (denominator <= 0n) return null;
  const scaled = (numerator * 100000n) / denominator;
  const rounded = scaled >= 0n ? (scaled + 5n) / 10n : (scaled - 5n) / 10n;
  return Number(rounded) / 10000;
}

type ClassSums = Record<CostClass, Amount>;

/** One account-month of usage lines, folded: the sums by class and the always-on items. */
export interface AccountMonthUsage {
  sums: ClassSums;
  /** Always-on amounts by `JSON.stringify([service, usageType])`. */
  items: Map<string, Amount>;
}

/**
 * Usage lines folded per account and UTC month (see {@link foldUsage}): what the footprint, the
 * fleet footprint and the unit cost need, without the lines themselves — a few sums per
 * account-month instead of one entry per service and usage type (docs/memory.md).
 */
export type UsageByAccount = Map<string, Map<string, AccountMonthUsage>>;

/**
 * Adds one usage line to `into` (its account-month's class sum and, when always-on, its item).
 * Sums are exact; the order lines arrive in does not matter, and a group Cost Explorer split
 * over two pages adds up as one.
 */
export function foldUsage(
  rules: readonly CostClassRule[],
  into: UsageByAccount,
  l: UsageCost,
): void {
  let months = into.get(l.accountId);
  if (!months) {
    months = new Map();
    into.set(l.accountId, months);
  }
  let m = months.get(l.month);
  if (!m) {
    m = {
      sums: { 'always-on': 0n, 'usage-based': 0n, unclassified: 0n },
      items: new Map(),
    };
    months.set(l.month, m);
  }
  const c = classify(rules, l.service, l.usageType).class;
  m.sums[c] += l.amount;
  if (c === 'always-on') {
    const key = JSON.stringify([l.service, l.usageType]);
    m.items.set(key, (m.items.get(key) ?? 0n) + l.amount);
  }
}

/** Usage lines folded ({@link foldUsage}). */
export function foldUsageLines(
  rules: readonly CostClassRule[],
  lines: readonly UsageCost[],
): UsageByAccount {
  const out: UsageByAccount = new Map();
  for (const l of lines) foldUsage(rules, out, l);
  return out;
}

/** An account-month's usage total (every class), USD. */
export function usageTotal(m: AccountMonthUsage | undefined): Amount {
  return m
    ? m.sums['always-on'] + m.sums['usage-based'] + m.sums.unclassified
    : 0n;
}

/**
 * The footprint of one account, month by month (oldest first), from its usage lines.
 * Credits and refunds are not usage lines and are not counted (the spend headline rule).
 */
export function tenantFootprint(
  rules: readonly CostClassRule[],
  lines: readonly UsageCost[],
): FootprintMonth[] {
  const one: UsageByAccount = new Map();
  for (const l of lines) foldUsage(rules, one, { ...l, accountId: '' });
  return footprintOf(one.get(''));
}

/** The footprint of one account from its folded usage, month by month (oldest first). */
export function footprintOf(
  months: ReadonlyMap<string, AccountMonthUsage> | undefined,
): FootprintMonth[] {
  let previous: number | null = null;
  return [...(months?.keys() ?? [])].sort().map(month => {
    const s = months!.get(month)!.sums;
    const total = s['always-on'] + s['usage-based'] + s.unclassified;
    const share = ratio4(s['always-on'], total);
    const change =
      share !== null && previous !== null
        ? Math.round((share - previous) * 10000) / 10000
        : null;
    previous = share;
    return {
      month,
      alwaysOn: formatUsd(s['always-on']),
      usageBased: formatUsd(s['usage-based']),
      unclassified: formatUsd(s.unclassified),
      total: formatUsd(total),
      alwaysOnShare: share,
      shareChange: change,
    };
  });
}

/**
 * The tenants with the largest always-on spend in `month`, largest first (ties by tenant id),
 * each with its always-on lines largest first (at most `itemsPerTenant`).
 *
 * @param tenants - tenant id by account id; lines of other accounts are ignored
 */
export function fleetFootprint(
  rules: readonly CostClassRule[],
  lines: readonly UsageCost[],
  tenants: ReadonlyMap<string, string>,
  month: string,
  limit = 20,
  itemsPerTenant = 3,
): FleetFootprintRow[] {
  return fleetFootprintOf(
    rules,
    foldUsageLines(rules, lines),
    tenants,
    month,
    limit,
    itemsPerTenant,
  );
}

/** {@link fleetFootprint} of folded usage. */
export function fleetFootprintOf(
  rules: readonly CostClassRule[],
  usage: UsageByAccount,
  tenants: ReadonlyMap<string, string>,
  month: string,
  limit = 20,
  itemsPerTenant = 3,
): FleetFootprintRow[] {
  const rows: Array<{
    accountId: string;
    tenantId: string;
    alwaysOn: Amount;
    total: Amount;
    items: Map<string, Amount>;
  }> = [];
  for (const [accountId, months] of usage) {
    const m = months.get(month);
    const tenantId = tenants.get(accountId);
    if (!m || tenantId === undefined || m.sums['always-on'] <= 0n) continue;
    rows.push({
      accountId,
      tenantId,
      alwaysOn: m.sums['always-on'],
      total: usageTotal(m),
      items: m.items,
    });
  }
  return rows
    .sort(
      (x, y) =>
        compareDesc(x.alwaysOn, y.alwaysOn) ||
        x.tenantId.localeCompare(y.tenantId),
    )
    .slice(0, limit)
    .map(r => ({
      tenantId: r.tenantId,
      accountId: r.accountId,
      alwaysOn: formatUsd(r.alwaysOn),
      alwaysOnShare: ratio4(r.alwaysOn, r.total),
      items: [...r.items.entries()]
        .sort((x, y) => compareDesc(x[1], y[1]) || x[0].localeCompare(y[0]))
        .slice(0, itemsPerTenant)
        .map(([key, amount]) => {
          const [service, usageType] = JSON.parse(key) as [string, string];
          return {
            service,
            usageType,
            amount: formatUsd(amount),
            why: classify(rules, service, usageType).why ?? '',
          };
        }),
    }));
}
