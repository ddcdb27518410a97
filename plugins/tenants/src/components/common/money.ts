/** Decimal USD string → integer cents (exact for strings with up to two decimals). */
export function toCents(amount: string): number {
  const m = /^(-)?(\d*)(?:\.(\d{0,2})\d*)?$/.exec(amount.trim());
  if (!m) return Math.round(Number(amount) * 100);
  const cents =
    Number(m[2] || '0') * 100 + Number(`${m[3] ?? ''}00`.slice(0, 2));
  return m[1] ? -cents : cents;
}

/** Integer cents → decimal USD string (`-1000` → `"-10.00"`). */
export function fromCents(cents: number): string {
  const abs = Math.abs(Math.round(cents));
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(
    abs % 100,
  ).padStart(2, '0')}`;
}

/** usage + tax of a month's record types, the spend headline (CASES S4). */
export function headlineOf(amounts: { usage: string; tax: string }): string {
  return fromCents(toCents(amounts.usage) + toCents(amounts.tax));
}
