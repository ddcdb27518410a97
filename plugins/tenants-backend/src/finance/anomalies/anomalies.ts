/**
 * AWS Cost Anomaly Detection read from the payer account (Cost Explorer GetAnomalyMonitors and
 * GetAnomalies, every page) and attributed to tenants by linked account. See
 * docs/aws-behaviours/finance.md#anomalies.
 */
import {
  Anomaly,
  AnomalyMonitor,
  CostExplorerClient,
  GetAnomaliesCommand,
  GetAnomalyMonitorsCommand,
} from '@aws-sdk/client-cost-explorer';
import { collectAll } from '@tenancy/plugin-tenants-node';
import { Amount, compareDesc, formatUsd, parseAmount } from '../../spend/money';

/** Days of anomalies read: AWS keeps 90. */
export const ANOMALY_DAYS = 89;

/** One root cause of an anomaly (AWS's `RootCause`), amounts in USD. */
export interface AnomalyRootCause {
  service?: string;
  region?: string;
  linkedAccount?: string;
  linkedAccountName?: string;
  usageType?: string;
  /** USD this cause contributed, 2 decimals; undefined when AWS sent none. */
  contribution?: string;
}

/** An anomaly as the Spend tab and the costs page show it. */
export interface TenantAnomaly {
  anomalyId: string;
  tenantId: string;
  accountId: string;
  /** `YYYY-MM-DD` (UTC); the end is absent while the anomaly is ongoing. */
  startDate?: string;
  endDate?: string;
  /** USD, 2 decimals: AWS's TotalImpact (actual − expected), else MaxImpact. */
  impact: string;
  /** AWS's TotalImpactPercentage, when sent. */
  impactPercentage?: number;
  actualSpend?: string;
  expectedSpend?: string;
  /** Root causes of this tenant's account only, largest contribution first. */
  rootCauses: AnomalyRootCause[];
  monitorArn: string;
  feedback?: string;
}

/** The anomalies of one refresh. */
export type AnomalyReading =
  | { monitors: 'none' }
  | {
      monitors: Array<{ arn: string; name: string; dimension?: string }>;
      byTenant: Map<string, TenantAnomaly[]>;
      /** Anomalies with no tenant account among their causes (shared or management spend). */
      unattributed: Anomaly[];
      pages: number;
    };

const usd = (n: number | undefined): string | undefined =>
  n === undefined ? undefined : formatUsd(parseAmount(String(n)));

const amountOf = (n: number | undefined): Amount =>
  n === undefined ? 0n : parseAmount(String(n));

const day = (d: string | undefined): string | undefined => d?.slice(0, 10);

/**
 * The accounts an anomaly is about: the linked accounts of its root causes, else its
 * DimensionValue when that is an account id (a LINKED_ACCOUNT monitor's dimension).
 */
export function anomalyAccounts(a: Anomaly): string[] {
  const fromCauses = (a.RootCauses ?? [])
    .map(r => r.LinkedAccount)
    .filter((id): id is string => !!id);
  if (fromCauses.length) return [...new Set(fromCauses)];
  return a.DimensionValue && /^\d{12}$/.test(a.DimensionValue)
    ? [a.DimensionValue]
    : [];
}

/**
 * Attributes anomalies to tenants: one {@link TenantAnomaly} per anomaly and tenant account
 * it names (an anomaly spanning two tenants appears on both, each with its own root causes).
 * Impact is AWS's, never recomputed. Each tenant's list is largest impact first.
 *
 * @param tenants - tenant id by account id
 */
export function attributeAnomalies(
  anomalies: readonly Anomaly[],
  tenants: ReadonlyMap<string, string>,
): { byTenant: Map<string, TenantAnomaly[]>; unattributed: Anomaly[] } {
  const byTenant = new Map<string, TenantAnomaly[]>();
  const unattributed: Anomaly[] = [];
  for (const a of anomalies) {
    const accounts = anomalyAccounts(a).filter(id => tenants.has(id));
    if (!accounts.length) {
      unattributed.push(a);
      continue;
    }
    for (const accountId of accounts) {
      const tenantId = tenants.get(accountId)!;
      const causes = (a.RootCauses ?? [])
        .filter(r => !r.LinkedAccount || r.LinkedAccount === accountId)
        .map(r => ({
          raw: amountOf(r.Impact?.Contribution),
          cause: {
            service: r.Service,
            region: r.Region,
            linkedAccount: r.LinkedAccount,
            linkedAccountName: r.LinkedAccountName,
            usageType: r.UsageType,
            contribution: usd(r.Impact?.Contribution),
          },
        }))
        .sort((x, y) => compareDesc(x.raw, y.raw))
        .map(c => c.cause);
      const i = a.Impact;
      const item: TenantAnomaly = {
        anomalyId: a.AnomalyId ?? '',
        tenantId,
        accountId,
        startDate: day(a.AnomalyStartDate),
        endDate: day(a.AnomalyEndDate),
        impact: usd(i?.TotalImpact ?? i?.MaxImpact) ?? '0.00',
        impactPercentage: i?.TotalImpactPercentage,
        actualSpend: usd(i?.TotalActualSpend),
        expectedSpend: usd(i?.TotalExpectedSpend),
        rootCauses: causes,
        monitorArn: a.MonitorArn ?? '',
        feedback: a.Feedback,
      };
      byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), item]);
    }
  }
  for (const list of byTenant.values())
    list.sort(
      (x, y) =>
        compareDesc(parseAmount(x.impact), parseAmount(y.impact)) ||
        x.anomalyId.localeCompare(y.anomalyId),
    );
  return { byTenant, unattributed };
}

/**
 * Reads the payer's anomaly monitors and the anomalies whose end date falls in `[start, end]`
 * (UTC dates; AWS keeps 90 days), following every NextPageToken, and attributes them.
 * With no monitor answers `{ monitors: 'none' }` without calling GetAnomalies: the portal
 * says so instead of guessing.
 *
 * @throws the SDK's error (map with the house's AWS error mapping at the caller)
 */
export async function readAnomalies(
  ce: CostExplorerClient,
  range: { start: string; end: string },
  tenants: ReadonlyMap<string, string>,
): Promise<AnomalyReading> {
  let pages = 0;
  const monitors: AnomalyMonitor[] = await collectAll(
    t => {
      pages++;
      return ce.send(new GetAnomalyMonitorsCommand({ NextPageToken: t }));
    },
    p => p.AnomalyMonitors,
    p => p.NextPageToken,
  );
  if (!monitors.length) return { monitors: 'none' };
  const anomalies = await collectAll(
    t => {
      pages++;
      return ce.send(
        new GetAnomaliesCommand({
          DateInterval: { StartDate: range.start, EndDate: range.end },
          NextPageToken: t,
        }),
      );
    },
    p => p.Anomalies,
    p => p.NextPageToken,
  );
  return {
    monitors: monitors.map(m => ({
      arn: m.MonitorArn ?? '',
      name: m.MonitorName ?? '',
      dimension: m.MonitorDimension,
    })),
    ...attributeAnomalies(anomalies, tenants),
    pages,
  };
}
