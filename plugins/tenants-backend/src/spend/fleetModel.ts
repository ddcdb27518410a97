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

/** What {@link buildFleetSpend} and {@link FleetSpendBuilder} are given besides the facts. */
export interface FleetSpendOptions {
  tenants: TenantAccount[];
  month: string;
  now: Date;
  metric: string;
  tagStatus: TagStatus;
  moversLimit?: number;
  /** False when the month before `month` is not stored (default true). */
  previousKnown?: boolean;
  stale?: SpendStalePart[];
}

/** Usage + tax of an account in the month and in the period it is compared with. */
interface AccountAmounts {
  amount: Amount;
  previous: Amount;
}

/**
 * {@link buildFleetSpend} fed in parts, so that the facts of every account are never in memory
 * at once (the costs page of 10,000 tenants is ~1 million facts): `add` folds each account into
 * two sums and the fleet's totals, `build` makes the view. Every fact of one account must come in
 * the same `add` call (an account's amounts are computed from all its facts); `ORG_TOTAL` facts
 * may come in any call.
 */
export class FleetSpendBuilder {
  private readonly isCurrent: boolean;
  private readonly prevMonth: string;
  private readonly tenantAccounts: Set<string>;
  /** Accounts with at least one fact (not `ORG_TOTAL`), and their amounts. */
  private readonly accounts = new Map<string, AccountAmounts>();
  private readonly services = new Map<string, Amount>();
  private groupsTotal = 0n;
  private previousTotal = 0n;
  private orgTotal: Amount | undefined;
  private shared = 0n;
  private estimated = false;

  constructor(private readonly options: FleetSpendOptions) {
    this.isCurrent = options.month === monthOf(options.now);
    this.prevMonth = addMonths(options.month, -1);
    this.tenantAccounts = new Set(options.tenants.map(t => t.accountId));
  }

  /**
   * Folds facts in: every fact of an account in one call.
   * @throws Error when an account's facts were already added by an earlier call
   */
  add(facts: SpendFact[]): void {
    const { month, now } = this.options;
    for (const [accountId, list] of byAccount(facts)) {
      if (this.accounts.has(accountId)) {
        throw new Error(
          `The facts of account ${accountId} came in two parts: an account's facts must be added at once`,
        );
      }
      const buckets = bucketsByMonth(list); // once per account: both months read it
      const amount = monthAmount(buckets, month);
      const previous = this.isCurrent
        ? previousSamePeriod(dailyTotals(list), now)
        : monthAmount(buckets, this.prevMonth);
      this.accounts.set(accountId, { amount, previous });
      this.groupsTotal += amount;
      this.previousTotal += previous;
    }
    const countShared = this.options.tagStatus !== 'inactive';
    for (const f of facts) {
      if (monthOf(f.periodStart) !== month) continue;
      if (f.estimated) this.estimated = true;
      if (f.dimension === 'ORG_TOTAL') {
        this.orgTotal = (this.orgTotal ?? 0n) + f.amount;
      } else if (f.dimension === 'SERVICE') {
        this.services.set(f.key, (this.services.get(f.key) ?? 0n) + f.amount);
      } else if (
        countShared &&
        f.dimension === 'TAG' &&
        f.key !== '' &&
        !this.tenantAccounts.has(f.accountId)
      ) {
        this.shared += f.amount;
      }
    }
  }

  /** The view of the facts added so far. */
  build(): FleetSpendView {
    const { tenants, month, metric } = this.options;
    const { isCurrent, prevMonth, groupsTotal, previousTotal, shared } = this;
    const total = this.orgTotal ?? groupsTotal;
    const previousKnown = this.options.previousKnown ?? true;
    const zero: AccountAmounts = { amount: 0n, previous: 0n };
    const rows = tenants.map(t => {
      const { amount, previous } = this.accounts.get(t.accountId) ?? zero;
      return { t, amount, previous, change: amount - previous };
    });
    const tenantsCents = rows.reduce((s, r) => s + amountToCents(r.amount), 0n);
    const notAttributedCents =
      amountToCents(total) - amountToCents(groupsTotal);
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
    // No fact in the month or the one before, for an account that joined since: not billed yet.
    const noDataOf = (t: TenantAccount): string | null => {
      const joined = t.joinedAt;
      if (this.accounts.has(t.accountId)) return null;
      if (joined && joined.slice(0, 7) < prevMonth) return null;
      return noBillingDataReason(joined);
    };

    const services = new Map(this.services);
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
        .slice(0, this.options.moversLimit ?? 10)
        .map(r => ({
          tenantId: r.t.tenantId,
          change: formatUsd(r.change),
          changeRatio: changeRatio(r.amount, r.previous),
        })),
      byService: [...services.entries()]
        .filter(([, a]) => a !== 0n)
        .sort(([ka, a], [kb, b]) => cmp(a, b) || ka.localeCompare(kb))
        .map(([service, amount]) => ({ service, amount: formatUsd(amount) })),
      estimated: isCurrent || this.estimated,
      tenantTagStatus: this.options.tagStatus,
      stale: this.options.stale ?? [],
    };
  }
}

/** Usage + tax of an account's record-type buckets in `month` (0 without any). */
function monthAmount(
  buckets: ReturnType<typeof bucketsByMonth>,
  month: string,
): Amount {
  const b = buckets.get(month);
  return b ? headline(b) : 0n;
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
export function buildFleetSpend(
  options: FleetSpendOptions & { facts: SpendFact[] },
): FleetSpendView {
  const builder = new FleetSpendBuilder(options);
  builder.add(options.facts);
  return builder.build();
}
