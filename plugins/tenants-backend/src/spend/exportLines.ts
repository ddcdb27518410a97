/**
 * The lines of the spend export (`GET /spend/export.csv`), built a page of accounts at a time
 * by {@link streamSpendCsv} (see ./exportStream.ts).
 */
import { NO_LINKED_ACCOUNT, monthOf } from '@tenancy/plugin-tenants-common';
import { csvField } from './csv';
import {
  Amount,
  amountToCents,
  formatCents,
  parseAmount,
  storedTextToCents,
} from './money';
import type { SpendFact } from './spendModel';

/** A stored SERVICE fact as the export reads it: the amount as stored (exact decimal text). */
export interface ServiceRow {
  accountId: string;
  /** `YYYY-MM-DD` */
  periodStart: string;
  /** The service. */
  key: string;
  /** Exact decimal USD text (10 decimals). */
  amount: string;
}

const collator = new Intl.Collator();

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

/** One month-service of an account: its amount as stored, or the exact sum of several. */
interface Cell {
  service: string;
  amount: string | Amount;
  rank: number;
}

/** Whole cents of a cell. */
const cellCents = (c: Cell) =>
  typeof c.amount === 'string'
    ? storedTextToCents(c.amount)
    : Number(amountToCents(c.amount));

/**
 * The export lines of some accounts' SERVICE rows (usage + tax, the headline rule): one line
 * per account × month × service, amounts summed exactly then rounded to cents, in the order of
 * `accounts`, then month, then service (by the locale's collation). `rows` come sorted by
 * account, period and service (as {@link SpendStore.serviceRows} reads them), so an account's
 * rows are one run and a key's rows adjacent. Adds each line's cents to `monthCents` (by
 * `YYYY-MM`; numbers, exact below 2⁵³ cents). A single stored amount is rounded from its text;
 * several of one key are summed as exact amounts first. Months are `YYYY-MM` and amounts plain
 * decimals: neither needs CSV escaping; tenant, account and service do.
 */
export function serviceLines(options: {
  rows: readonly ServiceRow[];
  accounts: readonly string[];
  tenantOf: ReadonlyMap<string, string>;
  metric: string;
  monthCents: Map<string, number>;
}): string[] {
  const { rows } = options;
  // Each account's run of rows, and each service collated once per page.
  const runs = new Map<string, [number, number]>();
  const services = new Set<string>();
  for (let i = 0, start = 0; i < rows.length; i++) {
    services.add(rows[i].key);
    if (i + 1 === rows.length || rows[i + 1].accountId !== rows[i].accountId) {
      runs.set(rows[i].accountId, [start, i + 1]);
      start = i + 1;
    }
  }
  const sorted = [...services].sort(collator.compare);
  const rank = new Map(sorted.map((s, i) => [s, i] as const));
  const escaped = sorted.map(csvField);
  const suffix = `,${csvField(options.metric)}\r\n`;
  const out: string[] = [];
  for (const accountId of options.accounts) {
    const run = runs.get(accountId);
    if (!run) continue;
    const prefix = `${csvField(
      options.tenantOf.get(accountId) ?? '',
    )},${csvField(accountId)},`;
    let i = run[0];
    while (i < run[1]) {
      const month = rows[i].periodStart.slice(0, 7);
      const cells: Cell[] = [];
      for (; i < run[1] && rows[i].periodStart.startsWith(month); i++) {
        const r = rows[i];
        const last = cells[cells.length - 1];
        if (last && last.service === r.key) {
          const sum =
            typeof last.amount === 'string'
              ? parseAmount(last.amount)
              : last.amount;
          last.amount = sum + parseAmount(r.amount);
        } else {
          cells.push({
            service: r.key,
            amount: r.amount,
            rank: rank.get(r.key)!,
          });
        }
      }
      cells.sort((a, b) => a.rank - b.rank);
      let monthTotal = options.monthCents.get(month) ?? 0;
      for (const c of cells) {
        const cents = cellCents(c);
        monthTotal += cents;
        out.push(
          `${prefix}${month},${escaped[c.rank]},${formatCents(cents)}${suffix}`,
        );
      }
      options.monthCents.set(month, monthTotal);
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
  monthCents: ReadonlyMap<string, number>;
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
      Number(amountToCents(totals.get(month)!)) -
      (options.monthCents.get(month) ?? 0);
    return gap === 0
      ? []
      : [
          `,,${month},${csvField(NO_LINKED_ACCOUNT)},${formatCents(
            gap,
          )},${csvField(options.metric)}\r\n`,
        ];
  });
}
