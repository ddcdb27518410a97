/**
 * The chargeback report as CSV (RFC 4180, CRLF, cells escaped by the spend export's
 * {@link csvField}): the FOCUS rows and the per-account summary.
 */
import { csvField } from '../../spend/csv';
import type { ChargebackReport, FocusRow } from './chargeback';

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

const SUMMARY_COLUMNS = [
  'tenant_id',
  'account_id',
  'account_name',
  'usage_usd',
  'tax_usd',
  'credits_usd',
  'refunds_usd',
  'billed_usd',
  'effective_usd',
] as const;

function lines(rows: string[][]): string {
  return `${rows.map(r => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function focusCells(r: FocusRow): string[] {
  return [
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
  ];
}

/** The FOCUS rows as CSV with a header line. */
export function chargebackCsv(report: ChargebackReport): string {
  return lines([[...FOCUS_COLUMNS], ...report.rows.map(focusCells)]);
}

/** The per-account summary as CSV with a header line. */
export function chargebackSummaryCsv(report: ChargebackReport): string {
  return lines([
    [...SUMMARY_COLUMNS],
    ...report.summary.map(s => [
      s.tenantId,
      s.accountId,
      s.accountName,
      s.usage,
      s.tax,
      s.credits,
      s.refunds,
      s.billed,
      s.effective,
    ]),
  ]);
}
