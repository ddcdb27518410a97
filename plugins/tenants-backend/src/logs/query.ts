import { z } from 'zod';
import { integer } from '../inventory/query';

/** `minutes` (5–360, default 60) and `limit` (1–`maxRows`, default `rows`). */
function logsQuerySchema(maxRows: number, rows: number) {
  return z
    .object({
      minutes: integer('minutes', 5, 360, 60),
      limit: integer('limit', 1, maxRows, rows),
    })
    .strict();
}

/** Query parameters of `GET /tenants/:tenantId/logs/recent-errors`. */
export const recentErrorsQuerySchema = logsQuerySchema(100, 50);

/** Query parameters of `GET /tenants/:tenantId/logs/top-messages`. */
export const topMessagesQuerySchema = logsQuerySchema(20, 10);
