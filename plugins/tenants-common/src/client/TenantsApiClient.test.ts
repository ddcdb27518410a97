import { TenantsApiClient } from './TenantsApiClient';

function client(response: () => Response) {
  const seen: Array<{
    method: string;
    url: string;
    auth: string | null;
    body: string;
  }> = [];
  const api = new TenantsApiClient({
    discoveryApi: { getBaseUrl: async id => `http://127.0.0.1:7007/api/${id}` },
    fetchApi: {
      fetch: (async (input: Request) => {
        seen.push({
          method: input.method,
          url: input.url,
          auth: input.headers.get('authorization'),
          body: await input.text(),
        });
        return response();
      }) as typeof fetch,
    },
  });
  return { api, seen };
}

describe('TenantsApiClient', () => {
  it('posts activity as JSON with the service token', async () => {
    const entry = {
      id: 'a1',
      tenantId: 'acme',
      kind: 'vending',
      summary: 'Account created',
      at: '2026-12-06T10:00:00.000Z',
    };
    const { api, seen } = client(
      () =>
        new Response(JSON.stringify(entry), {
          status: 201,
          headers: { 'content-type': 'application/json' },
        }),
    );
    await expect(
      api.recordActivity(
        { tenantId: 'acme', kind: 'vending', summary: 'Account created' },
        { token: 'tok-1' },
      ),
    ).resolves.toEqual(entry);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: 'http://127.0.0.1:7007/api/tenants/activity',
        auth: 'Bearer tok-1',
        body: '{"tenantId":"acme","kind":"vending","summary":"Account created"}',
      },
    ]);
  });

  it('asks for recent errors and top messages with the range and size in the query', async () => {
    const { api, seen } = client(
      () =>
        new Response('{"rows":[]}', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    await api.getTenantRecentErrors('acme corp', { minutes: 30, limit: 5 });
    await api.getTenantTopErrorMessages('acme', {});
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'GET http://127.0.0.1:7007/api/tenants/tenants/acme%20corp/logs/recent-errors?minutes=30&limit=5',
      'GET http://127.0.0.1:7007/api/tenants/tenants/acme/logs/top-messages',
    ]);
  });

  it('rejects with a ResponseError whose cause is the 400 message naming the rule', async () => {
    const { api } = client(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'Invalid body: summary must not be empty',
            },
            request: { method: 'POST', url: '/activity' },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
    );
    await expect(
      api.recordActivity({ tenantId: 'acme', kind: 'vending', summary: '' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: {
        name: 'InputError',
        message: 'Invalid body: summary must not be empty',
      },
    });
  });

  it('sends no authorization header without a token', async () => {
    const { api, seen } = client(
      () =>
        new Response('{"items":[]}', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    await expect(api.listGuardrails()).resolves.toEqual({ items: [] });
    expect(seen[0]).toEqual({
      method: 'GET',
      url: 'http://127.0.0.1:7007/api/tenants/guardrails',
      auth: null,
      body: '',
    });
  });
});
