import { TenantsApiClient } from './TenantsApiClient';

describe('TenantsApiClient finance methods', () => {
  const seen: string[] = [];
  const api = new TenantsApiClient({
    discoveryApi: { getBaseUrl: async id => `http://127.0.0.1:7007/api/${id}` },
    fetchApi: {
      fetch: (async (input: Request) => {
        seen.push(`${input.method} ${input.url}`);
        return new Response(input.url.includes('.csv') ? 'a,b\r\n' : '{}', {
          status: 200,
          headers: {
            'content-type': input.url.includes('.csv')
              ? 'text/csv'
              : 'application/json',
          },
        });
      }) as typeof fetch,
    },
  });

  it('calls the finance routes with their paths and queries', async () => {
    await api.getTenantFinance('acme');
    await api.getFinanceFleet({ month: '2026-11' });
    await api.listTenantBudgets({ state: 'forecast-over' });
    await api.listChargebackReports();
    const blob = await api.downloadChargebackReport('2026-11', 'summary');
    await api.regenerateChargebackReport('2026-11');
    expect(await blob.text()).toBe('a,b\r\n');
    expect(seen).toEqual([
      'GET http://127.0.0.1:7007/api/tenants/tenants/acme/finance',
      'GET http://127.0.0.1:7007/api/tenants/finance/fleet?month=2026-11',
      'GET http://127.0.0.1:7007/api/tenants/finance/budgets?state=forecast-over',
      'GET http://127.0.0.1:7007/api/tenants/finance/reports',
      'GET http://127.0.0.1:7007/api/tenants/finance/reports/2026-11.csv?part=summary',
      'POST http://127.0.0.1:7007/api/tenants/finance/reports/2026-11/regenerate',
    ]);
  });
});
