import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AwsRoleMisconfiguredError,
  toBackstageError,
} from '@tenancy/plugin-tenants-node';
import express from 'express';
import Router from 'express-promise-router';
import type {
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from './routeContext';
import { loadTenant } from './inventory/routes';
import { createRefreshRoutes } from './refresh/routes';
import { createTenantVisibilityGuard } from './inventory/tenantVisibility';

/**
 * The tenants REST API (`/api/tenants`, described in `src/schema/openapi.yaml`): the refresh
 * runs and the manual refresh, plus the routes of every source given (inventory, spend, health,
 * compliance, …), in order. `ctx.loadTenant` defaults to the store's tenant (404 when unknown).
 * Errors are `@backstage/errors` types (400, 403, 404, 409, 503).
 * @public
 */
export async function createRouter(
  ctx: Omit<TenantsRouteContext, 'loadTenant'> &
    Partial<Pick<TenantsRouteContext, 'loadTenant'>>,
  sourceRouters: TenantsSubRouterFactory[] = [],
): Promise<express.Router> {
  const full: TenantsRouteContext = {
    ...ctx,
    loadTenant: ctx.loadTenant ?? (id => loadTenant(ctx, id)),
  };
  const router = Router();
  router.use(noControlCharacters);
  router.use(express.json({ limit: '100kb' }));
  router.use(jsonBodyErrors);
  router.use(createTenantVisibilityGuard(full));
  router.use(createRefreshRoutes(full));
  for (const factory of sourceRouters) {
    router.use(await factory(full));
  }
  router.use(awsErrors);
  return router;
}

/**
 * A request body that is not JSON answers 400 `Invalid body: must be JSON (…)` instead of the
 * parser's bare SyntaxError, and a gzip or deflate body that does not decompress answers 400
 * naming its `Content-Encoding` instead of zlib's bare `incorrect header check`; a body over
 * 100 kB keeps the parser's 413, an unsupported encoding its 415.
 */
function jsonBodyErrors(
  error: unknown,
  req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    next(
      new InputError(
        `Invalid body: must be JSON (${(error as Error).message})`,
      ),
    );
    return;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    const encoding = String(req.headers['content-encoding'] ?? '').slice(0, 20);
    next(
      new InputError(
        `Invalid body: not valid ${encoding} data (Content-Encoding: ${encoding})`,
      ),
    );
    return;
  }
  next(error);
}

/** C0 control characters and DEL: never part of a tenant id, a filter or a search. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function hasControl(value: unknown): boolean {
  if (typeof value === 'string') return CONTROL.test(value);
  if (Array.isArray(value)) return value.some(hasControl);
  if (value && typeof value === 'object')
    return Object.values(value).some(hasControl);
  return false;
}

/**
 * A path or query value holding a control character (`%00`, `%0A`, …) answers 400 naming the
 * rule, before any route reads it: PostgreSQL refuses NUL in text (`invalid byte sequence for
 * encoding "UTF8": 0x00`) and no tenant id, filter or search holds one.
 */
function noControlCharacters(
  req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  let path = req.path;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    next(new InputError('Invalid path: must be valid percent-encoding'));
    return;
  }
  if (CONTROL.test(path) || hasControl(req.query)) {
    next(
      new InputError(
        'Invalid input: the path and query must not contain control characters (U+0000–U+001F, U+007F)',
      ),
    );
    return;
  }
  next();
}

/** True for an AWS SDK v3 error (it carries `$metadata`). */
function isSdkError(e: unknown): e is Error {
  return !!e && typeof e === 'object' && '$metadata' in e;
}

/**
 * An AWS SDK error that reached a route's end — as the SDK threw it (it carries `$metadata`) or
 * wrapped as the cause of a typed error ({@link toBackstageError}) — answers as its typed Backstage
 * error with that error's own message only: never the SDK's message (which names ARNs, account
 * ids and role names; `@backstage/errors` appends a cause's message as `; caused by …`), its
 * `$metadata` or its request id.
 */
function awsErrors(
  error: unknown,
  _req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (!isSdkError(error) && !isSdkError(cause)) {
    next(error);
    return;
  }
  const typed = isSdkError(error) ? toBackstageError(error) : (error as Error);
  const message = typed.message.split('; caused by ')[0];
  const classes = [
    AwsRoleMisconfiguredError,
    ServiceUnavailableError,
    NotFoundError,
    InputError,
    ConflictError,
  ];
  const Typed = classes.find(c => typed instanceof c);
  const name = (isSdkError(error) ? error : (cause as Error)).name;
  next(
    Typed
      ? new Typed(message)
      : new Error(`AWS answered ${name}; the call failed`),
  );
}
