import { tenantLogsReadPermission } from '@tenancy/plugin-tenants-common';
import Router from 'express-promise-router';
import type { Request, Response } from 'express';
import { actorOf } from '../permissions/actor';
import { readableTenantWithQuery } from '../permissions/readableTenant';
import type { TenantsRouteContext } from '../routeContext';
import type { ApiResponse } from '../schema/apiResponse';
import {
  recentErrorsQuery,
  topMessagesQuery,
  type LogsQueryKind,
} from './logsQueries';
import type { TenantLogs } from './TenantLogs';
import { recentErrorsQuerySchema, topMessagesQuerySchema } from './query';

type RecentRes = ApiResponse<'/tenants/{tenantId}/logs/recent-errors', 'get'>;
type TopRes = ApiResponse<'/tenants/{tenantId}/logs/top-messages', 'get'>;

/**
 * Routes of the logs source, answered by running Logs Insights queries now (not from the
 * snapshot): `GET /tenants/:tenantId/logs/recent-errors` and `…/logs/top-messages`
 * (`tenants.logs.read`). Bad parameters → 400 naming the rule, before any AWS call. Every
 * request is an audit event `tenant-logs-query` naming the user, the tenant and the query; a
 * caller who leaves stops the queries.
 */
export function createLogsRouter(deps: { logs: TenantLogs }) {
  return (ctx: TenantsRouteContext) => {
    const router = Router();
    const handle = async <Row>(
      kind: LogsQueryKind<Row>,
      schema: typeof recentErrorsQuerySchema,
      req: Request<{ tenantId: string }>,
      res: Response,
    ) => {
      const actor = actorOf(
        await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] }),
      );
      const auditEvent = await ctx.auditor.createEvent({
        eventId: 'tenant-logs-query',
        severityLevel: 'medium',
        request: req,
        meta: { actor, tenantId: req.params.tenantId, query: kind.id },
      });
      try {
        const { tenant, query } = await readableTenantWithQuery(
          ctx,
          req,
          tenantLogsReadPermission,
          schema,
        );
        const leave = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) leave.abort();
        });
        const answer = await deps.logs.run(kind, {
          tenantId: tenant.tenantId,
          accountId: tenant.accountId,
          ...query,
          signal: leave.signal,
        });
        await auditEvent.success({
          meta: {
            minutes: answer.minutes,
            queryIds: answer.regions.map(r => r.queryId),
            cached: answer.cached,
          },
        });
        res.json(answer);
      } catch (error) {
        await auditEvent.fail({ error: error as Error });
        throw error;
      }
    };
    router.get('/tenants/:tenantId/logs/recent-errors', (req, res: RecentRes) =>
      handle(recentErrorsQuery, recentErrorsQuerySchema, req, res),
    );
    router.get('/tenants/:tenantId/logs/top-messages', (req, res: TopRes) =>
      handle(topMessagesQuery, topMessagesQuerySchema, req, res),
    );
    return router;
  };
}
