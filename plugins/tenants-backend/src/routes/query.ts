import { InputError } from '@backstage/errors';
import { z } from 'zod';
import type { ResolvedTenantListQuery } from '../store/types';

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

function integer(name: string, min: number, max: number, fallback: number) {
  const rule = `${name} must be an integer from ${min} to ${max}`;
  return z
    .string({ invalid_type_error: `${name} must be given once` })
    .regex(/^\d+$/, rule)
    .transform(Number)
    .pipe(z.number().int().min(min, rule).max(max, rule))
    .optional()
    .transform(v => v ?? fallback);
}

/** Query parameters of `GET /tenants`. */
export const tenantListQuerySchema = z
  .object({
    limit: integer('limit', 1, 100, 50),
    offset: integer('offset', 0, 1_000_000, 0),
    sort: z
      .enum(
        [
          'name',
          'state',
          'tier',
          'owner',
          'joined',
          'spend',
          'health',
          'compliance',
        ],
        {
          errorMap: () => ({
            message:
              'sort must be one of name, state, tier, owner, joined, spend, health, compliance',
          }),
        },
      )
      .optional(),
    order: z
      .enum(['asc', 'desc'], {
        errorMap: () => ({ message: 'order must be asc or desc' }),
      })
      .optional(),
    state: list(
      z.enum(
        [
          'PENDING_ACTIVATION',
          'ACTIVE',
          'SUSPENDED',
          'PENDING_CLOSURE',
          'CLOSED',
        ],
        {
          errorMap: () => ({
            message:
              'state must be one of PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED',
          }),
        },
      ),
    ),
    tier: list(z.string().max(255, 'tier must be at most 255 characters')),
    owner: list(z.string().max(255, 'owner must be at most 255 characters')),
    health: list(
      z.enum(['healthy', 'degraded', 'critical', 'unknown'], {
        errorMap: () => ({
          message: 'health must be one of healthy, degraded, critical, unknown',
        }),
      }),
    ),
    q: z
      .string({ invalid_type_error: 'q must be given once' })
      .max(200, 'q must be at most 200 characters')
      .optional(),
  })
  .strict();

/** Query parameters of `GET /refresh-runs` and `GET /tenants/:id/activity`. */
export const limitQuerySchema = z
  .object({ limit: integer('limit', 1, 100, 20) })
  .strict();

/**
 * Parses `input` with `schema`, or throws an InputError whose message names each broken rule,
 * e.g. `Invalid query: limit must be an integer from 1 to 100`.
 */
export function parseOrThrow<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: 'query' | 'body' = 'query',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown parameter ${issue.keys.join(', ')}`;
    }
    const name = issue.path.join('.');
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
