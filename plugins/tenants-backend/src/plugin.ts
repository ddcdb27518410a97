import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  awsClientFactoryServiceRef,
  guardrailCatalogServiceRef,
  tenantsSourcesExtensionPoint,
  type TenantsSource,
} from '@tenancy/plugin-tenants-node';
import { withStartupLock } from './database/startupLock';
import { startTenantsPlugin } from './start';

/**
 * The tenants backend plugin (`/api/tenants`): the inventory of tenant accounts and the fleet
 * snapshot, refreshed on the scheduler (`scope: 'global'`), served with permission checks.
 *
 * Live state: EventBridge events from the SQS queue `tenancy.events.queueUrl`, applied to the
 * tenant each names (see `./events`).
 *
 * Its data sources are the built-in `inventory`, `spend`, `health`, `compliance`, `deployments` and `logs` (one
 * folder each; `logs` answers on request, without a collector), followed by those modules register through `tenantsSourcesExtensionPoint`
 * (`@tenancy/plugin-tenants-node`). Two sources with one id fail the start (ConflictError).
 * @public
 */
export const tenantsPlugin = createBackendPlugin({
  pluginId: 'tenants',
  register(env) {
    const added: TenantsSource[] = [];
    env.registerExtensionPoint(tenantsSourcesExtensionPoint, {
      addSource: source => {
        added.push(source);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        clients: awsClientFactoryServiceRef,
        guardrails: guardrailCatalogServiceRef,
        events: eventsServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init(deps) {
        // Replicas started together on an empty database run the start-up migrations (the
        // store's, then the scheduler's on the first scheduleTask) one at a time, under a
        // PostgreSQL advisory lock: docs/replicas.md.
        const knex = await deps.database.getClient();
        await withStartupLock(knex, () => startTenantsPlugin(deps, added));
      },
    });
  },
});
