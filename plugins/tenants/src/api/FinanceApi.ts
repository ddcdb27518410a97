import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import {
  TenantsApiClient,
  type TenantsApiResponseBody,
  type TenantsApiSchemas,
} from '@tenancy/plugin-tenants-common';

/** A tenant's budget, anomalies, footprint and unit cost (`GET /tenants/:id/finance`). @public */
export type TenantFinance = TenantsApiResponseBody<
  '/tenants/{tenantId}/finance',
  'get'
>;
/** The fleet's footprint leaders, unit-cost distribution and anomalies of a month. @public */
export type FinanceFleet = TenantsApiResponseBody<'/finance/fleet', 'get'>;
/** A stored chargeback report's listing entry. @public */
export type ChargebackReport = TenantsApiSchemas['ChargebackReport'];
/** A tenant's budget with its tenant id. @public */
export type TenantBudget = TenantsApiResponseBody<
  '/finance/budgets',
  'get'
>['items'][number];

/**
 * The finance routes of the tenants backend (issue 19): chargeback reports, the fixed-cost
 * footprint, anomalies, unit cost and the vend-time budgets. Every method needs
 * `tenants.spend.read` (the fleet ones for every tenant) and rejects with a `ResponseError`
 * carrying the backend's message otherwise. Money is decimal USD strings, dates ISO-8601 UTC.
 * @public
 */
export interface FinanceApi {
  getTenantFinance(tenantId: string): Promise<TenantFinance>;
  /** Without `month`, the current UTC month. */
  getFinanceFleet(month?: string): Promise<FinanceFleet>;
  /** `over`: actual above the amount; `forecast-over`: forecast above it (includes `over`). */
  listTenantBudgets(
    state?: 'over' | 'forecast-over',
  ): Promise<{ items: TenantBudget[] }>;
  listChargebackReports(): Promise<{ items: ChargebackReport[] }>;
  /** A report's CSV (FOCUS rows or the per-account summary); each download is audited. */
  downloadChargebackReport(
    month: string,
    part: 'rows' | 'summary',
  ): Promise<Blob>;
}

/** API reference of {@link FinanceApi}. @public */
export const financeApiRef = createApiRef<FinanceApi>({
  id: 'plugin.tenants.finance',
});

/** {@link FinanceApi} over HTTP with the typed `TenantsApiClient`. @public */
export class FinanceClient implements FinanceApi {
  private readonly api: TenantsApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new TenantsApiClient(options);
  }

  getTenantFinance(tenantId: string) {
    return this.api.getTenantFinance(tenantId);
  }

  getFinanceFleet(month?: string) {
    return this.api.getFinanceFleet(month ? { month } : {});
  }

  listTenantBudgets(state?: 'over' | 'forecast-over') {
    return this.api.listTenantBudgets(state ? { state } : {});
  }

  listChargebackReports() {
    return this.api.listChargebackReports();
  }

  downloadChargebackReport(month: string, part: 'rows' | 'summary') {
    return this.api.downloadChargebackReport(month, part);
  }
}
