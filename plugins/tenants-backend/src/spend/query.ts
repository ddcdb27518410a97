import { z } from 'zod';
import { integer, oneOf, orderSchema, searchSchema } from '../inventory/query';
import { FLEET_SORT_FIELDS } from './FleetViewStore';

/** A UTC month `YYYY-MM` given once, as the query parameter `name`. */
function monthParam(name: string) {
  return z
    .string({
      invalid_type_error: `${name} must be given once`,
      required_error: `${name} is required (a month YYYY-MM)`,
    })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${name} must be a month YYYY-MM`);
}

/**
 * Query parameters of `GET /spend/fleet`: an optional `month` (default: the snapshot's), and the
 * tenant table's page like `GET /tenants`: `limit` 1–100 (default 50), `offset`, `sort`
 * (`name`, `account`, `amount`, `previous`, `change`; default `amount`), `order` (default `desc`
 * for amounts, `asc` for names) and `q` (substring of tenant id or account id).
 */
export const fleetQuerySchema = z
  .object({
    month: monthParam('month').optional(),
    limit: integer('limit', 1, 100, 50),
    offset: integer('offset', 0, 1_000_000, 0),
    sort: oneOf('sort', FLEET_SORT_FIELDS).optional(),
    order: orderSchema,
    q: searchSchema,
  })
  .strict();

/** Query parameters of `GET /spend/export.csv`: the months `from` and `to`, both required. */
export const exportQuerySchema = z
  .object({ from: monthParam('from'), to: monthParam('to') })
  .strict();
