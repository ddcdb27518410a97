import { Amount, formatUsd } from './money';
import { monthOf } from '@tenancy/plugin-tenants-common';
import type { SpendFact } from './spendModel';
import type { TenantAccount } from './fleetModel';

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

/**
 * Spend by tenant × month × service (usage + tax, the headline rule) from SERVICE facts.
 * Columns: `tenant_id,account_id,month,service,amount_usd,metric`; non-tenant accounts have an
 * empty tenant id. Rows sorted by tenant, month, service.
 */
export function spendCsv(
  facts: SpendFact[],
  tenants: TenantAccount[],
  metric: string,
): string {
  const tenantOf = new Map(tenants.map(t => [t.accountId, t.tenantId]));
  const sums = new Map<string, Amount>();
  for (const f of facts) {
    if (f.dimension !== 'SERVICE') continue;
    const key = JSON.stringify([
      tenantOf.get(f.accountId) ?? '',
      f.accountId,
      monthOf(f.periodStart),
      f.key,
    ]);
    sums.set(key, (sums.get(key) ?? 0n) + f.amount);
  }
  const rows = [...sums.entries()]
    .map(([k, amount]) => [...(JSON.parse(k) as string[]), formatUsd(amount)])
    .sort(
      (a, b) =>
        a[0].localeCompare(b[0]) ||
        a[1].localeCompare(b[1]) ||
        a[2].localeCompare(b[2]) ||
        a[3].localeCompare(b[3]),
    );
  const lines = ['tenant_id,account_id,month,service,amount_usd,metric'];
  for (const r of rows) lines.push([...r, metric].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
