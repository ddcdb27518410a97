import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { FinanceStore, StoredReport } from '../FinanceStore';
import { buildChargeback } from './chargeback';
import { chargebackCsv, chargebackSummaryCsv } from './chargebackCsv';
import { fetchChargebackMonth } from './chargebackFetch';

/** A tenant's ids as the report needs them. */
export interface ReportTenant {
  tenantId: string;
  accountId: string;
  accountName: string;
}

const linesOf = (csv: string) => csv.split('\r\n').filter(l => l !== '');

/**
 * Reads a month from Cost Explorer and, when it is final, builds its chargeback report and
 * stores it (replacing a stored one).
 * @returns the stored report's listing entry, or `{ final: false }` while Cost Explorer still
 *   marks the month estimated (nothing stored)
 * @throws what Cost Explorer throws
 */
export async function generateReport(options: {
  ce: CostExplorerClient;
  store: FinanceStore;
  month: string;
  tenants: readonly ReportTenant[];
  now: Date;
  pageMetric: string;
}): Promise<{ final: false } | { final: true; report: StoredReport }> {
  const { tenants } = options;
  const read = await fetchChargebackMonth(
    options.ce,
    options.month,
    new Map(tenants.map(t => [t.accountId, t.accountName])),
  );
  if (!read.final) return { final: false };
  const built = buildChargeback({
    month: options.month,
    lines: read.lines,
    orgBilled: read.orgBilled,
    orgEffective: read.orgEffective,
    tenants: new Map(tenants.map(t => [t.accountId, t.tenantId])),
    generatedAt: options.now.toISOString(),
    pageMetric: options.pageMetric,
  });
  const report: StoredReport = {
    month: built.month,
    generatedAt: built.generatedAt,
    total: built.total,
    rowCount: built.rows.length,
    tenantCount: built.summary.filter(s => s.tenantId !== '').length,
  };
  await options.store.putReport(report, {
    rows: linesOf(chargebackCsv(built)),
    summary: linesOf(chargebackSummaryCsv(built)),
  });
  return { final: true, report };
}
