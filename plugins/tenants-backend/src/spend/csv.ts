import { Amount, amountToCents, formatUsd, fromCents } from './money';
import { monthOf, NO_LINKED_ACCOUNT } from '@tenancy/plugin-tenants-common';
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
 * Spend by tenant × month × service (usage + tax, the headline rule) from SERVICE facts, plus,
 * for each month with an ungrouped total (`ORG_TOTAL` facts), the part of it that no linked
 * account carries as its own line: empty tenant and account ids, service
 * {@link NO_LINKED_ACCOUNT} (docs/aws-behaviours/fleet.md#the-total-is-the-total). The SERVICE
 * facts are grouped by LINKED_ACCOUNT too, so without that line a month's rows would add to less
 * than its total; it is the total minus the month's SERVICE rows, in cents, left out when 0.00.
 * Columns: `tenant_id,account_id,month,service,amount_usd,metric`; non-tenant accounts have an
 * empty tenant id. Rows sorted by tenant, account, month, service.
 */
export function spendCsv(
  facts: SpendFact[],
  tenants: TenantAccount[],
  metric: string,
): string {
  const tenantOf = new Map(tenants.map(t => [t.accountId, t.tenantId]));
  const sums = new Map<string, Amount>();
  const add = (key: string[], amount: Amount) => {
    const k = JSON.stringify(key);
    sums.set(k, (sums.get(k) ?? 0n) + amount);
  };
  const orgTotals = new Map<string, Amount>();
  for (const f of facts) {
    const month = monthOf(f.periodStart);
    if (f.dimension === 'ORG_TOTAL')
      orgTotals.set(month, (orgTotals.get(month) ?? 0n) + f.amount);
    if (f.dimension !== 'SERVICE') continue;
    add([tenantOf.get(f.accountId) ?? '', f.accountId, month, f.key], f.amount);
  }
  const rows = [...sums.entries()].map(([k, amount]) => ({
    key: JSON.parse(k) as string[],
    cents: amountToCents(amount),
    amount,
  }));
  for (const [month, total] of orgTotals) {
    const grouped = rows
      .filter(r => r.key[2] === month)
      .reduce((sum, r) => sum + r.cents, 0n);
    const gap = amountToCents(total) - grouped;
    if (gap !== 0n)
      rows.push({
        key: ['', '', month, NO_LINKED_ACCOUNT],
        cents: gap,
        amount: fromCents(gap),
      });
  }
  rows.sort((a, b) => {
    for (let i = 0; i < 4; i++) {
      const c = a.key[i].localeCompare(b.key[i]);
      if (c) return c;
    }
    return 0;
  });
  const lines = ['tenant_id,account_id,month,service,amount_usd,metric'];
  for (const r of rows)
    lines.push([...r.key, formatUsd(r.amount), metric].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
