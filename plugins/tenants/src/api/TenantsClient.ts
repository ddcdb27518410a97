import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  TenantsApiClient,
  type FleetSpend,
  type FleetSpendQuery,
  type Guardrail,
  type RefreshRun,
  type SourceFreshness,
  type TenantActivity,
  type TenantCompliance,
  type TenantDeployments,
  type TenantHealth,
  type TenantListQuery,
  type TenantListResponse,
  type TenantRecentErrors,
  type TenantSpend,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { TenantsApi } from './TenantsApi';

/**
 * {@link TenantsApi} over HTTP: the typed `TenantsApiClient` of `@tenancy/plugin-tenants-common`
 * (generated from the backend's OpenAPI spec), resolving the `tenants` backend through the
 * DiscoveryApi and calling it with the FetchApi (which adds the user's Backstage token).
 *
 * @throws ResponseError for every non-2xx answer (message from the backend's error body).
 * @public
 */
export class TenantsClient implements TenantsApi {
  private readonly api: TenantsApiClient;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new TenantsApiClient(options);
    this.fetchApi = options.fetchApi;
  }

  listTenants(query: TenantListQuery): Promise<TenantListResponse> {
    return this.api.listTenants(query);
  }

  getTenant(tenantId: string): Promise<TenantSummary> {
    return this.api.getTenant(tenantId);
  }

  getTenantActivity(tenantId: string): Promise<{ items: TenantActivity[] }> {
    return this.api.getTenantActivity(tenantId);
  }

  getTenantSpend(tenantId: string): Promise<TenantSpend> {
    return this.api.getTenantSpend(tenantId);
  }

  getTenantHealth(tenantId: string): Promise<TenantHealth> {
    return this.api.getTenantHealth(tenantId);
  }

  getTenantCompliance(tenantId: string): Promise<TenantCompliance> {
    return this.api.getTenantCompliance(tenantId);
  }

  getTenantDeployments(tenantId: string): Promise<TenantDeployments> {
    return this.api.getTenantDeployments(tenantId);
  }

  getTenantRecentErrors(
    tenantId: string,
    minutes?: number,
  ): Promise<TenantRecentErrors> {
    return this.api.getTenantRecentErrors(tenantId, minutes ? { minutes } : {});
  }

  listGuardrails(): Promise<{ items: Guardrail[] }> {
    return this.api.listGuardrails();
  }

  listRefreshRuns(limit = 1): Promise<{ items: RefreshRun[] }> {
    return this.api.listRefreshRuns({ limit });
  }

  listSourceFreshness(): Promise<{ items: SourceFreshness[] }> {
    return this.api.listSourceFreshness();
  }

  startRefresh(): Promise<{ runId: string }> {
    return this.api.startRefresh();
  }

  getFleetSpend(
    month?: string,
    page: Omit<FleetSpendQuery, 'month'> = {},
  ): Promise<FleetSpend> {
    const query: FleetSpendQuery = { ...page, ...(month ? { month } : {}) };
    if (!query.q?.trim()) delete query.q;
    return this.api.getFleetSpend(query);
  }

  getSpendExportUrl(from: string, to: string): Promise<string> {
    return this.api.spendExportUrl({ from, to });
  }

  async downloadSpendExport(
    from: string,
    to: string,
    onProgress?: (rows: number, expected: number | undefined) => void,
  ): Promise<Blob> {
    const res = await this.fetchApi.fetch(
      await this.api.spendExportUrl({ from, to }),
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const header = res.headers.get('X-Expected-Rows');
    const expected = header === null ? undefined : Number(header);
    if (!res.body) return res.blob();
    const reader = res.body.getReader();
    const chunks: BlobPart[] = [];
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      for (const byte of value) if (byte === 10) lines += 1;
      // The header line is not a row.
      onProgress?.(Math.max(0, lines - 1), expected);
    }
    return new Blob(chunks, { type: 'text/csv' });
  }
}
