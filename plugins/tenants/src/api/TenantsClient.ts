import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  FleetSpend,
  Guardrail,
  RefreshRun,
  TenantActivity,
  TenantCompliance,
  TenantHealth,
  TenantListQuery,
  TenantListResponse,
  TenantSpend,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { TenantsApi } from './TenantsApi';

/**
 * Builds the query string of `GET /tenants`. List filters are sent as repeated parameters
 * (`state=ACTIVE&state=SUSPENDED`); empty values are left out.
 * @internal
 */
export function tenantListSearchParams(
  query: TenantListQuery,
): URLSearchParams {
  const params = new URLSearchParams();
  const scalar = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') params.set(key, String(value));
  };
  scalar('limit', query.limit);
  scalar('offset', query.offset);
  scalar('sort', query.sort);
  scalar('order', query.order);
  for (const key of ['state', 'tier', 'owner', 'health'] as const) {
    for (const value of query[key] ?? []) params.append(key, value);
  }
  scalar('q', query.q?.trim());
  return params;
}

/**
 * {@link TenantsApi} over HTTP: resolves the `tenants` backend through the DiscoveryApi and calls
 * it with the FetchApi (which adds the user's Backstage token).
 *
 * @throws ResponseError for every non-2xx answer (message from the backend's error body).
 * @public
 */
export class TenantsClient implements TenantsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listTenants(query: TenantListQuery): Promise<TenantListResponse> {
    const qs = tenantListSearchParams(query).toString();
    return this.get(`/tenants${qs ? `?${qs}` : ''}`);
  }

  getTenant(tenantId: string): Promise<TenantSummary> {
    return this.get(`/tenants/${encodeURIComponent(tenantId)}`);
  }

  getTenantActivity(tenantId: string): Promise<{ items: TenantActivity[] }> {
    return this.get(`/tenants/${encodeURIComponent(tenantId)}/activity`);
  }

  getTenantSpend(tenantId: string): Promise<TenantSpend> {
    return this.get(`/tenants/${encodeURIComponent(tenantId)}/spend`);
  }

  getTenantHealth(tenantId: string): Promise<TenantHealth> {
    return this.get(`/tenants/${encodeURIComponent(tenantId)}/health`);
  }

  getTenantCompliance(tenantId: string): Promise<TenantCompliance> {
    return this.get(`/tenants/${encodeURIComponent(tenantId)}/compliance`);
  }

  listGuardrails(): Promise<{ items: Guardrail[] }> {
    return this.get('/guardrails');
  }

  listRefreshRuns(limit = 1): Promise<{ items: RefreshRun[] }> {
    return this.get(`/refresh-runs?limit=${limit}`);
  }

  async startRefresh(): Promise<{ runId: string }> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}/refresh`,
      { method: 'POST' },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }

  getFleetSpend(month?: string): Promise<FleetSpend> {
    return this.get(
      month
        ? `/spend/fleet?month=${encodeURIComponent(month)}`
        : '/spend/fleet',
    );
  }

  async getSpendExportUrl(from: string, to: string): Promise<string> {
    const qs = new URLSearchParams({ from, to });
    return `${await this.baseUrl()}/spend/export.csv?${qs}`;
  }

  async downloadSpendExport(from: string, to: string): Promise<Blob> {
    const response = await this.fetchApi.fetch(
      await this.getSpendExportUrl(from, to),
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('tenants');
  }

  private async get<T>(path: string): Promise<T> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
