/*
 * Scaffolder task events without stack traces or server paths. The scaffolder writes a failed
 * step's `String(error.stack)` into the task's log (`NunjucksWorkflowRunner`'s `markFailed` and
 * "Additional error occurred" lines) for errors it raises itself — an action's input that breaks
 * its schema, an unknown action, a template that fails to render — and serves the stored events
 * from `GET /v2/tasks/:id/events`, `GET /v2/tasks/:id/eventstream` and `POST /v2/dry-run`.
 * The scaffolder exports neither its task store nor its task broker, so the events are scrubbed
 * where they leave the backend: in the responses of those three routes.
 */
import { toSafeSerializedError } from './safeErrors';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A task event (`{ id, taskId, type, body: { message, stepId, status, error? }, createdAt }`)
 * whose `body.message` is scrubbed and whose `body.error` (a serialized error) has no `stack`
 * and scrubbed messages. Anything else is returned as it is.
 */
export function toSafeTaskEvent(
  event: Json,
  scrub: (text: string) => string,
): Json {
  if (!isObject(event) || !isObject(event.body)) return event;
  const body: JsonObject = { ...event.body };
  if (typeof body.message === 'string') body.message = scrub(body.message);
  if (body.error !== undefined) {
    body.error = toSafeSerializedError(body.error, scrub);
  }
  return { ...event, body };
}

/** The scaffolder routes whose answers carry task events. */
const EVENTS_JSON = /^\/api\/scaffolder\/v2\/tasks\/[^/]+\/events\/?$/;
const EVENT_STREAM = /^\/api\/scaffolder\/v2\/tasks\/[^/]+\/eventstream\/?$/;
const DRY_RUN = /^\/api\/scaffolder\/v2\/dry-run\/?$/;

/** One server-sent event as the scaffolder writes it: `event: <type>\ndata: <json>\n\n`. */
const SSE_DATA = /^data: (.*)$/gm;

/** The part of an express request and response the middleware uses. */
export interface TaskEventsRequest {
  method: string;
  path: string;
}
/** @see TaskEventsRequest */
export interface TaskEventsResponse {
  json(body: unknown): unknown;
  write(chunk: unknown, ...rest: unknown[]): boolean;
}

/** Scrubs every `data:` line of a server-sent events chunk holding a JSON task event. */
export function toSafeEventStreamChunk(
  chunk: string,
  scrub: (text: string) => string,
): string {
  return chunk.replace(SSE_DATA, (line, data: string) => {
    try {
      return `data: ${JSON.stringify(
        toSafeTaskEvent(JSON.parse(data), scrub),
      )}`;
    } catch {
      return line;
    }
  });
}

/**
 * Express middleware for the root router: the task events the scaffolder answers (the events
 * list, the event stream and a dry run's `log`) leave without stack frames and with server
 * paths scrubbed. The task's stored log keeps them for the server's own use.
 */
export function safeTaskEvents(
  scrub: (text: string) => string,
): (req: TaskEventsRequest, res: TaskEventsResponse, next: () => void) => void {
  return (req, res, next) => {
    if (req.method === 'GET' && EVENTS_JSON.test(req.path)) {
      const json = res.json.bind(res);
      res.json = (body: unknown) =>
        json(
          Array.isArray(body)
            ? body.map(e => toSafeTaskEvent(e as Json, scrub))
            : body,
        );
    } else if (req.method === 'POST' && DRY_RUN.test(req.path)) {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        const b = body as Json;
        if (!isObject(b) || !Array.isArray(b.log)) return json(body);
        return json({ ...b, log: b.log.map(e => toSafeTaskEvent(e, scrub)) });
      };
    } else if (req.method === 'GET' && EVENT_STREAM.test(req.path)) {
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      res.write = (chunk: unknown, ...rest: unknown[]) =>
        write(
          typeof chunk === 'string'
            ? toSafeEventStreamChunk(chunk, scrub)
            : chunk,
          ...rest,
        );
    }
    next();
  };
}
