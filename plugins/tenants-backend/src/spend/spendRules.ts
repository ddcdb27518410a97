import type { SpendChange } from '@tenancy/plugin-tenants-common';
import {
  addDays,
  daysInMonth,
  isoDate,
  monthOf,
} from '@tenancy/plugin-tenants-common';
import {
  Amount,
  amountToCents,
  changeRatio,
  formatUsd,
  sumAmounts,
} from './money';

/**
 * The change of an amount against its previous period (docs/aws-behaviours/fleet.md#change-needs-a-previous-value),
 * compared in whole cents:
 * - previous unknown (`null`, e.g. the oldest stored month) → `unknown`, never "new spend"
 * - previous positive → `ratio` (4 decimals) and `delta`
 * - previous 0.00 (or less) and current 0.00 → `none`
 * - previous 0.00 (or less) and current not → `new` with `delta`, e.g. 0.00 → 25.00 is `+25.00`
 */
export function spendChange(
  current: Amount,
  previous: Amount | null,
  unknownReason = 'no previous month is stored',
): SpendChange {
  if (previous === null) return { kind: 'unknown', reason: unknownReason };
  const cur = amountToCents(current);
  const prev = amountToCents(previous);
  const delta = formatUsd(current - previous);
  if (prev > 0n) {
    return { kind: 'ratio', ratio: changeRatio(current, previous)!, delta };
  }
  if (cur === 0n && prev === 0n) return { kind: 'none' };
  return { kind: 'new', delta };
}

/** Complete days of data a forecast needs. */
export const FORECAST_MIN_DAYS = 3;

/** A month-end forecast, or why there is none. */
export interface Forecast {
  amount: Amount | null;
  /** Why `amount` is null, for a person; null when there is a forecast. */
  note: string | null;
}

/**
 * Local month-end forecast (usage + tax) from daily amounts: the sum of the month's complete days
 * since the first day with data, plus the mean of the last (up to) 7 of those days for every
 * remaining day, today included. Days before the first data (`firstDataDay`, `YYYY-MM-DD`, the
 * first day Cost Explorer answered a group for the account) are not zeros: they are left out.
 * No forecast until {@link FORECAST_MIN_DAYS} complete days of data
 * (docs/aws-behaviours/fleet.md#a-new-account-has-no-billing-data-yet).
 */
export function forecastMonthEnd(
  daily: Map<string, Amount>,
  now: Date,
  firstDataDay: string | undefined,
): Forecast {
  const today = isoDate(now);
  const month = monthOf(today);
  if (!firstDataDay || firstDataDay >= today) {
    return { amount: null, note: 'no billing data yet' };
  }
  const from = firstDataDay > `${month}-01` ? firstDataDay : `${month}-01`;
  const days: Amount[] = [];
  for (let d = from; d < today; d = addDays(d, 1)) {
    days.push(daily.get(d) ?? 0n);
  }
  if (days.length < FORECAST_MIN_DAYS) {
    return {
      amount: null,
      note: `forecast needs ${FORECAST_MIN_DAYS} complete days of data; ${days.length} so far`,
    };
  }
  const recent = days.slice(-7);
  const mean = sumAmounts(recent) / BigInt(recent.length);
  const remaining = daysInMonth(month) - (Number(today.slice(8, 10)) - 1);
  return {
    amount: sumAmounts(days) + mean * BigInt(remaining),
    note: null,
  };
}

/**
 * What a tenant without Cost Explorer data shows
 * (docs/aws-behaviours/fleet.md#a-new-account-has-no-billing-data-yet), e.g.
 * `no billing data yet (account created 2026-12-04; new accounts appear within a day of first
 * usage, sometimes up to 4)`. `joinedAt` is the account's creation (ISO-8601 UTC).
 */
export function noBillingDataReason(joinedAt: string | undefined): string {
  const rule =
    'new accounts appear within a day of first usage, sometimes up to 4';
  return joinedAt
    ? `no billing data yet (account created ${joinedAt.slice(0, 10)}; ${rule})`
    : `no billing data yet (${rule})`;
}
