import { TenantsClient, tenantListSearchParams } from './TenantsClient';

function client(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const c = new TenantsClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}`,
    },
    fetchApi: { fetch: fetch as any },
  });
  return { c, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('TenantsClient', () => {
  it('sends list queries with repeated filter parameters', async () => {
    const { c, fetch } = client(() =>
      json({ items: [], totalCount: 0, limit: 25, offset: 50 }),
    );
    await c.listTenants({
      limit: 25,
      offset: 50,
      sort: 'spend',
      order: 'desc',
      health: ['critical', 'degraded'],
      state: [],
      q: ' ac ',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/tenants/tenants?limit=25&offset=50&sort=spend&order=desc&health=critical&health=degraded&q=ac',
    );
    expect(tenantListSearchParams({}).toString()).toBe('');
  });

  it('calls each route of the contract', async () => {
    const { c, fetch } = client(() => json({}));
    await c.getTenant('acme.corp_01');
    await c.getTenantActivity('acme');
    await c.getTenantSpend('acme');
    await c.getTenantHealth('acme');
    await c.getTenantCompliance('acme');
    await c.listGuardrails();
    await c.listRefreshRuns(2);
    await c.getFleetSpend('2025-04');
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://localhost:7007/api/tenants/tenants/acme.corp_01',
      'http://localhost:7007/api/tenants/tenants/acme/activity',
      'http://localhost:7007/api/tenants/tenants/acme/spend',
      'http://localhost:7007/api/tenants/tenants/acme/health',
      'http://localhost:7007/api/tenants/tenants/acme/compliance',
      'http://localhost:7007/api/tenants/guardrails',
      'http://localhost:7007/api/tenants/refresh-runs?limit=2',
      'http://localhost:7007/api/tenants/spend/fleet?month=2025-04',
    ]);
    expect(await c.getSpendExportUrl('2024-04', '2025-04')).toBe(
      'http://localhost:7007/api/tenants/spend/export.csv?from=2024-04&to=2025-04',
    );
  });

  it('POSTs a refresh and returns the run id', async () => {
    const { c, fetch } = client(() => json({ runId: 'run-9' }, 202));
    await expect(c.startRefresh()).resolves.toEqual({ runId: 'run-9' });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/tenants/refresh',
      { method: 'POST' },
    );
  });

  it('throws a ResponseError carrying the backend message', async () => {
    const { c } = client(() =>
      json(
        {
          error: {
            name: 'InputError',
            message: 'limit must be between 1 and 100',
          },
          request: { method: 'GET', url: '/tenants' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    await expect(c.listTenants({ limit: 500 })).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: { error: { message: 'limit must be between 1 and 100' } },
    });
  });
});
