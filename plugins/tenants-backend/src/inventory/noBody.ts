import type { Request } from 'express';
import { InputError } from '@backstage/errors';

/**
 * Refuses a request body on a route that reads none (`route`, e.g. `POST /refresh`): a JSON body
 * other than `{}`, or a body of any other content type (Express parses JSON only, so one sent as
 * text or a form would be ignored otherwise). An absent or empty body passes.
 * @throws InputError `Invalid body: <route> takes no body`
 */
export function assertNoBody(req: Request, route: string): void {
  const body: unknown = req.body;
  const emptyJson =
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 0;
  const length = Number(req.headers['content-length'] ?? 0);
  const sent = length > 0 || req.headers['transfer-encoding'] !== undefined;
  if ((body !== undefined && !emptyJson) || (sent && !req.is('json'))) {
    throw new InputError(`Invalid body: ${route} takes no body`);
  }
}
