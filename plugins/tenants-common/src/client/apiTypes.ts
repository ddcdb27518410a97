import type { components, paths } from '../generated/openapi';

/**
 * The paths of the tenants API as the OpenAPI spec describes them (`/tenants/{tenantId}`, …),
 * generated from `plugins/tenants-backend/src/schema/openapi.yaml`.
 * @public
 */
export type TenantsApiPaths = paths;

/** The schemas of the tenants API's OpenAPI spec, by name. @public */
export type TenantsApiSchemas = components['schemas'];

/** A path of the tenants API, as the spec spells it. @public */
export type TenantsApiPath = keyof paths;

/** The HTTP methods the spec describes for `P` (lower case). @public */
export type TenantsApiMethod<P extends TenantsApiPath> = {
  [M in keyof paths[P]]: paths[P][M] extends { responses: unknown } ? M : never;
}[keyof paths[P]] &
  ('get' | 'post' | 'put' | 'patch' | 'delete');

type JsonOf<R> = R extends { content: { 'application/json': infer B } }
  ? B
  : R extends { content: { 'text/csv': infer C } }
  ? C
  : never;

type SuccessOf<R> = R extends { 200: infer A }
  ? JsonOf<A>
  : R extends { 201: infer B }
  ? JsonOf<B>
  : R extends { 202: infer C }
  ? JsonOf<C>
  : never;

/**
 * The body of the success answer (200, 201 or 202) of `M P` as the spec describes it: the JSON
 * body, or the text of a `text/csv` answer.
 * @public
 */
export type TenantsApiResponseBody<
  P extends TenantsApiPath,
  M extends TenantsApiMethod<P>,
> = paths[P][M] extends { responses: infer R } ? SuccessOf<R> : never;

/** The JSON request body of `M P` as the spec describes it. @public */
export type TenantsApiRequestBody<
  P extends TenantsApiPath,
  M extends TenantsApiMethod<P>,
> = paths[P][M] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query parameters of `M P` as the spec describes them. @public */
export type TenantsApiQuery<
  P extends TenantsApiPath,
  M extends TenantsApiMethod<P>,
> = paths[P][M] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

/**
 * Finds the base URL of a plugin's backend: the frontend's `DiscoveryApi` and the backend's
 * `DiscoveryService` both fit.
 * @public
 */
export interface TenantsApiDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Sends the requests: the frontend's `FetchApi` (which adds the user's Backstage token) or,
 * on the backend, the global `fetch` (the default).
 * @public
 */
export interface TenantsApiFetch {
  fetch: typeof fetch;
}

/**
 * Per-request options: `token` is sent as `Authorization: Bearer <token>` (a backend's
 * plugin-to-plugin token); `signal` aborts the request.
 * @public
 */
export interface TenantsApiRequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/** Query of `GET /tenants` (see the spec: limit 1–100, offset, sort, order, filters, q). @public */
export type TenantsApiListQuery = TenantsApiQuery<'/tenants', 'get'>;

/** The body `POST /activity` takes. @public */
export type TenantsApiActivityInput = NonNullable<
  paths['/activity']['post']['requestBody']
>['content']['application/json'];

/**
 * Body of `POST /releases/starts`: who started the release operations whose ids start with
 * `operationPrefix` (StackSet OperationIds, Step Functions execution names). @public
 */
export type TenantsApiReleaseStartInput = NonNullable<
  paths['/releases/starts']['post']['requestBody']
>['content']['application/json'];
