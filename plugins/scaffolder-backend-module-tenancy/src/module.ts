import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  awsClientFactoryServiceRef,
  guardrailCatalogServiceRef,
} from '@tenancy/plugin-tenants-node';
import { createTenancyActions } from './actions';
import type { TenancyActionDeps } from './deps';
import { TenantsBackendActivityRecorder } from './lib/activity';
import { systemClock } from './lib/clock';
import { CatalogTenantRegistrar } from './lib/registrar';
import { BackendTenantPortal } from './lib/offboarding/tenantPortal';
import { readVendingSettings } from './settings';
import { readReleaseSettings } from './lib/releases/releaseSettings';
import { KnexReleaseStore } from './lib/releases/releaseStore';
import { createSecretValuesGuard } from './secretValues/secretValuesGuard';

/**
 * The scaffolder module with the Tenancy vending actions (`tenancy:account:create`,
 * `tenancy:account:move`, `tenancy:guardrails:attach`, `tenancy:baseline:apply`,
 * `tenancy:budget:create`, `tenancy:tenant:register`, `tenancy:stateMachine:run`) and the
 * offboarding actions (`tenancy:offboard:plan`, `tenancy:account:suspend`,
 * `tenancy:stackInstances:remove`, `tenancy:budget:delete`, `tenancy:spend:archive`,
 * `tenancy:account:close`, `tenancy:tenant:state`, `tenancy:account:reinstate`) and the
 * tenant-stack rollout actions (`tenancy:release:plan`, `:deploy`, `:resume`, `:rollback`, with
 * releases recorded in the scaffolder's database).
 * Builds their dependencies once: settings from `tenancy.vending`, AWS clients from
 * `awsClientFactoryServiceRef`, the guardrail catalog from `guardrailCatalogServiceRef`, the
 * owner check and registrar on the catalog, and the activity recorder.
 *
 * @public
 */
export const scaffolderModuleTenancy = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tenancy',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        clients: awsClientFactoryServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        guardrailCatalog: guardrailCatalogServiceRef,
        permissions: coreServices.permissions,
        database: coreServices.database,
      },
      async init({
        scaffolder,
        config,
        logger,
        auth,
        discovery,
        catalog,
        events,
        clients,
        httpRouter,
        httpAuth,
        guardrailCatalog,
        permissions,
        database,
      }) {
        // Secrets in a task's values are refused before the task is stored.
        httpRouter.use(createSecretValuesGuard({ catalog, httpAuth, logger }));
        const settings = readVendingSettings(config);
        const deps: TenancyActionDeps = {
          clients,
          settings,
          loadGuardrails: () => guardrailCatalog.list(),
          owners: {
            groupExists: async ref =>
              Boolean(
                await catalog.getEntityByRef(ref, {
                  credentials: await auth.getOwnServiceCredentials(),
                }),
              ),
          },
          activity: new TenantsBackendActivityRecorder({
            discovery,
            auth,
            logger,
          }),
          registrar: new CatalogTenantRegistrar({
            catalog,
            auth,
            discovery,
            events,
            clock: systemClock,
            poll: settings.poll,
          }),
          clock: systemClock,
          permissions,
          portal: new BackendTenantPortal({
            catalog,
            auth,
            discovery,
            events,
            clock: systemClock,
            poll: settings.poll,
          }),
          releases: {
            settings: readReleaseSettings(config),
            store: new KnexReleaseStore(await database.getClient()),
          },
        };
        scaffolder.addActions(...createTenancyActions(deps));
        logger.info(
          `Tenancy vending actions registered (tenants OU ${settings.ouPath}, StackSet ${settings.baseline.stackSetName})`,
        );
      },
    });
  },
});
