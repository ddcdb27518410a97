/**
 * Money of the tenants API: amounts are decimal USD strings (`"1234.50"`); sums and comparisons
 * are made in integer cents so they are exact.
 */

/**
 * Integer cents of a decimal USD string with at most two decimals (`"-12.5"` → -1250).
 * @throws TypeError when the text is not such an amount.
 * @public
 */
export function usdToCents(amount: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) {
    throw new TypeError(`Not a decimal USD amount: "${amount}"`);
  }
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -cents : cents;
}

/**
 * Integer cents → decimal USD string with two decimals (`-1000` → `"-10.00"`); a fraction of a
 * cent is rounded.
 * @public
 */
export function centsToUsd(cents: number): string {
  const abs = Math.abs(Math.round(cents));
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(
    abs % 100,
  ).padStart(2, '0')}`;
}
