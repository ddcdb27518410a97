/**
 * Exact money arithmetic for Cost Explorer amounts.
 *
 * Cost Explorer answers amounts as decimal strings with up to ~10 decimals (sometimes in
 * exponent notation, e.g. `1.2E-7`). They are parsed into integers of 10⁻¹⁰ USD (`bigint`), summed
 * exactly and rounded to cents only when shown, so that sums of parts equal totals to the cent.
 */

/** Decimal places kept internally. */
const SCALE = 10;
const UNIT = 10n ** BigInt(SCALE);
const CENT = 10n ** BigInt(SCALE - 2);

/** An exact USD amount in units of 10⁻¹⁰ USD. */
export type Amount = bigint;

/**
 * Parses a decimal USD string (`"10.5"`, `"-126.00"`, `"1.2E-7"`) into an exact {@link Amount}.
 * Digits beyond 10 decimals are rounded half away from zero.
 *
 * @throws Error when the text is not a decimal number.
 */
export function parseAmount(text: string | undefined | null): Amount {
  if (text === undefined || text === null || text.trim() === '') return 0n;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new Error(`Not a decimal amount: '${text}'`);
  }
  const negative = m[1] === '-';
  const digits = `${m[2]}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  const exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0) + SCALE;
  let value: bigint;
  if (exponent >= 0) {
    value = BigInt(digits) * 10n ** BigInt(exponent);
  } else {
    const div = 10n ** BigInt(-exponent);
    const raw = BigInt(digits);
    value = raw / div;
    if ((raw % div) * 2n >= div) value += 1n;
  }
  return negative ? -value : value;
}

/** Rounds an amount to whole cents, half away from zero. */
export function amountToCents(amount: Amount): bigint {
  const abs = amount < 0n ? -amount : amount;
  let cents = abs / CENT;
  if ((abs % CENT) * 2n >= CENT) cents += 1n;
  return amount < 0n ? -cents : cents;
}

/** Formats an amount as a USD decimal string with two decimals, e.g. `"-10.00"`. */
export function formatUsd(amount: Amount): string {
  const cents = amountToCents(amount);
  const abs = cents < 0n ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return cents < 0n ? `-${text}` : text;
}

const STORED_TEXT = /^(-?)(\d{1,13})\.(\d{2})(\d{8})$/;

/**
 * Whole cents of an amount as {@link amountToText} stores it (10 decimals, under USD 10¹³),
 * rounded half away from zero like {@link amountToCents}, without building a bigint:
 * `"12.3450000000"` → 1235, `"-0.0049999999"` → 0. Other text is parsed exactly
 * ({@link parseAmount}); the answer is a number, exact below 2⁵³ cents.
 * @throws Error when the text is not a decimal number.
 */
export function storedTextToCents(text: string): number {
  const m = STORED_TEXT.exec(text);
  if (!m) return Number(amountToCents(parseAmount(text)));
  const cents =
    Number(m[2]) * 100 + Number(m[3]) + (m[4] >= '50000000' ? 1 : 0);
  return m[1] && cents !== 0 ? -cents : cents;
}

/** `1235` → `"12.35"`, `-5` → `"-0.05"`: whole cents as a USD decimal string. */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

/** Converts whole cents back to an amount. */
export function fromCents(cents: bigint): Amount {
  return cents * CENT;
}

/** Exact sum of amounts. */
export function sumAmounts(values: Iterable<Amount>): Amount {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Serializes an amount losslessly for storage (decimal string with 10 decimals). */
export function amountToText(amount: Amount): string {
  const abs = amount < 0n ? -amount : amount;
  const text = `${abs / UNIT}.${(abs % UNIT).toString().padStart(SCALE, '0')}`;
  return amount < 0n ? `-${text}` : text;
}

/**
 * Month-over-month change ratio `(current − previous) / previous`, rounded to 4 decimals.
 * Returns null when the previous amount is not positive ("new spend", docs/aws-behaviours/fleet.md#credits-and-refunds: a negative net is
 * never used for a growth ratio).
 */
export function changeRatio(current: Amount, previous: Amount): number | null {
  if (previous <= 0n) return null;
  const scaled = ((current - previous) * 100000n) / previous;
  // round to 4 decimals, half away from zero
  const rounded = scaled >= 0n ? (scaled + 5n) / 10n : (scaled - 5n) / 10n;
  return Number(rounded) / 10000;
}

/** Orders amounts largest first (for sorting): negative when `a` > `b`. */
export function compareDesc(a: Amount, b: Amount): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}
