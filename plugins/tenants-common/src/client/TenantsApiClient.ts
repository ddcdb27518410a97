/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (GET, POST) */
import { ResponseError } from '@backstage/errors';
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi';
import type {
  TenantsApiActivityInput,
  TenantsApiDiscovery,
  TenantsApiFetch,
  TenantsApiListQuery,
  TenantsApiQuery,
  TenantsApiReleaseStartInput,
  TenantsApiRequestOptions,
  TenantsApiResponseBody,
} from './apiTypes';

/** The `GET` paths whose only parameter is the tenant id in the path, and their success bodies. */
type TenantScopedBody = {
  '/tenants/{tenantId}': TenantsApiResponseBody<'/tenants/{tenantId}', 'get'>;
  '/tenants/{tenantId}/spend': TenantsApiResponseBody<
    '/tenants/{tenantId}/spend',
    'get'
  >;
  '/tenants/{tenantId}/health': TenantsApiResponseBody<
    '/tenants/{tenantId}/health',
    'get'
  >;
  '/tenants/{tenantId}/compliance': TenantsApiResponseBody<
    '/tenants/{tenantId}/compliance',
    'get'
  >;
  '/tenants/{tenantId}/deployments': TenantsApiResponseBody<
    '/tenants/{tenantId}/deployments',
    'get'
  >;
  '/tenants/{tenantId}/finance': TenantsApiResponseBody<
    '/tenants/{tenantId}/finance',
    'get'
  >;
};

/** Drops empty filters and an empty search, so a request names only what narrows the list. */
function compactListQuery(query: TenantsApiListQuery): TenantsApiListQuery {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const v = typeof value === 'string' && key === 'q' ? value.trim() : value;
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  return out as TenantsApiListQuery;
}

/**
 * The typed client of the tenants backend (`/api/tenants`), one for every caller: the
 * frontend, the catalog provider and the scaffolder actions. Its paths, parameters and answers
 * are the types generated from the tenants OpenAPI spec
 * (`plugins/tenants-backend/src/schema/openapi.yaml`), so a change of the spec that a caller does
 * not follow fails type-checking. Browser-safe (uses `fetch` only).
 *
 * List filters go as repeated parameters (`state=ACTIVE&state=SUSPENDED`), path parameters are
 * URL-encoded.
 *
 * @throws ResponseError (from `@backstage/errors`) for every non-2xx answer; its message is the
 * backend's own, e.g. the rule a parameter broke (400: `Invalid query: limit must be an integer
 * from 1 to 100`) or the missing permission (403).
 * @public
 */
export class TenantsApiClient {
  private readonly discoveryApi: TenantsApiDiscovery;
  private readonly client: ReturnType<typeof createClient<paths>>;

  constructor(options: {
    discoveryApi: TenantsApiDiscovery;
    /** Default: the global `fetch`. */
    fetchApi?: TenantsApiFetch;
  }) {
    this.discoveryApi = options.discoveryApi;
    const send = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
    this.client = createClient<paths>({
      fetch: async (request: Request) => {
        const response = await send.fetch(request);
        if (!response.ok) throw await ResponseError.fromResponse(response);
        return response;
      },
    });
  }

  /** The absolute URL of the tenants backend, e.g. `http://localhost:7007/api/tenants`. */
  baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('tenants');
  }

  private async init(options?: TenantsApiRequestOptions) {
    return {
      baseUrl: await this.baseUrl(),
      ...(options?.token
        ? { headers: { authorization: `Bearer ${options.token}` } }
        : {}),
      ...(options?.signal ? { signal: options.signal } : {}),
    };
  }

  /** `GET` of one of the tenant's own resources, whose only parameter is the tenant id in the path. */
  private async getByTenant<P extends keyof TenantScopedBody>(
    path: P,
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantScopedBody[P]> {
    const { data } = await this.client.GET(path as keyof TenantScopedBody, {
      ...(await this.init(options)),
      params: { path: { tenantId } },
    });
    return data as TenantScopedBody[P];
  }

  /** `GET /tenants`: one page of tenants (≤ 100), sorted and filtered on the server. */
  async listTenants(
    query: TenantsApiListQuery = {},
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants', 'get'>> {
    const { data } = await this.client.GET('/tenants', {
      ...(await this.init(options)),
      params: { query: compactListQuery(query) },
    });
    return data!;
  }

  /** `GET /tenants/{tenantId}`: one tenant's overview row. */
  async getTenant(
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}', 'get'>> {
    return this.getByTenant('/tenants/{tenantId}', tenantId, options);
  }

  /** `GET /tenants/{tenantId}/activity`: what the portal did to the tenant, newest first. */
  async getTenantActivity(
    tenantId: string,
    query: TenantsApiQuery<'/tenants/{tenantId}/activity', 'get'> = {},
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}/activity', 'get'>> {
    const { data } = await this.client.GET('/tenants/{tenantId}/activity', {
      ...(await this.init(options)),
      params: { path: { tenantId }, query },
    });
    return data!;
  }

  /** `GET /tenants/{tenantId}/spend` (`tenants.spend.read`). */
  async getTenantSpend(
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}/spend', 'get'>> {
    return this.getByTenant('/tenants/{tenantId}/spend', tenantId, options);
  }

  /** `GET /tenants/{tenantId}/health` (`tenants.health.read`). */
  async getTenantHealth(
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}/health', 'get'>> {
    return this.getByTenant('/tenants/{tenantId}/health', tenantId, options);
  }

  /** `GET /tenants/{tenantId}/compliance` (`tenants.compliance.read`). */
  async getTenantCompliance(
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}/compliance', 'get'>> {
    return this.getByTenant(
      '/tenants/{tenantId}/compliance',
      tenantId,
      options,
    );
  }

  /** `GET /tenants/{tenantId}/deployments` (`tenants.deployments.read`): release, instances, history. */
  async getTenantDeployments(
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}/deployments', 'get'>> {
    return this.getByTenant(
      '/tenants/{tenantId}/deployments',
      tenantId,
      options,
    );
  }

  /**
   * `GET /tenants/{tenantId}/logs/recent-errors` (`tenants.logs.read`): the tenant's most recent
   * ERROR log lines, from a Logs Insights query run now (`minutes` 5–360, `limit` 1–100).
   */
  async getTenantRecentErrors(
    tenantId: string,
    query: TenantsApiQuery<
      '/tenants/{tenantId}/logs/recent-errors',
      'get'
    > = {},
    options?: TenantsApiRequestOptions,
  ): Promise<
    TenantsApiResponseBody<'/tenants/{tenantId}/logs/recent-errors', 'get'>
  > {
    const { data } = await this.client.GET(
      '/tenants/{tenantId}/logs/recent-errors',
      { ...(await this.init(options)), params: { path: { tenantId }, query } },
    );
    return data!;
  }

  /**
   * `GET /tenants/{tenantId}/logs/top-messages` (`tenants.logs.read`): the tenant's most frequent
   * error messages with counts (`minutes` 5–360, `limit` 1–20).
   */
  async getTenantTopErrorMessages(
    tenantId: string,
    query: TenantsApiQuery<'/tenants/{tenantId}/logs/top-messages', 'get'> = {},
    options?: TenantsApiRequestOptions,
  ): Promise<
    TenantsApiResponseBody<'/tenants/{tenantId}/logs/top-messages', 'get'>
  > {
    const { data } = await this.client.GET(
      '/tenants/{tenantId}/logs/top-messages',
      { ...(await this.init(options)), params: { path: { tenantId }, query } },
    );
    return data!;
  }

  /** `GET /guardrails`: the central guardrail catalog. */
  async listGuardrails(
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/guardrails', 'get'>> {
    const { data } = await this.client.GET('/guardrails', {
      ...(await this.init(options)),
    });
    return data!;
  }

  /** `GET /refresh-runs`: refresh runs, newest first. */
  async listRefreshRuns(
    query: TenantsApiQuery<'/refresh-runs', 'get'> = {},
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/refresh-runs', 'get'>> {
    const { data } = await this.client.GET('/refresh-runs', {
      ...(await this.init(options)),
      params: { query },
    });
    return data!;
  }

  /** `GET /freshness`: how fresh each source is (each refreshed on its own cadence). */
  async listSourceFreshness(
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/freshness', 'get'>> {
    const { data } = await this.client.GET('/freshness', {
      ...(await this.init(options)),
    });
    return data!;
  }

  /** `POST /refresh` (`tenants.refresh`): 202 with the queued or already running run. */
  async startRefresh(
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/refresh', 'post'>> {
    const { data } = await this.client.POST('/refresh', {
      ...(await this.init(options)),
    });
    return data!;
  }

  /** `GET /spend/fleet`: the finance view of one UTC month (default: the snapshot's month). */
  async getFleetSpend(
    query: TenantsApiQuery<'/spend/fleet', 'get'> = {},
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/spend/fleet', 'get'>> {
    const { data } = await this.client.GET('/spend/fleet', {
      ...(await this.init(options)),
      params: { query },
    });
    return data!;
  }

  /** The absolute URL of `GET /spend/export.csv?from=YYYY-MM&to=YYYY-MM`. */
  async spendExportUrl(
    query: TenantsApiQuery<'/spend/export.csv', 'get'>,
  ): Promise<string> {
    const qs = new URLSearchParams({ from: query.from, to: query.to });
    return `${await this.baseUrl()}/spend/export.csv?${qs}`;
  }

  /** `GET /spend/export.csv`: the CSV of tenant × month × service, as a Blob. */
  async exportSpendCsv(
    query: TenantsApiQuery<'/spend/export.csv', 'get'>,
    options?: TenantsApiRequestOptions,
  ): Promise<Blob> {
    const { data } = await this.client.GET('/spend/export.csv', {
      ...(await this.init(options)),
      params: { query },
      parseAs: 'blob',
    });
    return data!;
  }

  /** `GET /tenants/{tenantId}/finance` (`tenants.spend.read`): budget, anomalies, footprint, unit cost. */
  async getTenantFinance(
    tenantId: string,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/tenants/{tenantId}/finance', 'get'>> {
    return this.getByTenant('/tenants/{tenantId}/finance', tenantId, options);
  }

  /** `GET /finance/fleet`: footprint leaders, unit-cost distribution and anomalies of a month. */
  async getFinanceFleet(
    query: TenantsApiQuery<'/finance/fleet', 'get'> = {},
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/finance/fleet', 'get'>> {
    const init = { ...(await this.init(options)), params: { query } };
    return (await this.client.GET('/finance/fleet', init)).data!;
  }

  /** `GET /finance/budgets`: the tenants' budgets, optionally `over` or `forecast-over`. */
  async listTenantBudgets(
    query: TenantsApiQuery<'/finance/budgets', 'get'> = {},
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/finance/budgets', 'get'>> {
    const init = { ...(await this.init(options)), params: { query } };
    return (await this.client.GET('/finance/budgets', init)).data!;
  }

  /** `GET /finance/reports`: the stored monthly chargeback reports, newest first. */
  async listChargebackReports(
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/finance/reports', 'get'>> {
    return (await this.client.GET('/finance/reports', await this.init(options)))
      .data!;
  }

  /** `GET /finance/reports/{month}.csv`: a report's CSV as a Blob (an audit event per download). */
  async downloadChargebackReport(
    month: string,
    part: 'rows' | 'summary' = 'rows',
    options?: TenantsApiRequestOptions,
  ): Promise<Blob> {
    const { data } = await this.client.GET('/finance/reports/{month}.csv', {
      ...(await this.init(options)),
      params: { path: { month }, query: { part } },
      parseAs: 'blob',
    });
    return data!;
  }

  /** `POST /finance/reports/{month}/regenerate`: rebuilds a closed month's report now. */
  async regenerateChargebackReport(
    month: string,
    options?: TenantsApiRequestOptions,
  ): Promise<
    TenantsApiResponseBody<'/finance/reports/{month}/regenerate', 'post'>
  > {
    const { data } = await this.client.POST(
      '/finance/reports/{month}/regenerate',
      {
        ...(await this.init(options)),
        params: { path: { month } },
      },
    );
    return data!;
  }

  /** `POST /activity`: records what a vending action did to a tenant (service principals). */
  async recordActivity(
    body: TenantsApiActivityInput,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/activity', 'post'>> {
    const { data } = await this.client.POST('/activity', {
      ...(await this.init(options)),
      body,
    });
    return data!;
  }

  /** `POST /releases/starts`: records who started a release's operations (service principals). */
  async recordReleaseStart(
    body: TenantsApiReleaseStartInput,
    options?: TenantsApiRequestOptions,
  ): Promise<TenantsApiResponseBody<'/releases/starts', 'post'>> {
    const { data } = await this.client.POST('/releases/starts', {
      ...(await this.init(options)),
      body,
    });
    return data!;
  }
}
