import { InputError } from '@backstage/errors';
import { z } from 'zod';
import {
  ACCOUNT_STATES,
  BUDGET_FILTERS,
  DEPLOYMENT_STATUSES,
  HEALTH_STATUSES,
  TENANT_SORT_FIELDS,
} from '@tenancy/plugin-tenants-common';
import type { ResolvedTenantListQuery } from './store/types';

/** A zod enum of `values` whose error names the rule: `<name> must be one of a, b, c`. */
export function oneOf<T extends readonly [string, ...string[]]>(
  name: string,
  values: T,
) {
  return z.enum(values, {
    errorMap: () => ({
      message: `${name} must be one of ${values.join(', ')}`,
    }),
  });
}

/** Repeated (`state=A&state=B`) or comma-separated (`state=A,B`) values as one array. */
function list<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess(value => {
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values
      .flatMap(v => String(v).split(','))
      .map(v => v.trim())
      .filter(v => v.length > 0);
  }, z.array(item).optional());
}

/** An optional integer query parameter in [min, max], `fallback` when absent; errors name the rule. */
export function integer(
  name: string,
  min: number,
  max: number,
  fallback: number,
) {
  const rule = `${name} must be an integer from ${min} to ${max}`;
  return z
    .string({ invalid_type_error: `${name} must be given once` })
    .regex(/^\d+$/, rule)
    .transform(Number)
    .pipe(z.number().int().min(min, rule).max(max, rule))
    .optional()
    .transform(v => v ?? fallback);
}

/** An optional `order`: `asc` or `desc`. */
export const orderSchema = z
  .enum(['asc', 'desc'], {
    errorMap: () => ({ message: 'order must be asc or desc' }),
  })
  .optional();

/** An optional search `q` of at most 200 characters, given once. */
export const searchSchema = z
  .string({ invalid_type_error: 'q must be given once' })
  .max(200, 'q must be at most 200 characters')
  .optional();

/** Query parameters of `GET /tenants`. */
export const tenantListQuerySchema = z
  .object({
    limit: integer('limit', 1, 100, 50),
    offset: integer('offset', 0, 1_000_000, 0),
    sort: oneOf('sort', TENANT_SORT_FIELDS).optional(),
    order: orderSchema,
    state: list(oneOf('state', ACCOUNT_STATES)),
    tier: list(z.string().max(255, 'tier must be at most 255 characters')),
    owner: list(z.string().max(255, 'owner must be at most 255 characters')),
    health: list(oneOf('health', HEALTH_STATUSES)),
    release: list(oneOf('release', DEPLOYMENT_STATUSES)),
    budget: oneOf('budget', BUDGET_FILTERS).optional(),
    q: searchSchema,
  })
  .strict();

/**
 * The query of a route that takes no parameter (`GET /tenants/:id`, its health, compliance and
 * spend, `GET /guardrails`, `POST /refresh`, `POST /activity`): any parameter is a 400 naming
 * it (`Invalid query: unknown parameter x`).
 */
export const noQuerySchema = z.object({}).strict();

/** Query parameters of `GET /refresh-runs` and `GET /tenants/:id/activity`. */
export const limitQuerySchema = z
  .object({ limit: integer('limit', 1, 100, 20) })
  .strict();

/**
 * Parses `input` with `schema`, or throws an InputError whose message names each broken rule and
 * where the input was (`what`), e.g. `Invalid query: limit must be an integer from 1 to 100`,
 * `Invalid path: month must be …`.
 */
export function parseOrThrow<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: 'query' | 'body' | 'path' = 'query',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      const kind = what === 'query' ? 'parameter' : 'field';
      return `unknown ${kind} ${issue.keys.join(', ')}`;
    }
    const name = issue.path.join('.');
    // zod's own wording of a missing or mistyped value, as a rule naming the parameter.
    if (name && issue.code === 'invalid_type' && issue.message === 'Required') {
      return `${name} is required`;
    }
    if (
      name &&
      issue.code === 'invalid_type' &&
      /^Expected /.test(issue.message)
    ) {
      return `${name} must be of type ${issue.expected}`;
    }
    return !name || issue.message.startsWith(String(issue.path[0]))
      ? issue.message
      : `${name}: ${issue.message}`;
  });
  throw new InputError(`Invalid ${what}: ${[...new Set(messages)].join('; ')}`);
}

/** Parses the `GET /tenants` query. */
export function parseTenantListQuery(input: unknown): ResolvedTenantListQuery {
  return parseOrThrow(tenantListQuerySchema, input) as ResolvedTenantListQuery;
}
