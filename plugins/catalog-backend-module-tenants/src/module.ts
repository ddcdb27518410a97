import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { TenantEntitiesProcessor } from './kind/TenantEntitiesProcessor';
import { TenantEntityProvider } from './provider/TenantEntityProvider';

/**
 * Catalog module: the Tenant kind (validation, owner relations) and the Tenant entity provider.
 * Config: `catalog.providers.tenants.schedule` (default every 30 s, timeout 3 min; the provider
 * re-reads only after a new refresh run) and `catalog.providers.tenants.defaultOwner`
 * (default `group:default/platform-engineers`).
 * @public
 */
export const catalogModuleTenants = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'tenants',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        catalogApi: catalogServiceRef,
      },
      async init({
        catalog,
        config,
        discovery,
        auth,
        logger,
        scheduler,
        events,
        catalogApi,
      }) {
        const providerConfig = config.getOptionalConfig(
          'catalog.providers.tenants',
        );
        const schedule = providerConfig?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              providerConfig.getConfig('schedule'),
            )
          : {
              frequency: { seconds: 30 },
              timeout: { minutes: 3 },
              initialDelay: { seconds: 15 },
            };
        catalog.addProcessor(new TenantEntitiesProcessor());
        catalog.addEntityProvider(
          new TenantEntityProvider({
            discovery,
            auth,
            logger,
            events,
            catalog: catalogApi,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
            defaultOwner:
              providerConfig?.getOptionalString('defaultOwner') ??
              'group:default/platform-engineers',
          }),
        );
      },
    });
  },
});
