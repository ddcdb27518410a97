import type { FleetSpend } from '@tenancy/plugin-tenants-common';
import {
  Amount,
  changeRatio,
  compareDesc,
  formatUsd,
  fromCents,
  amountToCents,
} from './money';
import { addMonths, monthOf } from '@tenancy/plugin-tenants-common';
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
}

/** Whether the `tenant` cost-allocation tag is active in the payer account. */
export type TagStatus = 'active' | 'inactive' | 'unknown';

/** FleetSpend plus how the tenant tag was found. @public */
export type FleetSpendView = FleetSpend & { tenantTagStatus: TagStatus };

function byAccount(facts: SpendFact[]): Map<string, SpendFact[]> {
  const out = new Map<string, SpendFact[]>();
  for (const f of facts) {
    const list = out.get(f.accountId) ?? [];
    list.push(f);
    out.set(f.accountId, list);
  }
  return out;
}

/**
 * Builds the finance view of one month from the stored facts of every account.
 *
 * Allocation (all amounts usage + tax, docs/aws-behaviours/fleet.md#credits-and-refunds): a tenant's amount is the spend of its account;
 * spend of non-tenant accounts is `shared` when it carries a `tenant` tag value and `unallocated`
 * when untagged (`tenant$`, docs/aws-behaviours/fleet.md#tenant-tag-keys) or when the tag is inactive. By construction
 * `tenantsTotal + shared + unallocated = total` to the cent: each tenant's amount is rounded to
 * cents, `tenantsTotal` is the sum of those, `total` and `shared` are rounded from exact sums and
 * `unallocated` is the remainder in cents (it absorbs sub-cent rounding, at most ½ cent per row).
 *
 * For the current month the previous amounts cover the same days of the previous month.
 */
export function buildFleetSpend(options: {
  facts: SpendFact[];
  tenants: TenantAccount[];
  month: string;
  now: Date;
  metric: string;
  tagStatus: TagStatus;
  moversLimit?: number;
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

  let total = 0n;
  let previousTotal = 0n;
  for (const list of accounts.values()) {
    const a = amountFor(list, month);
    total += a;
    previousTotal += previousFor(list);
  }
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
  const unallocatedCents =
    amountToCents(total) - tenantsCents - amountToCents(shared);

  const services = new Map<string, Amount>();
  for (const f of facts) {
    if (f.dimension === 'SERVICE' && monthOf(f.periodStart) === month) {
      services.set(f.key, (services.get(f.key) ?? 0n) + f.amount);
    }
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
    previousMonthTotal: formatUsd(previousTotal),
    tenants: rows
      .sort(
        (a, b) =>
          cmp(a.amount, b.amount) || a.t.tenantId.localeCompare(b.t.tenantId),
      )
      .map(r => ({
        tenantId: r.t.tenantId,
        accountId: r.t.accountId,
        amount: formatUsd(r.amount),
        previousAmount: formatUsd(r.previous),
        changeRatio: changeRatio(r.amount, r.previous),
      })),
    movers: rows
      .filter(r => r.change !== 0n)
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
  };
}
