import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import {
  awsClientFactoryServiceRef,
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import { createTenancyActions } from './actions';
import type { TenancyActionDeps } from './deps';
import { TenantsBackendActivityRecorder } from './lib/activity';
import { systemClock } from './lib/clock';
import { CatalogTenantRegistrar } from './lib/registrar';
import { readVendingSettings } from './settings';
import { createSecretValuesGuard } from './secretValues/secretValuesGuard';

/**
 * The scaffolder module with the Tenancy vending actions (`tenancy:account:create`,
 * `tenancy:account:move`, `tenancy:guardrails:attach`, `tenancy:baseline:apply`,
 * `tenancy:budget:create`, `tenancy:tenant:register`, `tenancy:stateMachine:run`).
 * Builds their dependencies once: settings from `tenancy.vending`, AWS clients from
 * `awsClientFactoryServiceRef`, the guardrail catalog (loaded on first use), the catalog
 * registrar and the activity recorder.
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
      }) {
        // Secrets in a task's values are refused before the task is stored.
        httpRouter.use(createSecretValuesGuard({ catalog, httpAuth, logger }));
        const settings = readVendingSettings(config);
        let guardrails: Promise<Guardrail[]> | undefined;
        const loadGuardrails = () => {
          guardrails ??= loadGuardrailCatalog(
            resolveGuardrailCatalogPath(config),
          );
          guardrails.catch(() => {
            guardrails = undefined;
          });
          return guardrails;
        };
        const deps: TenancyActionDeps = {
          clients,
          settings,
          loadGuardrails,
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
        };
        scaffolder.addActions(...createTenancyActions(deps));
        logger.info(
          `Tenancy vending actions registered (tenants OU ${settings.ouPath}, StackSet ${settings.baseline.stackSetName})`,
        );
      },
    });
  },
});
