import type {
  RecordTypeAmounts,
  SpendStalePart,
  TenantLifecycle,
  TenantSpend,
} from '@tenancy/plugin-tenants-common';
import {
  forecastMonthEnd,
  noBillingDataReason,
  spendChange,
} from './spendRules';
import { recordTypeBucket, RecordTypeBucket } from './costExplorer';
import { Amount, changeRatio, compareDesc, formatUsd } from './money';
import {
  addDays,
  addMonths,
  daysInMonth,
  isoDate,
  LIFECYCLE_LABELS,
  monthOf,
} from '@tenancy/plugin-tenants-common';

/**
 * One stored Cost Explorer fact: an amount for one account, period and group key.
 * - `RECORD_TYPE`: MONTHLY, key = Cost Explorer RECORD_TYPE (`Usage`, `Tax`, `Credit`, `Refund`, …)
 * - `SERVICE`: MONTHLY, usage + tax by SERVICE
 * - `TOTAL`: DAILY, usage + tax, key `''`
 * - `TAG`: MONTHLY, usage + tax of non-tenant accounts by the tenant tag value (`''` = untagged)
 * - `ORG_TOTAL`: MONTHLY, the ungrouped usage + tax of the organization, account `''`, key `''`
 */
export interface SpendFact {
  granularity: 'DAILY' | 'MONTHLY';
  /** `YYYY-MM-DD` */
  periodStart: string;
  accountId: string;
  dimension: 'RECORD_TYPE' | 'SERVICE' | 'TOTAL' | 'TAG' | 'ORG_TOTAL';
  key: string;
  amount: Amount;
  estimated: boolean;
}

/** Months of history a tenant page shows (13 calendar months, the current one included). */
export const HISTORY_MONTHS = 13;

/** Record-type buckets of one account-month, exact. */
export interface BucketAmounts {
  usage: Amount;
  tax: Amount;
  credit: Amount;
  refund: Amount;
}

const zeroBuckets = (): BucketAmounts => ({
  usage: 0n,
  tax: 0n,
  credit: 0n,
  refund: 0n,
});

/** The spend headline of docs/aws-behaviours/fleet.md#credits-and-refunds: usage + tax (credits and refunds shown apart). */
export function headline(b: BucketAmounts): Amount {
  return b.usage + b.tax;
}

/** Renders buckets as decimal strings; `net` is rounded from the exact sum. */
export function formatBuckets(b: BucketAmounts): RecordTypeAmounts {
  return {
    usage: formatUsd(b.usage),
    tax: formatUsd(b.tax),
    credit: formatUsd(b.credit),
    refund: formatUsd(b.refund),
    net: formatUsd(b.usage + b.tax + b.credit + b.refund),
  };
}

/** Record-type buckets by `YYYY-MM` for the facts given (RECORD_TYPE facts only). */
export function bucketsByMonth(facts: SpendFact[]): Map<string, BucketAmounts> {
  const out = new Map<string, BucketAmounts>();
  for (const f of facts) {
    if (f.dimension !== 'RECORD_TYPE') continue;
    const month = monthOf(f.periodStart);
    const b = out.get(month) ?? zeroBuckets();
    const bucket: RecordTypeBucket = recordTypeBucket(f.key);
    b[bucket] += f.amount;
    out.set(month, b);
  }
  return out;
}

/** Daily usage + tax by `YYYY-MM-DD` (TOTAL facts). */
export function dailyTotals(facts: SpendFact[]): Map<string, Amount> {
  const out = new Map<string, Amount>();
  for (const f of facts) {
    if (f.dimension !== 'TOTAL' || f.granularity !== 'DAILY') continue;
    out.set(f.periodStart, (out.get(f.periodStart) ?? 0n) + f.amount);
  }
  return out;
}

/**
 * Usage + tax of the previous month over the same days as month to date (days 1..today's day,
 * clamped to the previous month's length), the base of the month-over-month change.
 */
export function previousSamePeriod(
  daily: Map<string, Amount>,
  now: Date,
): Amount {
  const today = isoDate(now);
  const prev = addMonths(monthOf(today), -1);
  const n = Math.min(Number(today.slice(8, 10)), daysInMonth(prev));
  let total = 0n;
  for (let d = 1; d <= n; d++) {
    total += daily.get(`${prev}-${String(d).padStart(2, '0')}`) ?? 0n;
  }
  return total;
}

/** The first day with any fact (daily first, else the first monthly period), `YYYY-MM-DD`. */
export function firstDataDay(facts: SpendFact[]): string | undefined {
  let daily: string | undefined;
  let monthly: string | undefined;
  for (const f of facts) {
    if (f.dimension === 'ORG_TOTAL') continue;
    if (f.granularity === 'DAILY') {
      if (!daily || f.periodStart < daily) daily = f.periodStart;
    } else if (!monthly || f.periodStart < monthly) monthly = f.periodStart;
  }
  return daily ?? monthly;
}

/** Options of {@link buildTenantSpend}. */
export interface TenantSpendOptions {
  /** Cost Explorer metric of the facts. */
  metric: string;
  /** When the tenant's account joined the organization (ISO-8601 UTC), for "no billing data yet". */
  joinedAt?: string;
  /** Parts of the snapshot whose last refresh failed. */
  stale?: SpendStalePart[];
  /**
   * The tenant's lifecycle (its account `State`, `tenantLifecycleOf`): a tenant not in service
   * gets no forecast — its account stopped accruing the usage this month's days would project
   * (AWS bills a closed account only what it used before closure, and commitments).
   */
  lifecycle?: TenantLifecycle;
}

/**
 * Builds a tenant's {@link TenantSpend} from the stored facts of its account(s).
 * Headline, trend and change use usage + tax (docs/aws-behaviours/fleet.md#credits-and-refunds);
 * credits and refunds are shown apart. An account without facts shows "no billing data yet"
 * with its creation date; the change needs a previous value and the forecast 3 complete days of
 * data (docs/aws-behaviours/fleet.md#change-needs-a-previous-value); today's daily point is
 * provisional.
 */
export function buildTenantSpend(
  facts: SpendFact[],
  now: Date,
  options: TenantSpendOptions,
): TenantSpend {
  const { metric } = options;
  const current = monthOf(now);
  const previous = addMonths(current, -1);
  const buckets = bucketsByMonth(facts);
  const daily = dailyTotals(facts);
  const estimatedMonths = new Set(
    facts.filter(f => f.estimated).map(f => monthOf(f.periodStart)),
  );
  const estimatedDays = new Map<string, boolean>();
  for (const f of facts) {
    if (f.dimension === 'TOTAL' && f.granularity === 'DAILY') {
      estimatedDays.set(
        f.periodStart,
        (estimatedDays.get(f.periodStart) ?? false) || f.estimated,
      );
    }
  }
  const monthly = Array.from({ length: HISTORY_MONTHS }, (_, i) => {
    const month = addMonths(current, i - (HISTORY_MONTHS - 1));
    return {
      month,
      amounts: formatBuckets(buckets.get(month) ?? zeroBuckets()),
      estimated: month === current || estimatedMonths.has(month),
    };
  });
  const mtd = headline(buckets.get(current) ?? zeroBuckets());
  const today = isoDate(now);
  const dailyOut: TenantSpend['daily'] = [];
  for (let d = `${current}-01`; d <= today; d = addDays(d, 1)) {
    dailyOut.push({
      date: d,
      amount: formatUsd(daily.get(d) ?? 0n),
      // Cost Explorer's Estimated; a day with no group is in the open month: estimated too.
      estimated: estimatedDays.get(d) ?? true,
      provisional: d === today,
    });
  }
  const services = new Map<string, Amount>();
  for (const f of facts) {
    if (f.dimension === 'SERVICE' && monthOf(f.periodStart) === current) {
      services.set(f.key, (services.get(f.key) ?? 0n) + f.amount);
    }
  }
  const noData = facts.length === 0;
  const forecast =
    options.lifecycle && options.lifecycle !== 'active'
      ? {
          amount: null,
          note: `no forecast: the account is ${LIFECYCLE_LABELS[
            options.lifecycle
          ].toLowerCase()}`,
        }
      : forecastMonthEnd(daily, now, firstDataDay(facts));
  const previousSame = previousSamePeriod(daily, now);
  return {
    metric,
    currency: 'USD',
    monthToDate: formatUsd(mtd),
    forecastMonthEnd:
      forecast.amount === null ? null : formatUsd(forecast.amount),
    forecastNote: forecast.note,
    lastMonth: formatUsd(headline(buckets.get(previous) ?? zeroBuckets())),
    changeRatio: changeRatio(mtd, previousSame),
    change: spendChange(mtd, previousSame),
    monthly,
    daily: dailyOut,
    byService: [...services.entries()]
      .filter(([, a]) => a !== 0n)
      .sort(([ka, a], [kb, b]) => compareDesc(a, b) || ka.localeCompare(kb))
      .map(([service, amount]) => ({ service, amount: formatUsd(amount) })),
    noData,
    noDataReason: noData ? noBillingDataReason(options.joinedAt) : null,
    stale: options.stale ?? [],
  };
}
