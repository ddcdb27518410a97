/*
 * Error responses without stack traces or server paths, in development (the demo runs with
 * NODE_ENV=development, where Backstage's error handler would include stacks) as in production.
 */
import { readdirSync } from 'node:fs';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { safeTaskEvents } from './safeTaskEvents';

/** What replaces a server file path in an error message. */
export const HIDDEN_PATH = '<server path>';

/** The top-level folders of this machine's file system (`/work`, `/tmp`, `/usr`, …). */
function rootFolders(): string[] {
  try {
    return readdirSync('/', { withFileTypes: true })
      .filter(d => d.isDirectory() || d.isSymbolicLink())
      .map(d => d.name);
  } catch {
    return [];
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds the scrubber: removes stack-frame lines (`    at fn (file:1:2)`) and replaces file
 * paths — `file://` URLs, Windows drive paths, and absolute paths under one of the machine's
 * top-level folders — with `<server path>`. Paths that are not on this file system, such as an
 * OU path `/Tenants/premium` or a route `/api/tenants`, stay.
 */
export function createMessageScrubber(
  folders: string[] = rootFolders(),
): (text: string) => string {
  const absolute = folders.length
    ? new RegExp(
        `(?<![\\w.:/-])/(?:${folders
          .map(escape)
          .join('|')})(?:/[^\\s'"\`()<>,;:]*)?`,
        'g',
      )
    : undefined;
  return text => {
    let out = text
      .replace(/\n\s*at [^\n]*/g, '')
      .replace(/file:\/\/\/[^\s'"`()<>,;:]*/g, HIDDEN_PATH)
      .replace(/\b[A-Za-z]:\\[^\s'"`()<>,;:]*/g, HIDDEN_PATH);
    if (absolute) out = out.replace(absolute, HIDDEN_PATH);
    return out;
  };
}

type ErrorLike = Error & { statusCode?: unknown; status?: unknown };

/**
 * A copy of `error` that is safe to serialize into a response: its name, a scrubbed message,
 * its HTTP status fields and a scrubbed cause chain (the error handler picks the status from
 * these); other fields (a `path`, an upstream response `body`) are dropped. The original stack
 * stays on the copy for the server log only; the handler never sends it.
 */
export function toSafeError(
  error: unknown,
  scrub: (text: string) => string,
  depth = 0,
): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  const source = error as ErrorLike;
  const safe = new Error(scrub(source.message)) as ErrorLike;
  safe.name = source.name;
  safe.stack = source.stack;
  if (typeof source.statusCode === 'number')
    safe.statusCode = source.statusCode;
  if (typeof source.status === 'number') safe.status = source.status;
  if (source.cause !== undefined) {
    safe.cause = toSafeError(source.cause, scrub, depth + 1);
  }
  return safe;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * A serialized error (`{ name, message, stack?, cause?, … }`) without any `stack`, with every
 * `message` scrubbed, at any depth of `cause`.
 */
export function toSafeSerializedError(
  error: Json,
  scrub: (text: string) => string,
  depth = 0,
): Json {
  if (!error || typeof error !== 'object' || Array.isArray(error)) return error;
  const out: { [k: string]: Json } = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'stack') continue;
    if (key === 'message' && typeof value === 'string') {
      out.message = scrub(value);
    } else if (key === 'cause' && depth < 5) {
      out.cause = toSafeSerializedError(value, scrub, depth + 1);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Express middleware for the root router: every JSON error body a later handler sends (the
 * Backstage shape `{ error: { name, message, stack? }, request, response }`) leaves without a
 * stack and with server paths scrubbed. Needed because each plugin's router has its own error
 * handler, which shows stack traces whenever NODE_ENV=development.
 */
export function safeErrorBodies(
  scrub: (text: string) => string,
): (req: unknown, res: SafeResponse, next: () => void) => void {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: Json) => {
      if (
        res.statusCode >= 400 &&
        body &&
        typeof body === 'object' &&
        !Array.isArray(body) &&
        body.error &&
        typeof body.error === 'object'
      ) {
        return json({
          ...body,
          error: toSafeSerializedError(body.error, scrub),
        });
      }
      return json(body);
    };
    next();
  };
}

/** The part of an express response the middleware uses. */
export interface SafeResponse {
  statusCode: number;
  json(body: unknown): unknown;
}

/**
 * The portal's root HTTP router: Backstage's defaults, plus (1) a middleware that strips stacks
 * and scrubs server paths from every JSON error body, whichever plugin's error handler wrote it,
 * (2) one that does the same to the scaffolder's task events (`safeTaskEvents.ts`), and (3) a
 * root error handler that never shows stack traces (whatever NODE_ENV says). Errors
 * are still logged in full (5xx) on the server.
 */
export const rootHttpRouterWithSafeErrors = rootHttpRouterServiceFactory({
  configure(context) {
    const { app, middleware } = context;
    const scrub = createMessageScrubber();
    app.use(safeErrorBodies(scrub) as never);
    // Right after compression, so the event stream is scrubbed before it is compressed.
    const compression = middleware.compression.bind(middleware);
    middleware.compression = () => {
      const compress = compression();
      const taskEvents = safeTaskEvents(scrub) as unknown as typeof compress;
      return (req, res, next) =>
        compress(req, res, (error?: unknown) =>
          error ? next(error) : taskEvents(req, res, next),
        );
    };
    const defaultError = middleware.error.bind(middleware);
    middleware.error = options => {
      const handler = defaultError({ ...options, showStackTraces: false });
      const safeHandler: typeof handler = (error, req, res, next) =>
        handler(toSafeError(error, scrub), req, res, next);
      return safeHandler;
    };
    context.applyDefaults();
  },
});
