import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { SORT_COLUMNS } from '../inventory/store/KnexTenantsStore';
import { tenantListQuerySchema } from '../inventory/query';

const spec = parse(readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'));

describe('openapi.yaml', () => {
  it('describes the list query as the router validates it', () => {
    const params = Object.fromEntries(
      spec.paths['/tenants'].get.parameters.map(
        (p: { name: string; schema: unknown }) => [p.name, p.schema],
      ),
    );
    expect(Object.keys(params).sort()).toEqual(
      Object.keys(tenantListQuerySchema.shape).sort(),
    );
    expect(params.sort.enum).toEqual(Object.keys(SORT_COLUMNS));
    expect(params.limit).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 50,
    });
  });

  it('describes the list answer with the columns the caller may read', () => {
    const schema =
      spec.paths['/tenants'].get.responses['200'].content['application/json']
        .schema;
    expect(schema.required).toEqual([
      'items',
      'totalCount',
      'limit',
      'offset',
      'columns',
      'conditionalColumns',
    ]);
    expect(schema.properties.columns.allOf).toEqual([
      { $ref: '#/components/schemas/TenantListColumns' },
    ]);
    expect(spec.components.schemas.TenantListColumns.required).toEqual([
      'spend',
      'health',
      'compliance',
      'release',
    ]);
  });

  it('describes every route of the API', () => {
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/activity',
      '/finance/budgets',
      '/finance/fleet',
      '/finance/reports',
      '/finance/reports/{month}.csv',
      '/finance/reports/{month}/regenerate',
      '/freshness',
      '/guardrails',
      '/refresh',
      '/refresh-runs',
      '/releases/starts',
      '/spend/export.csv',
      '/spend/fleet',
      '/tenants',
      '/tenants/{tenantId}',
      '/tenants/{tenantId}/activity',
      '/tenants/{tenantId}/compliance',
      '/tenants/{tenantId}/deployments',
      '/tenants/{tenantId}/finance',
      '/tenants/{tenantId}/health',
      '/tenants/{tenantId}/logs/recent-errors',
      '/tenants/{tenantId}/logs/top-messages',
      '/tenants/{tenantId}/spend',
    ]);
  });
});
