import { randomUUID } from 'node:crypto';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { FinanceStore, StoredReport } from '../FinanceStore';
import { fetchChargebackMonth } from './chargebackFetch';
import { writeChargeback, type ReportTenant } from './chargebackWriter';

export type { ReportTenant } from './chargebackWriter';

/**
 * Reads a month from Cost Explorer and, when it is final, writes its chargeback report and
 * stores it (replacing a stored one). Constant memory: Cost Explorer's lines are staged in the
 * database page by page as they arrive ({@link fetchChargebackMonth}), then the report is
 * written from there a batch of accounts at a time ({@link writeChargeback}); the staged lines
 * are removed at the end, whatever happened.
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
  const { store } = options;
  const buildId = randomUUID();
  try {
    const read = await fetchChargebackMonth(options.ce, options.month, lines =>
      store.stageLines(buildId, lines),
    );
    if (!read.final) return { final: false };
    const report = await writeChargeback({
      store,
      buildId,
      month: options.month,
      tenants: options.tenants,
      orgBilled: read.orgBilled,
      orgEffective: read.orgEffective,
      generatedAt: options.now.toISOString(),
      pageMetric: options.pageMetric,
      // The inventory's names for tenants; Cost Explorer's for every other account.
      accountNames: new Map([
        ...read.accountNames,
        ...options.tenants.map(t => [t.accountId, t.accountName] as const),
      ]),
    });
    return { final: true, report };
  } finally {
    await store.clearStaging(buildId);
  }
}
