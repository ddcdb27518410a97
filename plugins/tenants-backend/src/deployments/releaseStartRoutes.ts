import type { TenantsSourceRouteContext } from '@tenancy/plugin-tenants-node';
import Router from 'express-promise-router';
import { z } from 'zod';
import { optionalAtSchema, serviceBody } from '../inventory/serviceBody';
import type { ApiResponse } from '../schema/apiResponse';
import type { DeploymentsStore, ReleaseStart } from './DeploymentsStore';

/** The answer of `POST /releases/starts` as the spec describes it. */
type Res = ApiResponse<'/releases/starts', 'post'>;

const releaseStartSchema = z
  .object({
    operationPrefix: z
      .string()
      .max(128, 'operationPrefix must be at most 128 characters')
      .regex(
        /^[a-zA-Z0-9][-a-zA-Z0-9]*$/,
        'operationPrefix must be letters, digits and -, starting with a letter or digit (as StackSet OperationIds)',
      ),
    version: z
      .string()
      .min(1, 'version must not be empty')
      .max(128, 'version must be at most 128 characters'),
    startedBy: z
      .string()
      .min(1, 'startedBy must not be empty')
      .max(255, 'startedBy must be at most 255 characters'),
    at: optionalAtSchema,
  })
  .strict();

/**
 * `POST /releases/starts`: the release actions record who started the operations whose ids
 * start with a prefix, so the deployments history can say who. Only for service principals;
 * answers 201 with the stored record; each record is also an audit event.
 */
export function createReleaseStartRoutes(
  ctx: TenantsSourceRouteContext,
  store: () => Promise<DeploymentsStore>,
) {
  const router = Router();
  router.post('/releases/starts', async (req, res: Res) => {
    const { credentials, body } = await serviceBody(
      ctx.httpAuth,
      req,
      releaseStartSchema,
    );
    const record: ReleaseStart = {
      operationPrefix: body.operationPrefix,
      version: body.version,
      startedBy: body.startedBy,
      at: body.at ? new Date(body.at).toISOString() : new Date().toISOString(),
    };
    const auditEvent = await ctx.auditor.createEvent({
      eventId: 'release-start',
      severityLevel: 'medium',
      request: req,
      meta: { ...record, service: credentials.principal.subject },
    });
    await (await store()).recordReleaseStart(record);
    await auditEvent.success();
    res.status(201).json(record);
  });
  return router;
}
