import type {
  FleetSpend,
  SpendStalePart,
} from '@tenancy/plugin-tenants-common';
import { noBillingDataReason, spendChange } from './spendRules';
import {
  Amount,
  changeRatio,
  compareDesc,
  formatUsd,
  fromCents,
  amountToCents,
} from './money';
import {
  addMonths,
  monthOf,
  NO_LINKED_ACCOUNT,
} from '@tenancy/plugin-tenants-common';
import {
  bucketsByMonth,
  dailyTotals,
  headline,
  previousSamePeriod,
  SpendFact,
} from './spendModel';

/** A tenant and its account, for allocation. */
export interface TenantAccount {
  tenantId: string;
  accountId: string;
  /** When the account joined the organization (ISO-8601 UTC); absent in older snapshots. */
  joinedAt?: string;
}

/** Whether the `tenant` cost-allocation tag is active in the payer account. */
export type TagStatus = 'active' | 'inactive' | 'unknown';

/** FleetSpend plus how the tenant tag was found. @public */
export type FleetSpendView = FleetSpend & {
  tenantTagStatus: TagStatus;
};

function byAccount(facts: SpendFact[]): Map<string, SpendFact[]> {
  const out = new Map<string, SpendFact[]>();
  for (const f of facts) {
    if (f.dimension === 'ORG_TOTAL') continue;
    const list = out.get(f.accountId) ?? [];
    list.push(f);
    out.set(f.accountId, list);
  }
  return out;
}

/**
 * Builds the finance view of one month from the stored facts of every account.
 *
 * Allocation (all amounts usage + tax, docs/aws-behaviours/fleet.md#credits-and-refunds): a
 * tenant's amount is the spend of its account; spend of non-tenant accounts is `shared` when it
 * carries a `tenant` tag value and `unallocated` when untagged (`tenant$`,
 * docs/aws-behaviours/fleet.md#tenant-tag-keys) or when the tag is inactive. The `total` is Cost
 * Explorer's ungrouped total of the month (the `ORG_TOTAL` fact), which the LINKED_ACCOUNT groups
 * may add to less than: the difference is `notAttributed`, its own line
 * (docs/aws-behaviours/fleet.md#the-total-is-the-total). Without an `ORG_TOTAL` fact (a month
 * stored before it was read) the total is the groups' sum and `notAttributed` 0.00.
 *
 * By construction `tenantsTotal + shared + unallocated + notAttributed = total` to the cent: each
 * tenant's amount is rounded to cents and `tenantsTotal` is their sum; `total`, the groups' sum
 * and `shared` are rounded from exact sums; `notAttributed` = total − groups' sum and
 * `unallocated` = groups' sum − tenants − shared, in cents (it absorbs sub-cent rounding).
 *
 * `byService` holds the SERVICE facts (grouped by LINKED_ACCOUNT × SERVICE) plus, when not 0.00,
 * `notAttributed` as the row {@link NO_LINKED_ACCOUNT}, so that its rows add to the total.
 *
 * For the current month the previous amounts cover the same days of the previous month. For the
 * oldest stored month (`previousKnown: false`) no previous month is stored: the previous amounts
 * are null (never 0.00), every change is `unknown` and there are no movers (docs/aws-behaviours/fleet.md#change-needs-a-previous-value).
 */
export function buildFleetSpend(options: {
  facts: SpendFact[];
  tenants: TenantAccount[];
  month: string;
  now: Date;
  metric: string;
  tagStatus: TagStatus;
  moversLimit?: number;
  /** False when the month before `month` is not stored (default true). */
  previousKnown?: boolean;
  stale?: SpendStalePart[];
}): FleetSpendView {
  const { facts, tenants, month, now, metric } = options;
  const isCurrent = month === monthOf(now);
  const prevMonth = addMonths(month, -1);
  const accounts = byAccount(facts);
  const tenantAccounts = new Set(tenants.map(t => t.accountId));

  const amountFor = (list: SpendFact[] | undefined, m: string): Amount =>
    headline(
      bucketsByMonth(list ?? []).get(m) ?? {
        usage: 0n,
        tax: 0n,
        credit: 0n,
        refund: 0n,
      },
    );
  const previousFor = (list: SpendFact[] | undefined): Amount =>
    isCurrent
      ? previousSamePeriod(dailyTotals(list ?? []), now)
      : amountFor(list, prevMonth);

  const previousKnown = options.previousKnown ?? true;
  let groupsTotal = 0n;
  let previousTotal = 0n;
  for (const list of accounts.values()) {
    const a = amountFor(list, month);
    groupsTotal += a;
    previousTotal += previousFor(list);
  }
  const orgTotals = facts.filter(
    f => f.dimension === 'ORG_TOTAL' && monthOf(f.periodStart) === month,
  );
  const total = orgTotals.length
    ? orgTotals.reduce((sum, f) => sum + f.amount, 0n)
    : groupsTotal;
  let shared = 0n;
  if (options.tagStatus !== 'inactive') {
    for (const f of facts) {
      if (
        f.dimension === 'TAG' &&
        f.key !== '' &&
        monthOf(f.periodStart) === month &&
        !tenantAccounts.has(f.accountId)
      ) {
        shared += f.amount;
      }
    }
  }
  const rows = tenants.map(t => {
    const list = accounts.get(t.accountId);
    const amount = amountFor(list, month);
    const previous = previousFor(list);
    return { t, amount, previous, change: amount - previous };
  });
  const tenantsCents = rows.reduce((s, r) => s + amountToCents(r.amount), 0n);
  const notAttributedCents = amountToCents(total) - amountToCents(groupsTotal);
  const unallocatedCents =
    amountToCents(groupsTotal) - tenantsCents - amountToCents(shared);
  const changeOf = (r: (typeof rows)[number]) =>
    previousKnown
      ? spendChange(r.amount, r.previous)
      : spendChange(
          r.amount,
          null,
          `${prevMonth} is not stored: ${month} is the oldest stored month`,
        );
  const withData = new Set(
    [...accounts.entries()]
      .filter(([, list]) => list.length > 0)
      .map(([id]) => id),
  );
  // No fact in the month or the one before, for an account that joined since: not billed yet.
  const noDataOf = (t: TenantAccount): string | null => {
    const joined = t.joinedAt;
    if (withData.has(t.accountId)) return null;
    if (joined && joined.slice(0, 7) < prevMonth) return null;
    return noBillingDataReason(joined);
  };

  const services = new Map<string, Amount>();
  for (const f of facts) {
    if (f.dimension === 'SERVICE' && monthOf(f.periodStart) === month) {
      services.set(f.key, (services.get(f.key) ?? 0n) + f.amount);
    }
  }
  // The SERVICE facts are grouped by LINKED_ACCOUNT too: the part no account carries is a row.
  if (notAttributedCents !== 0n) {
    services.set(
      NO_LINKED_ACCOUNT,
      (services.get(NO_LINKED_ACCOUNT) ?? 0n) + fromCents(notAttributedCents),
    );
  }
  const abs = (v: Amount) => (v < 0n ? -v : v);
  const cmp = compareDesc;
  return {
    month,
    metric,
    currency: 'USD',
    total: formatUsd(total),
    tenantsTotal: formatUsd(fromCents(tenantsCents)),
    shared: formatUsd(shared),
    unallocated: formatUsd(fromCents(unallocatedCents)),
    notAttributed: formatUsd(fromCents(notAttributedCents)),
    previousMonthTotal: previousKnown ? formatUsd(previousTotal) : null,
    previousMonthKnown: previousKnown,
    tenants: rows
      .sort(
        (a, b) =>
          cmp(a.amount, b.amount) || a.t.tenantId.localeCompare(b.t.tenantId),
      )
      .map(r => ({
        tenantId: r.t.tenantId,
        accountId: r.t.accountId,
        amount: formatUsd(r.amount),
        previousAmount: previousKnown ? formatUsd(r.previous) : null,
        changeRatio: previousKnown ? changeRatio(r.amount, r.previous) : null,
        change: changeOf(r),
        noDataReason: noDataOf(r.t),
      })),
    movers: rows
      .filter(r => previousKnown && r.change !== 0n)
      .sort(
        (a, b) =>
          cmp(abs(a.change), abs(b.change)) ||
          a.t.tenantId.localeCompare(b.t.tenantId),
      )
      .slice(0, options.moversLimit ?? 10)
      .map(r => ({
        tenantId: r.t.tenantId,
        change: formatUsd(r.change),
        changeRatio: changeRatio(r.amount, r.previous),
      })),
    byService: [...services.entries()]
      .filter(([, a]) => a !== 0n)
      .sort(([ka, a], [kb, b]) => cmp(a, b) || ka.localeCompare(kb))
      .map(([service, amount]) => ({ service, amount: formatUsd(amount) })),
    estimated:
      isCurrent ||
      facts.some(f => f.estimated && monthOf(f.periodStart) === month),
    tenantTagStatus: options.tagStatus,
    stale: options.stale ?? [],
  };
}
