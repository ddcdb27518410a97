import type {
  TenantsApiMethod,
  TenantsApiPath,
  TenantsApiResponseBody,
} from '@tenancy/plugin-tenants-common';
import type { Response } from 'express';

/**
 * The express response of the route `M P` of the tenants API, typed by the spec: `res.json()`
 * (or `res.send()` for the CSV) takes only the success body `openapi.yaml` describes, as
 * generated into `@tenancy/plugin-tenants-common` (`yarn generate:openapi`). A handler that
 * answers another shape fails type-checking; `openapi.test.ts` checks that the router has
 * exactly the spec's routes.
 *
 * @example
 * router.get('/tenants/:tenantId', async (req, res: ApiResponse<'/tenants/{tenantId}', 'get'>) => …)
 */
export type ApiResponse<
  P extends TenantsApiPath,
  M extends TenantsApiMethod<P>,
> = Response<TenantsApiResponseBody<P, M>>;
