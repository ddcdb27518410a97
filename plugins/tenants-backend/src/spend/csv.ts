import { Amount, amountToCents, formatUsd, fromCents } from './money';
import { monthOf, NO_LINKED_ACCOUNT } from '@tenancy/plugin-tenants-common';
import type { SpendFact } from './spendModel';

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

const collator = new Intl.Collator();

/** One CSV line (CRLF-terminated) of cells, each escaped by {@link csvField}. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * The account ids of the export in file order: by tenant id (`''`, a non-tenant account,
 * first), then account id.
 */
export function exportAccountOrder(
  accountIds: Iterable<string>,
  tenantOf: ReadonlyMap<string, string>,
): string[] {
  return [...accountIds].sort(
    (a, b) =>
      collator.compare(tenantOf.get(a) ?? '', tenantOf.get(b) ?? '') ||
      collator.compare(a, b),
  );
}

/**
 * The export lines of some accounts' SERVICE facts (usage + tax, the headline rule): one line per
 * account × month × service, amounts summed exactly then rounded to cents, in the order of
 * `accounts` then month then service. Adds each line's cents to `monthCents` (by `YYYY-MM`).
 */
export function serviceLines(options: {
  facts: readonly SpendFact[];
  accounts: readonly string[];
  tenantOf: ReadonlyMap<string, string>;
  metric: string;
  monthCents: Map<string, bigint>;
}): string[] {
  const byAccount = new Map<string, Map<string, Amount>>();
  for (const f of options.facts) {
    if (f.dimension !== 'SERVICE') continue;
    const sums = byAccount.get(f.accountId) ?? new Map<string, Amount>();
    const k = `${monthOf(f.periodStart)}\u0000${f.key}`;
    sums.set(k, (sums.get(k) ?? 0n) + f.amount);
    byAccount.set(f.accountId, sums);
  }
  const out: string[] = [];
  for (const accountId of options.accounts) {
    const sums = byAccount.get(accountId);
    if (!sums) continue;
    const tenantId = options.tenantOf.get(accountId) ?? '';
    const keys = [...sums.keys()].sort((a, b) => {
      const c = a.slice(0, 7).localeCompare(b.slice(0, 7));
      return c || collator.compare(a.slice(8), b.slice(8));
    });
    for (const k of keys) {
      const month = k.slice(0, 7);
      const cents = amountToCents(sums.get(k)!);
      options.monthCents.set(
        month,
        (options.monthCents.get(month) ?? 0n) + cents,
      );
      out.push(
        csvLine([
          tenantId,
          accountId,
          month,
          k.slice(8),
          formatUsd(fromCents(cents)),
          options.metric,
        ]),
      );
    }
  }
  return out;
}

/**
 * The "not attributed to an account" lines of the export: for each month with an ungrouped total
 * (`ORG_TOTAL` facts), the total minus the month's service lines in cents, as a line with empty
 * tenant and account ids and the service {@link NO_LINKED_ACCOUNT}; left out when 0.00
 * (docs/aws-behaviours/fleet.md#the-total-is-the-total). The SERVICE facts are grouped by
 * LINKED_ACCOUNT too, so without it a month's lines would add to less than its total. Months in
 * ascending order.
 */
export function notAttributedLines(options: {
  orgTotals: readonly SpendFact[];
  monthCents: ReadonlyMap<string, bigint>;
  metric: string;
}): string[] {
  const totals = new Map<string, Amount>();
  for (const f of options.orgTotals) {
    if (f.dimension !== 'ORG_TOTAL') continue;
    const m = monthOf(f.periodStart);
    totals.set(m, (totals.get(m) ?? 0n) + f.amount);
  }
  return [...totals.keys()].sort().flatMap(month => {
    const gap =
      amountToCents(totals.get(month)!) - (options.monthCents.get(month) ?? 0n);
    return gap === 0n
      ? []
      : [
          csvLine([
            '',
            '',
            month,
            NO_LINKED_ACCOUNT,
            formatUsd(fromCents(gap)),
            options.metric,
          ]),
        ];
  });
}
