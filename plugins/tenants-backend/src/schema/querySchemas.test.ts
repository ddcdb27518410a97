import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  limitQuerySchema,
  noQuerySchema,
  tenantListQuerySchema,
} from '../inventory/query';
import { exportQuerySchema, fleetQuerySchema } from '../spend/query';
import { recentErrorsQuerySchema, topMessagesQuerySchema } from '../logs/query';
import {
  budgetsQuerySchema,
  financeFleetQuerySchema,
  reportCsvQuerySchema,
} from '../finance/query';
import { specRoutes } from './__testUtils__/specRoutes';

/** The strict zod schema each route parses its query with. */
const ROUTE_QUERY: Record<string, z.AnyZodObject> = {
  'GET /tenants': tenantListQuerySchema,
  'GET /tenants/{tenantId}': noQuerySchema,
  'GET /tenants/{tenantId}/activity': limitQuerySchema,
  'GET /tenants/{tenantId}/spend': noQuerySchema,
  'GET /tenants/{tenantId}/health': noQuerySchema,
  'GET /tenants/{tenantId}/compliance': noQuerySchema,
  'GET /tenants/{tenantId}/deployments': noQuerySchema,
  'GET /tenants/{tenantId}/logs/recent-errors': recentErrorsQuerySchema,
  'GET /tenants/{tenantId}/logs/top-messages': topMessagesQuerySchema,
  'GET /spend/fleet': fleetQuerySchema,
  'GET /spend/export.csv': exportQuerySchema,
  'GET /guardrails': noQuerySchema,
  'GET /refresh-runs': limitQuerySchema,
  'GET /freshness': noQuerySchema,
  'POST /refresh': noQuerySchema,
  'POST /activity': noQuerySchema,
  'POST /releases/starts': noQuerySchema,
  'GET /tenants/{tenantId}/finance': noQuerySchema,
  'GET /finance/fleet': financeFleetQuerySchema,
  'GET /finance/budgets': budgetsQuerySchema,
  'GET /finance/reports': noQuerySchema,
  'GET /finance/reports/{month}.csv': reportCsvQuerySchema,
  'POST /finance/reports/{month}/regenerate': noQuerySchema,
};

type Param = { $ref?: string; name?: string; in?: string; required?: boolean };

/** `{ name: required }` of the query parameters `openapi.yaml` declares for `route`. */
function specQuery(route: string): Record<string, boolean> {
  const spec = parse(
    readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'),
  ) as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
  const [method, path] = route.split(' ');
  const params = spec.paths[path][method.toLowerCase()].parameters ?? [];
  return Object.fromEntries(
    params
      .filter(p => p.in === 'query')
      .map(p => [p.name!, p.required === true]),
  );
}

describe('the query schemas of the routes and openapi.yaml', () => {
  it('cover every operation of the spec', () => {
    expect(Object.keys(ROUTE_QUERY).sort()).toEqual([...specRoutes()].sort());
  });

  it.each(Object.entries(ROUTE_QUERY))(
    '%s: the same parameters, required alike, nothing else accepted',
    (route, schema) => {
      const zodQuery = Object.fromEntries(
        Object.entries(schema.shape).map(([name, field]) => [
          name,
          !(field as z.ZodTypeAny).safeParse(undefined).success,
        ]),
      );
      expect(zodQuery).toEqual(specQuery(route));
      expect(schema._def.unknownKeys).toBe('strict');
    },
  );
});
