import { createApiRef } from '@backstage/core-plugin-api';
import type {
  FleetSpend,
  FleetSpendQuery,
  Guardrail,
  RefreshRun,
  SourceFreshness,
  TenantActivity,
  TenantCompliance,
  TenantDeployments,
  TenantHealth,
  TenantListQuery,
  TenantListResponse,
  TenantRecentErrors,
  TenantSpend,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';

/**
 * Client of the tenants backend REST API (`/api/tenants`).
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) when the backend answers
 * a non-2xx status; its message carries the backend's own error message (for example the rule a
 * bad query parameter broke, or the permission that was missing). Money is decimal USD strings,
 * dates are ISO-8601 UTC.
 *
 * @public
 */
export interface TenantsApi {
  /**
   * `GET /tenants` — one page (≤ 100 rows) of tenants, sorted and filtered on the server.
   * Spend, health and compliance are null where the user may not read them; `columns` and
   * `conditionalColumns` say which the user reads on every tenant and on some. Sorting by
   * one (or filtering by health) that is not in `columns` rejects with a 403 `ResponseError`.
   */
  listTenants(query: TenantListQuery): Promise<TenantListResponse>;
  /** `GET /tenants/:tenantId` — one tenant's overview row. */
  getTenant(tenantId: string): Promise<TenantSummary>;
  /** `GET /tenants/:tenantId/activity` — vending task steps and refreshes, newest first. */
  getTenantActivity(tenantId: string): Promise<{ items: TenantActivity[] }>;
  /** `GET /tenants/:tenantId/spend` — needs `tenants.spend.read`. */
  getTenantSpend(tenantId: string): Promise<TenantSpend>;
  /** `GET /tenants/:tenantId/health` — needs `tenants.health.read`. */
  getTenantHealth(tenantId: string): Promise<TenantHealth>;
  /** `GET /tenants/:tenantId/compliance` — needs `tenants.compliance.read`. */
  getTenantCompliance(tenantId: string): Promise<TenantCompliance>;
  /** `GET /tenants/:tenantId/deployments` — needs `tenants.deployments.read`. */
  getTenantDeployments(tenantId: string): Promise<TenantDeployments>;
  /**
   * `GET /tenants/:tenantId/logs/recent-errors?minutes` — needs `tenants.logs.read`: the most
   * recent ERROR lines of the last `minutes` (default 60), from a Logs Insights query run now.
   */
  getTenantRecentErrors(
    tenantId: string,
    minutes?: number,
  ): Promise<TenantRecentErrors>;
  /** `GET /guardrails` — the central guardrail catalog. */
  listGuardrails(): Promise<{ items: Guardrail[] }>;
  /** `GET /refresh-runs?limit` — latest refresh runs, newest first. */
  listRefreshRuns(limit?: number): Promise<{ items: RefreshRun[] }>;
  /** `GET /freshness` — each source's freshness (each is refreshed on its own cadence). */
  listSourceFreshness(): Promise<{ items: SourceFreshness[] }>;
  /** `POST /refresh` — starts a refresh (202); needs `tenants.refresh`. */
  startRefresh(): Promise<{ runId: string }>;
  /**
   * `GET /spend/fleet?month=YYYY-MM` — finance view of one UTC calendar month; without `month`
   * the backend answers its current month (of its latest snapshot), named in `FleetSpend.month`.
   * `page` picks one page of the tenant rows (paged, sorted and searched on the server;
   * default the 50 largest amounts); `totalCount` counts every matching row.
   */
  getFleetSpend(
    month?: string,
    page?: Omit<FleetSpendQuery, 'month'>,
  ): Promise<FleetSpend>;
  /** Absolute URL of `GET /spend/export.csv?from=YYYY-MM&to=YYYY-MM` (tenant × month × service). */
  getSpendExportUrl(from: string, to: string): Promise<string>;
  /**
   * Downloads the CSV export (with the user's credentials) as a Blob. The backend streams it;
   * `onProgress` is called as lines arrive with the lines so far and the most the backend said
   * would come (its `X-Expected-Rows`, undefined when it did not say).
   */
  downloadSpendExport(
    from: string,
    to: string,
    onProgress?: (rows: number, expected: number | undefined) => void,
  ): Promise<Blob>;
}

/**
 * API reference of {@link TenantsApi}.
 * @public
 */
export const tenantsApiRef = createApiRef<TenantsApi>({
  id: 'plugin.tenants.service',
});
