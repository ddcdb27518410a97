/**
 * One CSV field (RFC 4180 quoting), safe to open in a spreadsheet (OWASP CSV injection): a
 * value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` and is
 * quoted, e.g. `-2+3` → `"'-2+3"`, `@SUM(A1)` → `"'@SUM(A1)"`. A plain decimal number (`-12.34`,
 * a refund) is not a formula and stays as it is. Other values are quoted only when they hold
 * `"`, `,`, CR or LF.
 */
export function csvField(value: string): string {
  if (/^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value)) {
    return `"'${value.replace(/"/g, '""')}"`;
  }
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The header line of the spend export. */
export const SPEND_CSV_HEADER =
  'tenant_id,account_id,month,service,amount_usd,metric';
