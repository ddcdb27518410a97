import { z } from 'zod';

const month = (name: string) =>
  z
    .string({
      invalid_type_error: `${name} must be given once`,
      required_error: `${name} is required (a month YYYY-MM)`,
    })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${name} must be a month YYYY-MM`);

/** Query of `GET /finance/fleet`: an optional `month` (default: the current UTC month). */
export const financeFleetQuerySchema = z
  .object({ month: month('month').optional() })
  .strict();

/** Query of `GET /finance/budgets`: an optional `state` filter. */
export const budgetsQuerySchema = z
  .object({
    state: z
      .enum(['over', 'forecast-over'], {
        errorMap: () => ({
          message: "state must be 'over' or 'forecast-over'",
        }),
      })
      .optional(),
  })
  .strict();

/** Query of `GET /finance/reports/{month}.csv`: which CSV, default the FOCUS rows. */
export const reportCsvQuerySchema = z
  .object({
    part: z
      .enum(['rows', 'summary'], {
        errorMap: () => ({ message: "part must be 'rows' or 'summary'" }),
      })
      .optional(),
  })
  .strict();

/** A report month in a path. */
export const reportMonthSchema = month('month');
