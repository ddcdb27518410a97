import { TenantsClient } from './TenantsClient';

/** A client whose FetchApi records each request (method and URL) and answers `response()`. */
function client(response: () => Response) {
  const calls: Array<{ method: string; url: string }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push({ method: req.method, url: req.url });
    return response();
  };
  const c = new TenantsClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}`,
    },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { c, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('TenantsClient', () => {
  it('sends list queries with repeated filter parameters, leaving out empty ones', async () => {
    const { c, calls } = client(() =>
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
    await c.listTenants({ q: '  ', tier: [] });
    expect(calls.map(call => call.url)).toEqual([
      'http://localhost:7007/api/tenants/tenants?limit=25&offset=50&sort=spend&order=desc&health=critical&health=degraded&q=ac',
      'http://localhost:7007/api/tenants/tenants',
    ]);
  });

  it('calls each route of the contract', async () => {
    const { c, calls } = client(() => json({}));
    await c.getTenant('acme.corp_01');
    await c.getTenantActivity('acme');
    await c.getTenantSpend('acme');
    await c.getTenantHealth('acme');
    await c.getTenantCompliance('acme');
    await c.listGuardrails();
    await c.listRefreshRuns(2);
    await c.getFleetSpend('2025-04');
    await c.getFleetSpend();
    await c.getFleetSpend('2025-04', {
      limit: 25,
      offset: 50,
      sort: 'name',
      order: 'asc',
      q: 'acme',
    });
    await c.getFleetSpend(undefined, { limit: 1, q: '  ' });
    expect(calls.map(call => `${call.method} ${call.url}`)).toEqual([
      'GET http://localhost:7007/api/tenants/tenants/acme.corp_01',
      'GET http://localhost:7007/api/tenants/tenants/acme/activity',
      'GET http://localhost:7007/api/tenants/tenants/acme/spend',
      'GET http://localhost:7007/api/tenants/tenants/acme/health',
      'GET http://localhost:7007/api/tenants/tenants/acme/compliance',
      'GET http://localhost:7007/api/tenants/guardrails',
      'GET http://localhost:7007/api/tenants/refresh-runs?limit=2',
      'GET http://localhost:7007/api/tenants/spend/fleet?month=2025-04',
      'GET http://localhost:7007/api/tenants/spend/fleet',
      'GET http://localhost:7007/api/tenants/spend/fleet?limit=25&offset=50&sort=name&order=asc&q=acme&month=2025-04',
      'GET http://localhost:7007/api/tenants/spend/fleet?limit=1',
    ]);
    expect(await c.getSpendExportUrl('2024-04', '2025-04')).toBe(
      'http://localhost:7007/api/tenants/spend/export.csv?from=2024-04&to=2025-04',
    );
  });

  it('encodes a tenant id in the path', async () => {
    const { c, calls } = client(() => json({}));
    await c.getTenant('a/b c');
    expect(calls[0].url).toBe(
      'http://localhost:7007/api/tenants/tenants/a%2Fb%20c',
    );
  });

  it('POSTs a refresh and returns the run id', async () => {
    const { c, calls } = client(() =>
      json({ runId: 'run-9', alreadyRunning: false }, 202),
    );
    await expect(c.startRefresh()).resolves.toEqual({
      runId: 'run-9',
      alreadyRunning: false,
    });
    expect(calls).toEqual([
      { method: 'POST', url: 'http://localhost:7007/api/tenants/refresh' },
    ]);
  });

  it('downloads the CSV export as a Blob', async () => {
    const { c, calls } = client(
      () =>
        new Response('tenant_id,account_id\r\n', {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8' },
        }),
    );
    const blob = await c.downloadSpendExport('2025-01', '2025-03');
    expect(await blob.text()).toBe('tenant_id,account_id\r\n');
    expect(blob.type).toBe('text/csv');
    expect(calls[0].url).toBe(
      'http://localhost:7007/api/tenants/spend/export.csv?from=2025-01&to=2025-03',
    );
  });

  it('reports the lines of a streamed CSV export as they arrive, with the expected rows', async () => {
    const encoder = new TextEncoder();
    const parts = ['h\r\na,1\r\nb,', '2\r\nc,3\r\n'];
    const { c } = client(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              parts.forEach(p => controller.enqueue(encoder.encode(p)));
              controller.close();
            },
          }),
          { status: 200, headers: { 'X-Expected-Rows': '4' } },
        ),
    );
    const progress: Array<[number, number | undefined]> = [];
    const blob = await c.downloadSpendExport('2025-01', '2025-03', (r, e) =>
      progress.push([r, e]),
    );
    expect(progress).toEqual([
      [1, 4],
      [3, 4],
    ]);
    expect(await blob.text()).toBe(parts.join(''));
  });

  it('throws a ResponseError carrying the backend message that names the broken rule', async () => {
    const { c } = client(() =>
      json(
        {
          error: {
            name: 'InputError',
            message: 'Invalid query: limit must be an integer from 1 to 100',
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
      message: 'Request failed with 400 ',
      cause: {
        name: 'InputError',
        message: 'Invalid query: limit must be an integer from 1 to 100',
      },
      body: {
        error: {
          message: 'Invalid query: limit must be an integer from 1 to 100',
        },
      },
    });
  });
});
