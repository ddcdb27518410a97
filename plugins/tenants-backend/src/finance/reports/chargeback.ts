/**
 * The monthly chargeback report's rules: one row per account × service × record type of a
 * closed month, in FinOps FOCUS column names, plus a per-account summary. The report is written
 * from the database a batch of accounts at a time by ./chargebackWriter.ts, once the month is
 * final (see ./chargebackFetch.ts); docs/aws-behaviours/finance.md#chargeback-report.
 */
import { addMonths } from '@tenancy/plugin-tenants-common';
import { recordTypeBucket } from '../../spend/costExplorer';
import { Amount, formatUsd, fromCents } from '../../spend/money';

/** One Cost Explorer line of the month: an account's spend on a service for one record type. */
export interface ChargeLine {
  accountId: string;
  accountName: string;
  service: string;
  /** Cost Explorer RECORD_TYPE (`Usage`, `Tax`, `Credit`, `Refund`, `Fee`, …). */
  recordType: string;
  /** UnblendedCost (what the invoice bills). */
  billed: Amount;
  /** AmortizedCost (upfront fees spread over their term). */
  effective: Amount;
}

/** FOCUS ChargeCategory values the record types map to. */
export type ChargeCategory =
  | 'Usage'
  | 'Purchase'
  | 'Tax'
  | 'Credit'
  | 'Adjustment';

/** One report row (USD decimal strings, UTC ISO-8601 instants). */
export interface FocusRow {
  BillingPeriodStart: string;
  BillingPeriodEnd: string;
  ChargePeriodStart: string;
  ChargePeriodEnd: string;
  BilledCost: string;
  EffectiveCost: string;
  BillingCurrency: 'USD';
  ServiceName: string;
  SubAccountId: string;
  SubAccountName: string;
  ChargeCategory: ChargeCategory;
  ChargeDescription: string;
  /** The `tenant` tag of the sub account, `''` for shared accounts. */
  tenant: string;
}

/**
 * One account's totals for the month (USD, 2 decimals). `usage`, `tax`, `credits` and `refunds`
 * are UnblendedCost by record type; `usageTaxBilled` is usage + tax in UnblendedCost (the spend
 * headline, the costs page's amount for UnblendedCost) and `usageTaxEffective` the same in
 * AmortizedCost. Neither counts credits or refunds, so the account's FOCUS `BilledCost` rows
 * add up to `usageTaxBilled` + `credits` + `refunds`, not to `usageTaxBilled`.
 */
export interface ChargebackSummary {
  tenantId: string;
  accountId: string;
  accountName: string;
  usage: string;
  tax: string;
  credits: string;
  refunds: string;
  usageTaxBilled: string;
  usageTaxEffective: string;
}

/** The totals of a report (what its listing shows). */
export interface ChargebackTotals {
  /**
   * The month's headline total (usage + tax) in the costs page's metric: the column that metric
   * fills (`BilledCost` for UnblendedCost, `EffectiveCost` for AmortizedCost) adds up to it.
   */
  total: string;
  /** Which column carries the costs page's metric. */
  pageColumn: 'BilledCost' | 'EffectiveCost';
}

/**
 * FOCUS ChargeCategory of a Cost Explorer record type: Usage (and Support, Enterprise Discount
 * Program Discount… counted as usage by the headline) → Usage; a record type ending in "fee"
 * (Fee, RIFee, `Upfront reservation fee`, SavingsPlanRecurringFee…) → Purchase; Tax → Tax;
 * Credit → Credit; Refund → Adjustment.
 */
export function chargeCategory(recordType: string): ChargeCategory {
  switch (recordTypeBucket(recordType)) {
    case 'tax':
      return 'Tax';
    case 'credit':
      return 'Credit';
    case 'refund':
      return 'Adjustment';
    default:
      return /fee$/i.test(recordType) ? 'Purchase' : 'Usage';
  }
}

/**
 * Rounds exact amounts to cents so that they add up to `target` cents (largest remainder):
 * each is floored, then the missing cents go to the largest remainders (ties by index). The rule
 * on values held in memory; the report writer applies the same rule to a stream of rows in
 * bounded memory (`StreamedRounding`, pinned equal to this).
 */
export function roundToTotal(
  values: readonly Amount[],
  target: bigint,
): bigint[] {
  const cent = fromCents(1n);
  const floors = values.map(v =>
    v >= 0n ? v / cent : -((-v + cent - 1n) / cent),
  );
  let missing = target - floors.reduce((s, f) => s + f, 0n);
  const order = values
    .map((v, i) => ({ i, rem: v - fromCents(floors[i]) }))
    .sort((a, b) => {
      if (a.rem === b.rem) return a.i - b.i;
      return a.rem > b.rem ? -1 : 1;
    });
  const out = [...floors];
  for (let k = 0; missing !== 0n && order.length; k = (k + 1) % order.length) {
    out[order[k].i] += missing > 0n ? 1n : -1n;
    missing += missing > 0n ? -1n : 1n;
  }
  return out;
}

/** Whether a line counts in the spend headline (all but Credit and Adjustment). */
export function countsInHeadline(line: Pick<ChargeLine, 'recordType'>) {
  const c = chargeCategory(line.recordType);
  return c !== 'Credit' && c !== 'Adjustment';
}

/**
 * The report's row order: by tenant id (`''`, a non-tenant account, first), account id,
 * service, record type (each by `localeCompare`).
 * @param tenants - tenant id by account id
 */
export function compareChargeLines(tenants: ReadonlyMap<string, string>) {
  return (a: ChargeLine, b: ChargeLine) =>
    (tenants.get(a.accountId) ?? '').localeCompare(
      tenants.get(b.accountId) ?? '',
    ) ||
    a.accountId.localeCompare(b.accountId) ||
    a.service.localeCompare(b.service) ||
    a.recordType.localeCompare(b.recordType);
}

const instant = (day: string) => `${day}T00:00:00Z`;
/** Cents as a USD amount with two decimals (`-12.30`). */
export const usdCents = (c: bigint) => formatUsd(fromCents(c));

/** The FOCUS billing and charge period of a month (UTC, end exclusive). */
function period(month: string) {
  const start = instant(`${month}-01`);
  const end = instant(`${addMonths(month, 1)}-01`);
  return {
    BillingPeriodStart: start,
    BillingPeriodEnd: end,
    ChargePeriodStart: start,
    ChargePeriodEnd: end,
    BillingCurrency: 'USD' as const,
  };
}

/** The FOCUS row of a line with its amounts in cents (rounded by the caller). */
export function focusRow(
  month: string,
  line: ChargeLine,
  cents: { billed: bigint; effective: bigint },
  tenants: ReadonlyMap<string, string>,
): FocusRow {
  return {
    ...period(month),
    BilledCost: usdCents(cents.billed),
    EffectiveCost: usdCents(cents.effective),
    ServiceName: line.service,
    SubAccountId: line.accountId,
    SubAccountName: line.accountName,
    ChargeCategory: chargeCategory(line.recordType),
    ChargeDescription: line.recordType,
    tenant: tenants.get(line.accountId) ?? '',
  };
}

/**
 * The row of the month's part no account carries (docs/aws-behaviours/fleet.md#the-total-is-the-total):
 * empty SubAccountId, category Usage.
 */
export function notAttributedRow(
  month: string,
  cents: { billed: bigint; effective: bigint },
): FocusRow {
  const none = { accountId: '', accountName: '', service: '' };
  return {
    ...focusRow(
      month,
      { ...none, recordType: 'Usage', billed: 0n, effective: 0n },
      cents,
      new Map(),
    ),
    ChargeDescription: 'not attributed to an account',
  };
}

/** The costs page's column and total: amortized metrics are EffectiveCost, the rest BilledCost. */
export function pageTotal(options: {
  orgBilled: Amount;
  orgEffective: Amount;
  pageMetric?: string;
}): ChargebackTotals {
  const amortized = /Amortized/.test(options.pageMetric ?? 'AmortizedCost');
  return amortized
    ? { total: formatUsd(options.orgEffective), pageColumn: 'EffectiveCost' }
    : { total: formatUsd(options.orgBilled), pageColumn: 'BilledCost' };
}

/**
 * The summary of one account from all its lines of the month: exact sums, each rounded to the
 * cent (as the costs page rounds each tenant).
 */
export function summarizeAccount(
  lines: readonly ChargeLine[],
  tenantId: string,
): ChargebackSummary {
  const a = { usage: 0n, tax: 0n, credit: 0n, refund: 0n, effective: 0n };
  for (const l of lines) {
    const bucket = recordTypeBucket(l.recordType);
    a[bucket] += l.billed;
    if (bucket === 'usage' || bucket === 'tax') a.effective += l.effective;
  }
  return {
    tenantId,
    accountId: lines[0]?.accountId ?? '',
    accountName: lines[0]?.accountName ?? '',
    usage: formatUsd(a.usage),
    tax: formatUsd(a.tax),
    credits: formatUsd(a.credit),
    refunds: formatUsd(a.refund),
    usageTaxBilled: formatUsd(a.usage + a.tax),
    usageTaxEffective: formatUsd(a.effective),
  };
}
