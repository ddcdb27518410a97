/** Compares two strings or numbers for `Array.prototype.sort`: -1, 0 or 1 (code-unit order). */
export function compare(a: string | number, b: string | number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
