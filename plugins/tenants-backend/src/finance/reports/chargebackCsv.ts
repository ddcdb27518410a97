/**
 * The chargeback report's CSV lines (RFC 4180, stored without line ends and joined by CRLF when
 * served; cells escaped by the spend export's {@link csvField}): the FOCUS rows and the
 * per-account summary.
 */
import { csvField } from '../../spend/csv';
import { usdCents, type ChargebackSummary, type FocusRow } from './chargeback';

/** FOCUS columns in file order; `Tags` holds the tenant tag as FOCUS's JSON object. */
export const FOCUS_COLUMNS = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ServiceName',
  'SubAccountId',
  'SubAccountName',
  'ChargeCategory',
  'ChargeDescription',
  'Tags',
] as const;

/**
 * Summary columns: UnblendedCost by record type, then usage + tax in UnblendedCost and in
 * AmortizedCost (see {@link ChargebackSummary}: credits and refunds are apart, so these are not
 * the sum of the account's BilledCost or EffectiveCost rows).
 */
export const SUMMARY_COLUMNS = [
  'tenant_id',
  'account_id',
  'account_name',
  'usage_usd',
  'tax_usd',
  'credits_usd',
  'refunds_usd',
  'usage_tax_billed_usd',
  'usage_tax_effective_usd',
] as const;

/** One CSV line (no line end) of cells, each escaped by {@link csvField}. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(',');
}

/** The CSV line of a FOCUS row. */
export function focusLine(r: FocusRow): string {
  return csvLine([
    r.BillingPeriodStart,
    r.BillingPeriodEnd,
    r.ChargePeriodStart,
    r.ChargePeriodEnd,
    r.BilledCost,
    r.EffectiveCost,
    r.BillingCurrency,
    r.ServiceName,
    r.SubAccountId,
    r.SubAccountName,
    r.ChargeCategory,
    r.ChargeDescription,
    JSON.stringify(r.tenant ? { tenant: r.tenant } : {}),
  ]);
}

/** The CSV line of an account's summary. */
export function summaryLine(s: ChargebackSummary): string {
  return csvLine([
    s.tenantId,
    s.accountId,
    s.accountName,
    s.usage,
    s.tax,
    s.credits,
    s.refunds,
    s.usageTaxBilled,
    s.usageTaxEffective,
  ]);
}

/**
 * The summary's line of the part of the month no account carries (Cost Explorer's total minus
 * its groups by linked account): no tenant, account or record-type split, only usage + tax.
 */
export function notAttributedSummaryLine(cents: {
  billed: bigint;
  effective: bigint;
}): string {
  return csvLine([
    '',
    '',
    'not attributed to an account',
    '',
    '',
    '',
    '',
    usdCents(cents.billed),
    usdCents(cents.effective),
  ]);
}
