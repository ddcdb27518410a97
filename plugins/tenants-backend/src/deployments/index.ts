import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import type { BuiltInTenantsSource } from '../routeContext';
import { DeploymentsCollector } from './DeploymentsCollector';
import { DeploymentsStore } from './DeploymentsStore';
import { createDeploymentsEventHandler } from './events';
import { createDeploymentsRouter } from './routes';
import { readDeploymentsSettings } from './settings';
import { readLatestVersion } from './stackSetRead';

/**
 * The deployments source: the tenant stack StackSet's release per tenant (table
 * `tenant_deployments`), the tenants list's release column, and
 * `GET /tenants/:tenantId/deployments`, kept live by the tenant stack's StackSet instance status
 * events (with `clients`, a CURRENT instance's version is read with DescribeStackSet).
 * @throws Error naming the key when a `tenancy.releases.*` setting is not allowed.
 */
export function createDeploymentsSource(deps: {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
  clients?: AwsClientFactory;
}): BuiltInTenantsSource {
  const settings = readDeploymentsSettings(deps.config);
  const clients = deps.clients;
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
    events: createDeploymentsEventHandler({
      store,
      tenants: deps.tenants,
      stackSetName: settings.stackSetName,
      latestVersion: clients
        ? async () =>
            (await readLatestVersion(
              await clients.cloudFormation(),
              settings,
            )) ?? ''
        : undefined,
    }),
  };
}
