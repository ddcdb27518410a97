import type { SandboxRequest } from './types';

/**
 * The value of a request header (`name` lower case, as the server stores them); the first one when
 * the header came several times, `undefined` when absent.
 */
export function requestHeader(
  request: SandboxRequest,
  name: string,
): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
