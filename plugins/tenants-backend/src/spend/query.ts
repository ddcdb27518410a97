import { z } from 'zod';

/** A UTC month `YYYY-MM` given once, as the query parameter `name`. */
function monthParam(name: string) {
  return z
    .string({
      invalid_type_error: `${name} must be given once`,
      required_error: `${name} is required (a month YYYY-MM)`,
    })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${name} must be a month YYYY-MM`);
}

/** Query parameters of `GET /spend/fleet`: an optional `month` (default: the snapshot's). */
export const fleetQuerySchema = z
  .object({ month: monthParam('month').optional() })
  .strict();

/** Query parameters of `GET /spend/export.csv`: the months `from` and `to`, both required. */
export const exportQuerySchema = z
  .object({ from: monthParam('from'), to: monthParam('to') })
  .strict();
