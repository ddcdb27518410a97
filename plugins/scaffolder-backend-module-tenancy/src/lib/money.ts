import { InputError } from '@backstage/errors';

/**
 * Normalizes a USD amount to a decimal string with two decimals (`1000` → `"1000.00"`).
 * @throws InputError when it is not a positive amount with at most two decimals.
 */
export function usdAmount(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m || /^0+(\.0*)?$/.test(text)) {
    throw new InputError(
      `Budget amount must be a positive USD amount with at most two decimals, e.g. 1000 or 1250.50; got '${text}' (rule budget.amount)`,
    );
  }
  return `${BigInt(m[1]).toString()}.${(m[2] ?? '').padEnd(2, '0')}`;
}
