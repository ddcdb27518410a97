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

/**
 * The footprint of one account, month by month (oldest first), from its usage lines.
 * Credits and refunds are not usage lines and are not counted (the spend headline rule).
 */
export function tenantFootprint(
  rules: readonly CostClassRule[],
  lines: readonly UsageCost[],
): FootprintMonth[] {
  const byMonth = new Map<string, ClassSums>();
  for (const l of lines) {
    const sums = byMonth.get(l.month) ?? {
      'always-on': 0n,
      'usage-based': 0n,
      unclassified: 0n,
    };
    sums[classify(rules, l.service, l.usageType).class] += l.amount;
    byMonth.set(l.month, sums);
  }
  let previous: number | null = null;
  return [...byMonth.keys()].sort().map(month => {
    const s = byMonth.get(month)!;
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
  const acc = new Map<
    string,
    { alwaysOn: Amount; total: Amount; items: Map<string, Amount> }
  >();
  const whyOf = new Map<string, string>();
  for (const l of lines) {
    if (l.month !== month || !tenants.has(l.accountId)) continue;
    const a = acc.get(l.accountId) ?? {
      alwaysOn: 0n,
      total: 0n,
      items: new Map(),
    };
    a.total += l.amount;
    const c = classify(rules, l.service, l.usageType);
    if (c.class === 'always-on') {
      a.alwaysOn += l.amount;
      const key = JSON.stringify([l.service, l.usageType]);
      a.items.set(key, (a.items.get(key) ?? 0n) + l.amount);
      whyOf.set(key, c.why ?? '');
    }
    acc.set(l.accountId, a);
  }
  return [...acc.entries()]
    .filter(([, a]) => a.alwaysOn > 0n)
    .map(([accountId, a]) => ({
      accountId,
      tenantId: tenants.get(accountId)!,
      ...a,
    }))
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
            why: whyOf.get(key)!,
          };
        }),
    }));
}
