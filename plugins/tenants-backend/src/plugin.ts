import {
  coreServices,
  createBackendPlugin,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import {
  tenantsPermissions,
  type Guardrail,
} from '@tenancy/plugin-tenants-common';
import {
  awsClientFactoryServiceRef,
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import { durationToMilliseconds } from '@backstage/types';
import { DefaultTenantsCollectorRegistry } from './collectors/registry';
import type { TenantsCollector } from './collectors/types';
import { readTenantsBackendConfig } from './config';
import { createBuiltInCollectors, createBuiltInSubRouters } from './features';
import { InventoryCollector } from './inventory/InventoryCollector';
import { TenantAccess } from './permissions/TenantAccess';
import {
  tenantPermissionResourceRef,
  tenantsPermissionRules,
} from './permissions/rules';
import { REFRESH_TASK_ID, TenantsRefresher } from './refresh/TenantsRefresher';
import { createRouter } from './router';
import { KnexTenantsStore } from './store/KnexTenantsStore';

/**
 * Lets backend modules add collectors to the tenants refresh.
 * @public
 */
export interface TenantsCollectorsExtensionPoint {
  addCollector(collector: TenantsCollector): void;
}

/** @public */
export const tenantsCollectorsExtensionPoint =
  createExtensionPoint<TenantsCollectorsExtensionPoint>({
    id: 'tenants.collectors',
  });

/**
 * The tenants backend plugin (`/api/tenants`): the inventory of tenant accounts and the fleet
 * snapshot, refreshed on the scheduler (`scope: 'global'`), served with permission checks.
 * @public
 */
export const tenantsPlugin = createBackendPlugin({
  pluginId: 'tenants',
  register(env) {
    const collectors = new DefaultTenantsCollectorRegistry();
    env.registerExtensionPoint(tenantsCollectorsExtensionPoint, {
      addCollector: collector => collectors.register(collector),
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
      },
      async init(deps) {
        const settings = readTenantsBackendConfig(deps.config);
        const store = await KnexTenantsStore.create(deps.database);
        const featureDeps = {
          config: deps.config,
          logger: deps.logger,
          store,
          clients: deps.clients,
          database: deps.database,
          cache: deps.cache,
        };
        createBuiltInCollectors(featureDeps).forEach(c =>
          collectors.register(c),
        );

        deps.permissionsRegistry.addResourceType({
          resourceRef: tenantPermissionResourceRef,
          permissions: tenantsPermissions,
          rules: Object.values(tenantsPermissionRules),
          getResources: async ids => {
            const found = new Map(
              (await store.getTenants(ids)).map(t => [t.tenantId, t]),
            );
            return ids.map(id => found.get(id));
          },
        });
        deps.permissionsRegistry.addPermissions(tenantsPermissions);
        const access = new TenantAccess(
          deps.permissions,
          deps.permissionsRegistry.getPermissionRuleset(
            tenantPermissionResourceRef,
          ),
        );

        const refresher = new TenantsRefresher({
          store,
          clients: deps.clients,
          inventory: new InventoryCollector({
            ouPath: settings.ouPath,
            extraOuPaths: settings.extraOuPaths,
            tagsMaxAgeMs: settings.tagsMaxAgeMs,
            staleTagReadsPerRun: settings.staleTagReadsPerRun,
            tagConcurrency: 4,
          }),
          collectors,
          logger: deps.logger,
          auditor: deps.auditor,
          scheduler: deps.scheduler,
          timeoutMs: durationToMilliseconds(settings.timeout),
        });
        await deps.scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          scope: 'global',
          frequency: settings.frequency,
          timeout: settings.timeout,
          initialDelay: settings.initialDelay,
          fn: signal => refresher.runScheduled(signal),
        });

        let guardrailCatalog: Promise<Guardrail[]> | undefined;
        deps.httpRouter.use(
          await createRouter(
            {
              store,
              access,
              httpAuth: deps.httpAuth,
              auditor: deps.auditor,
              logger: deps.logger,
              refresh: refresher,
              guardrails: () =>
                (guardrailCatalog ??= loadGuardrailCatalog(
                  resolveGuardrailCatalogPath(deps.config),
                )),
            },
            createBuiltInSubRouters(featureDeps),
          ),
        );
      },
    });
  },
});
