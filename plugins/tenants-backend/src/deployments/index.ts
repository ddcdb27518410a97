import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { TenantsStore } from '../inventory/store/types';
import type { BuiltInTenantsSource } from '../routeContext';
import { DeploymentsCollector } from './DeploymentsCollector';
import { DeploymentsStore } from './DeploymentsStore';
import { createDeploymentsRouter } from './routes';
import { readDeploymentsSettings } from './settings';

/**
 * The deployments source: the tenant stack StackSet's release per tenant (table
 * `tenant_deployments`), the tenants list's release column, and
 * `GET /tenants/:tenantId/deployments`.
 * @throws Error naming the key when a `tenancy.releases.*` setting is not allowed.
 */
export function createDeploymentsSource(deps: {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
}): BuiltInTenantsSource {
  const settings = readDeploymentsSettings(deps.config);
  let storePromise: Promise<DeploymentsStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database
      .getClient()
      .then(db => new DeploymentsStore(db)));
  return {
    id: 'deployments',
    collector: new DeploymentsCollector({
      store,
      tenants: deps.tenants,
      settings,
    }),
    createRouter: createDeploymentsRouter({
      store,
      stackSetName: settings.stackSetName,
    }),
  };
}
