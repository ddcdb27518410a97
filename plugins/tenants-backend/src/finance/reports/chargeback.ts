/**
 * The monthly chargeback report: one row per account × service × record type of a closed
 * month, in FinOps FOCUS column names, plus a per-account summary. Built from Cost Explorer
 * lines once the month is final (see ./chargebackFetch.ts); docs/aws-behaviours/finance.md#chargeback-report.
 */
import { addMonths } from '@tenancy/plugin-tenants-common';
import { recordTypeBucket } from '../../spend/costExplorer';
import { Amount, amountToCents, formatUsd, fromCents } from '../../spend/money';

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

/** One account's totals for the month (the costs page's amount is `billed`). */
export interface ChargebackSummary {
  tenantId: string;
  accountId: string;
  accountName: string;
  usage: string;
  tax: string;
  credits: string;
  refunds: string;
  /** usage + tax (the spend headline, as the costs page shows it). */
  billed: string;
  effective: string;
}

/** A built report. */
export interface ChargebackReport {
  /** `YYYY-MM` */
  month: string;
  /** ISO-8601 UTC */
  generatedAt: string;
  currency: 'USD';
  /**
   * The month's headline total (usage + tax) in the costs page's metric: the column that metric
   * fills (`BilledCost` for UnblendedCost, `EffectiveCost` for AmortizedCost) adds up to it.
   */
  total: string;
  /** Which column carries the costs page's metric. */
  pageColumn: 'BilledCost' | 'EffectiveCost';
  rows: FocusRow[];
  summary: ChargebackSummary[];
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
 * each is floored, then the missing cents go to the largest remainders (ties by index).
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

const instant = (day: string) => `${day}T00:00:00Z`;
const usdCents = (c: bigint) => formatUsd(fromCents(c));

/**
 * Builds the report of a closed month.
 *
 * Rows whose category counts in the headline (everything but Credit and Adjustment) and the
 * "not attributed to an account" row (`orgBilled` − the lines' headline sum, a row with an
 * empty SubAccountId, docs/aws-behaviours/fleet.md#the-total-is-the-total) are rounded together
 * so that they add up to `orgBilled` rounded to the cent — the costs page's total. Credit and
 * refund rows are rounded one by one. Rows are sorted by tenant, account, service, category.
 *
 * @param tenants - tenant id by account id
 * @param orgBilled - the ungrouped usage + tax UnblendedCost of the month
 * @param orgEffective - the same for AmortizedCost
 */
export function buildChargeback(options: {
  month: string;
  lines: readonly ChargeLine[];
  orgBilled: Amount;
  orgEffective: Amount;
  tenants: ReadonlyMap<string, string>;
  generatedAt: string;
  /** The costs page's metric (`tenancy.spend.metric`); default AmortizedCost. */
  pageMetric?: string;
}): ChargebackReport {
  const { month, tenants } = options;
  const start = instant(`${month}-01`);
  const end = instant(`${addMonths(month, 1)}-01`);
  const lines = [...options.lines].sort(
    (a, b) =>
      (tenants.get(a.accountId) ?? '').localeCompare(
        tenants.get(b.accountId) ?? '',
      ) ||
      a.accountId.localeCompare(b.accountId) ||
      a.service.localeCompare(b.service) ||
      a.recordType.localeCompare(b.recordType),
  );
  const counted = (l: ChargeLine) => {
    const c = chargeCategory(l.recordType);
    return c !== 'Credit' && c !== 'Adjustment';
  };
  let groupsBilled = 0n;
  let groupsEffective = 0n;
  for (const l of lines.filter(counted)) {
    groupsBilled += l.billed;
    groupsEffective += l.effective;
  }
  const gap = {
    billed: options.orgBilled - groupsBilled,
    effective: options.orgEffective - groupsEffective,
  };
  const withGap = [...lines.filter(counted), gap];
  const billedCents = roundToTotal(
    withGap.map(l => l.billed),
    amountToCents(options.orgBilled),
  );
  const effCents = roundToTotal(
    withGap.map(l => l.effective),
    amountToCents(options.orgEffective),
  );
  const centsOf = new Map<ChargeLine, [bigint, bigint]>();
  lines
    .filter(counted)
    .forEach((l, i) => centsOf.set(l, [billedCents[i], effCents[i]]));

  const base = {
    BillingPeriodStart: start,
    BillingPeriodEnd: end,
    ChargePeriodStart: start,
    ChargePeriodEnd: end,
    BillingCurrency: 'USD' as const,
  };
  const rows: FocusRow[] = lines.map(l => {
    const [b, e] = centsOf.get(l) ?? [
      amountToCents(l.billed),
      amountToCents(l.effective),
    ];
    return {
      ...base,
      BilledCost: usdCents(b),
      EffectiveCost: usdCents(e),
      ServiceName: l.service,
      SubAccountId: l.accountId,
      SubAccountName: l.accountName,
      ChargeCategory: chargeCategory(l.recordType),
      ChargeDescription: l.recordType,
      tenant: tenants.get(l.accountId) ?? '',
    };
  });
  const gapB = billedCents[billedCents.length - 1];
  const gapE = effCents[effCents.length - 1];
  if (gapB !== 0n || gapE !== 0n) {
    rows.push({
      ...base,
      BilledCost: usdCents(gapB),
      EffectiveCost: usdCents(gapE),
      ServiceName: '',
      SubAccountId: '',
      SubAccountName: '',
      ChargeCategory: 'Usage',
      ChargeDescription: 'not attributed to an account',
      tenant: '',
    });
  }
  return {
    month,
    generatedAt: options.generatedAt,
    currency: 'USD',
    ...pageTotal(options),
    rows,
    summary: summarize(lines, tenants),
  };
}

/** The costs page's column and total: amortized metrics are EffectiveCost, the rest BilledCost. */
export function pageTotal(options: {
  orgBilled: Amount;
  orgEffective: Amount;
  pageMetric?: string;
}): Pick<ChargebackReport, 'total' | 'pageColumn'> {
  const amortized = /Amortized/.test(options.pageMetric ?? 'AmortizedCost');
  return amortized
    ? { total: formatUsd(options.orgEffective), pageColumn: 'EffectiveCost' }
    : { total: formatUsd(options.orgBilled), pageColumn: 'BilledCost' };
}

function summarize(
  lines: readonly ChargeLine[],
  tenants: ReadonlyMap<string, string>,
): ChargebackSummary[] {
  const acc = new Map<
    string,
    {
      name: string;
      usage: Amount;
      tax: Amount;
      credit: Amount;
      refund: Amount;
      effective: Amount;
    }
  >();
  for (const l of lines) {
    const a = acc.get(l.accountId) ?? {
      name: l.accountName,
      usage: 0n,
      tax: 0n,
      credit: 0n,
      refund: 0n,
      effective: 0n,
    };
    a[recordTypeBucket(l.recordType)] += l.billed;
    if (
      recordTypeBucket(l.recordType) === 'usage' ||
      recordTypeBucket(l.recordType) === 'tax'
    )
      a.effective += l.effective;
    acc.set(l.accountId, a);
  }
  return [...acc.entries()].map(([accountId, a]) => ({
    tenantId: tenants.get(accountId) ?? '',
    accountId,
    accountName: a.name,
    usage: formatUsd(a.usage),
    tax: formatUsd(a.tax),
    credits: formatUsd(a.credit),
    refunds: formatUsd(a.refund),
    billed: formatUsd(a.usage + a.tax),
    effective: formatUsd(a.effective),
  }));
}
