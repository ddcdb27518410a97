/**
 * UTC calendar arithmetic for Cost Explorer time periods. Cost Explorer's `TimePeriod.End` is
 * exclusive (docs/aws-behaviours/fleet.md#cost-explorer-end-exclusive): June 2025 is `2025-06-01` → `2025-07-01`, and Start = End is rejected.
 */

/** A Cost Explorer time period; `end` is exclusive. Dates are `YYYY-MM-DD` (UTC). @public */
export interface DateRange {
  start: string;
  end: string;
}

/** `YYYY-MM-DD` of a Date in UTC. @public */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Parses `YYYY-MM-DD` as UTC midnight. @public */
export function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** Adds whole days to a `YYYY-MM-DD` date. @public */
export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** `YYYY-MM` of a date or `YYYY-MM-DD` string. @public */
export function monthOf(date: string | Date): string {
  return (typeof date === 'string' ? date : isoDate(date)).slice(0, 7);
}

/** Adds whole months to a `YYYY-MM` month. @public */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(
    2,
    '0',
  )}`;
}

/** The whole calendar month `YYYY-MM`: first day → first day of the next month (exclusive). @public */
export function monthRange(month: string): DateRange {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new Error(`Month must be YYYY-MM, got '${month}'`);
  }
  return { start: `${month}-01`, end: `${addMonths(month, 1)}-01` };
}

/** Number of days in a `YYYY-MM` month. @public */
export function daysInMonth(month: string): number {
  const { start, end } = monthRange(month);
  return Math.round(
    (parseDate(end).getTime() - parseDate(start).getTime()) / 86400000,
  );
}

/**
 * The month-to-date period for `now` (UTC). Today's costs are still accruing, so the period runs
 * to tomorrow (exclusive) and is estimated. On the first of the month this is
 * `YYYY-MM-01` → `YYYY-MM-02`, never Start = End (docs/aws-behaviours/fleet.md#cost-explorer-end-exclusive).
 * @public
 */
export function monthToDate(now: Date): DateRange & { completeDays: number } {
  const today = isoDate(now);
  return {
    start: `${monthOf(today)}-01`,
    end: addDays(today, 1),
    completeDays: Number(today.slice(8, 10)) - 1,
  };
}

/** Months from `from` to `to` inclusive, `YYYY-MM`. @public */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
