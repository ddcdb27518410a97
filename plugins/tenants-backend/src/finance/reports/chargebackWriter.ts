/**
 * Writes a closed month's chargeback report from the Cost Explorer lines staged in the database,
 * a batch of accounts at a time, into the stored report lines: memory holds one batch, never
 * the report (docs/aws-behaviours/finance.md#finance-at-scale).
 */
import { amountToCents, type Amount } from '../../spend/money';
import type { FinanceStore, StagedLine, StoredReport } from '../FinanceStore';
import {
  ChargeLine,
  compareChargeLines,
  countsInHeadline,
  focusRow,
  notAttributedRow,
  pageTotal,
  summarizeAccount,
} from './chargeback';
import {
  FOCUS_COLUMNS,
  SUMMARY_COLUMNS,
  csvLine,
  focusLine,
  summaryLine,
  notAttributedSummaryLine,
} from './chargebackCsv';
import { BILLED_METRIC } from './chargebackFetch';
import { StreamedRounding } from './streamedRounding';

/** Accounts whose staged lines one batch reads (about 60 report rows each at most). */
export const REPORT_ACCOUNTS_PER_BATCH = 100;

/** A tenant's ids as the report needs them. */
export interface ReportTenant {
  tenantId: string;
  accountId: string;
  accountName: string;
}

/** What the writer needs of {@link FinanceStore}. */
export type ReportStagingStore = Pick<
  FinanceStore,
  'stagedAccounts' | 'stagedLines' | 'appendPendingLines' | 'publishReport'
>;

/**
 * One batch's staged lines merged per account × service × record type (a key's amounts of
 * several pages summed exactly, UnblendedCost into `billed`, AmortizedCost into `effective`),
 * in report order ({@link compareChargeLines}).
 * @param names - account name by id (the inventory's; the id when unknown)
 * @param tenants - tenant id by account id
 */
export function mergeStagedLines(
  staged: readonly StagedLine[],
  names: ReadonlyMap<string, string>,
  tenants: ReadonlyMap<string, string>,
): ChargeLine[] {
  const lines = new Map<string, ChargeLine>();
  for (const s of staged) {
    const key = JSON.stringify([s.accountId, s.service, s.recordType]);
    let l = lines.get(key);
    if (!l) {
      l = {
        accountId: s.accountId,
        accountName: names.get(s.accountId) ?? s.accountId,
        service: s.service,
        recordType: s.recordType,
        billed: 0n,
        effective: 0n,
      };
      lines.set(key, l);
    }
    if (s.metric === BILLED_METRIC) l.billed += s.amount;
    else l.effective += s.amount;
  }
  return [...lines.values()].sort(compareChargeLines(tenants));
}

/** Each account's run of lines (a batch holds whole accounts, contiguous in report order). */
function accountRuns(lines: readonly ChargeLine[]): ChargeLine[][] {
  const runs: ChargeLine[][] = [];
  for (const l of lines) {
    const last = runs[runs.length - 1];
    if (last && last[0].accountId === l.accountId) last.push(l);
    else runs.push([l]);
  }
  return runs;
}

/**
 * Writes the report of `month` from what `buildId` staged and publishes it (replacing a stored
 * one in one transaction).
 *
 * Rows whose category counts in the headline (everything but Credit and Adjustment) and the
 * "not attributed to an account" row (`orgBilled` − the lines' headline sum, a row with an
 * empty SubAccountId, docs/aws-behaviours/fleet.md#the-total-is-the-total) are rounded together
 * by largest remainder so that they add up to `orgBilled` rounded to the cent — the costs page's
 * total — and likewise EffectiveCost to `orgEffective`. Credit and refund rows are rounded one
 * by one. Rows are sorted by tenant, account, service, record type; the summary has one line
 * per account in the same order, and, when it is not 0.00, the "not attributed to an account"
 * line last with the same cents as its row (the summary's accounts are each rounded to the cent
 * on their own, so its lines add up to the total up to those roundings).
 *
 * The staged lines are read `accountsPerBatch` accounts at a time, in up to four passes: sums
 * and the summary; two passes that find which remainders get the missing cents (only when some
 * are missing, see {@link StreamedRounding}); the rows.
 *
 * @param orgBilled - the ungrouped usage + tax UnblendedCost of the month
 * @param orgEffective - the same for AmortizedCost
 * @param pageMetric - the costs page's metric (`tenancy.spend.metric`); default AmortizedCost
 * @param accountNames - account name by id; default the tenants' (the id when unknown)
 */
export async function writeChargeback(options: {
  store: ReportStagingStore;
  buildId: string;
  month: string;
  tenants: readonly ReportTenant[];
  orgBilled: Amount;
  orgEffective: Amount;
  generatedAt: string;
  pageMetric?: string;
  accountNames?: ReadonlyMap<string, string>;
  accountsPerBatch?: number;
}): Promise<StoredReport> {
  const { store, buildId, month } = options;
  const tenantOf = new Map(options.tenants.map(t => [t.accountId, t.tenantId]));
  const names =
    options.accountNames ??
    new Map(options.tenants.map(t => [t.accountId, t.accountName]));
  const accounts = (await store.stagedAccounts(buildId)).sort(
    (a, b) =>
      (tenantOf.get(a) ?? '').localeCompare(tenantOf.get(b) ?? '') ||
      a.localeCompare(b),
  );
  const size = options.accountsPerBatch ?? REPORT_ACCOUNTS_PER_BATCH;
  const pass = async (visit: (lines: ChargeLine[]) => Promise<void> | void) => {
    for (let i = 0; i < accounts.length; i += size) {
      const staged = await store.stagedLines(
        buildId,
        accounts.slice(i, i + size),
      );
      await visit(mergeStagedLines(staged, names, tenantOf));
    }
  };
  const billed = new StreamedRounding();
  const effective = new StreamedRounding();
  const headline = { billed: 0n, effective: 0n };
  let tenantCount = 0;
  let seq = 1;
  await store.appendPendingLines(buildId, month, 'summary', 0, [
    csvLine(SUMMARY_COLUMNS),
  ]);
  await pass(async lines => {
    const summary = accountRuns(lines).map(run => {
      const tenantId = tenantOf.get(run[0].accountId) ?? '';
      if (tenantId) tenantCount += 1;
      return summaryLine(summarizeAccount(run, tenantId));
    });
    for (const l of lines.filter(countsInHeadline)) {
      billed.count(l.billed);
      effective.count(l.effective);
      headline.billed += l.billed;
      headline.effective += l.effective;
    }
    await store.appendPendingLines(buildId, month, 'summary', seq, summary);
    seq += summary.length;
  });
  const summaryEnd = seq;
  const gap = {
    billed: options.orgBilled - headline.billed,
    effective: options.orgEffective - headline.effective,
  };
  billed.count(gap.billed);
  effective.count(gap.effective);
  billed.settle(amountToCents(options.orgBilled));
  effective.settle(amountToCents(options.orgEffective));

  while (billed.passesLeft > 0 || effective.passesLeft > 0) {
    const steps = [
      [billed, billed.passesLeft, 'billed'],
      [effective, effective.passesLeft, 'effective'],
    ] as const;
    const visit = (values: { billed: Amount; effective: Amount }) => {
      for (const [r, left, key] of steps) {
        if (left === 2) r.coarse(values[key]);
        else if (left === 1) r.fine(values[key]);
      }
    };
    await pass(lines => lines.filter(countsInHeadline).forEach(visit));
    visit(gap);
    for (const [r, left] of steps) {
      if (left === 2) r.narrow();
      else if (left === 1) r.threshold();
    }
  }

  const gapCents = {
    billed: billed.cents(gap.billed),
    effective: effective.cents(gap.effective),
  };
  const gapShown = gapCents.billed !== 0n || gapCents.effective !== 0n;
  // The summary's last line, as the rows' last row: the part no account carries.
  if (gapShown) {
    await store.appendPendingLines(buildId, month, 'summary', summaryEnd, [
      notAttributedSummaryLine(gapCents),
    ]);
  }

  await store.appendPendingLines(buildId, month, 'rows', 0, [
    csvLine(FOCUS_COLUMNS),
  ]);
  seq = 1;
  await pass(async lines => {
    const rows = lines.map(l => {
      const cents = countsInHeadline(l)
        ? {
            billed: billed.cents(l.billed),
            effective: effective.cents(l.effective),
          }
        : {
            billed: amountToCents(l.billed),
            effective: amountToCents(l.effective),
          };
      return focusLine(focusRow(month, l, cents, tenantOf));
    });
    await store.appendPendingLines(buildId, month, 'rows', seq, rows);
    seq += rows.length;
  });
  if (gapShown) {
    await store.appendPendingLines(buildId, month, 'rows', seq, [
      focusLine(notAttributedRow(month, gapCents)),
    ]);
    seq += 1;
  }
  const report: StoredReport = {
    month,
    generatedAt: options.generatedAt,
    total: pageTotal(options).total,
    rowCount: seq - 1,
    tenantCount,
  };
  await store.publishReport(report, buildId);
  return report;
}
