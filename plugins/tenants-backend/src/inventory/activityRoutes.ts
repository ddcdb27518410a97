import { randomUUID } from 'node:crypto';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  TENANT_ID_MAX_LENGTH,
  TENANT_ID_PATTERN,
  type TenantActivity,
} from '@tenancy/plugin-tenants-common';
import type { TenantsRouteContext } from '../routeContext';
import { optionalAtSchema, serviceBody } from './serviceBody';
import type { ApiResponse } from '../schema/apiResponse';

/** The answer of `POST /activity` as the spec describes it. */
type Res = ApiResponse<'/activity', 'post'>;

const activityBodySchema = z
  .object({
    tenantId: z
      .string()
      .regex(
        new RegExp(TENANT_ID_PATTERN),
        'tenantId must be runs of [a-zA-Z0-9] joined by single - _ .',
      )
      .max(
        TENANT_ID_MAX_LENGTH,
        `tenantId must be at most ${TENANT_ID_MAX_LENGTH} characters`,
      ),
    kind: z.enum(['vending', 'refresh', 'aws-change'], {
      errorMap: () => ({
        message: 'kind must be one of vending, refresh, aws-change',
      }),
    }),
    summary: z
      .string()
      .min(1, 'summary must not be empty')
      .max(1000, 'summary must be at most 1000 characters'),
    taskId: z
      .string()
      .max(255, 'taskId must be at most 255 characters')
      .optional(),
    actor: z
      .string()
      .max(255, 'actor must be at most 255 characters')
      .optional(),
    at: optionalAtSchema,
  })
  .strict();

/**
 * `POST /activity`: the vending actions record what they did to a tenant. Only for service
 * principals (other backend plugins); answers 201 with the stored entry. Each entry is also an
 * audit event.
 */
export function createActivityRoutes(ctx: TenantsRouteContext) {
  const router = Router();
  router.post('/activity', async (req, res: Res) => {
    const { credentials, body } = await serviceBody(
      ctx.httpAuth,
      req,
      activityBodySchema,
    );
    const entry: TenantActivity = {
      id: randomUUID(),
      tenantId: body.tenantId,
      kind: body.kind,
      summary: body.summary,
      ...(body.taskId ? { taskId: body.taskId } : {}),
      ...(body.actor ? { actor: body.actor } : {}),
      at: body.at ? new Date(body.at).toISOString() : new Date().toISOString(),
    };
    const auditEvent = await ctx.auditor.createEvent({
      eventId: 'tenant-activity',
      severityLevel: body.kind === 'aws-change' ? 'high' : 'medium',
      request: req,
      meta: {
        tenantId: entry.tenantId,
        kind: entry.kind,
        summary: entry.summary,
        service: credentials.principal.subject,
        ...(entry.actor ? { actor: entry.actor } : {}),
        ...(entry.taskId ? { taskId: entry.taskId } : {}),
      },
    });
    await ctx.store.addActivity([entry]);
    await auditEvent.success();
    res.status(201).json(entry);
  });
  return router;
}
