/**
 * UTC calendar-day helpers. A "day number" is the number of whole days since 1970-01-01 UTC.
 */

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/** Day number of a Date (UTC). */
export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** Parses `YYYY-MM-DD` strictly into a day number, or undefined when it is not a valid date. */
export function parseDay(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return undefined;
  }
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms)) return undefined;
  const day = ms / DAY_MS;
  return formatDay(day) === value ? day : undefined;
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of the first day of the month containing `day`. */
export function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** Day number of the first day of the month `offset` months after the month containing `day`. */
export function addMonths(day: number, offset: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1) / DAY_MS;
}

/** Month index (year * 12 + month) of a day number, for month-level hashing. */
export function monthIndex(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7;
}

/** Number of days in the month containing `day`. */
export function daysInMonth(day: number): number {
  return addMonths(day, 1) - monthStart(day);
}
