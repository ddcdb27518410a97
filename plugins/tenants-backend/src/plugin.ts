import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { durationToMilliseconds } from '@backstage/types';
import { tenantsPermissions } from '@tenancy/plugin-tenants-common';
import {
  awsClientFactoryServiceRef,
  guardrailCatalogServiceRef,
  readAwsRegions,
  tenantsSourcesExtensionPoint,
  type TenantsSource,
} from '@tenancy/plugin-tenants-node';
import { createComplianceSource } from './compliance';
import { createLiveEvents } from './events';
import { createHealthSource } from './health';
import { createInventorySource, KnexTenantsStore } from './inventory';
import { createLogsSource } from './logs';
import { TenantAccess } from './permissions/TenantAccess';
import {
  tenantPermissionResourceRef,
  tenantsPermissionRules,
} from './permissions/rules';
import { DefaultTenantsCollectorRegistry } from './refresh/collectorRegistry';
import { readRefreshSettings } from './refresh/settings';
import { REFRESH_TASK_ID, TenantsRefresher } from './refresh/TenantsRefresher';
import type { BuiltInTenantsSource, TenantsRouteContext } from './routeContext';
import { createRouter } from './router';
import { createSpendSource } from './spend';

/**
 * The tenants backend plugin (`/api/tenants`): the inventory of tenant accounts and the fleet
 * snapshot, refreshed on the scheduler (`scope: 'global'`), served with permission checks.
 *
 * Live state: EventBridge events from the SQS queue `tenancy.events.queueUrl`, applied to the
 * tenant each names (see `./events`).
 *
 * Its data sources are the built-in `inventory`, `spend`, `health`, `compliance` and `logs` (one
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
        const store = await KnexTenantsStore.create(deps.database);
        const shared = {
          config: deps.config,
          database: deps.database,
          tenants: store,
        };
        const inventory = createInventorySource({ ...deps, tenants: store });
        const sources: BuiltInTenantsSource[] = [
          inventory,
          createSpendSource({ ...shared, cache: deps.cache }),
          createHealthSource(shared),
          createComplianceSource({ ...shared, guardrails: deps.guardrails }),
          createLogsSource({
            config: deps.config,
            clients: deps.clients,
            cache: deps.cache,
          }),
          ...added,
        ];
        const collectors = new DefaultTenantsCollectorRegistry();
        const ids = new Set<string>();
        for (const source of sources) {
          if (ids.has(source.id)) {
            throw new ConflictError(
              `A tenants source with id ${source.id} is already registered`,
            );
          }
          ids.add(source.id);
          if (source.collector) collectors.register(source.collector);
        }

        const live = await createLiveEvents({
          ...deps,
          tenants: store,
          handlers: sources.flatMap(s => (s.events ? [s.events] : [])),
        });
        const consumer = live.consumer;
        if (consumer) {
          deps.lifecycle.addStartupHook(() => consumer.start());
          deps.lifecycle.addShutdownHook(() => consumer.stop());
        }

        deps.permissionsRegistry.addResourceType({
          resourceRef: tenantPermissionResourceRef,
          permissions: tenantsPermissions,
          rules: Object.values(tenantsPermissionRules),
          getResources: async ids_ => {
            const found = new Map(
              (await store.getTenants(ids_)).map(t => [t.tenantId, t]),
            );
            return ids_.map(id => found.get(id));
          },
        });
        deps.permissionsRegistry.addPermissions(tenantsPermissions);
        const access = new TenantAccess(
          deps.permissions,
          deps.permissionsRegistry.getPermissionRuleset(
            tenantPermissionResourceRef,
          ),
        );

        const schedule = readRefreshSettings(deps.config);
        const refresher = new TenantsRefresher({
          store,
          clients: deps.clients,
          inventory: inventory.inventory,
          collectors,
          logger: deps.logger,
          auditor: deps.auditor,
          scheduler: deps.scheduler,
          timeoutMs: durationToMilliseconds(schedule.timeout),
        });
        await deps.scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          scope: 'global',
          frequency: schedule.frequency,
          timeout: schedule.timeout,
          initialDelay: schedule.initialDelay,
          fn: signal => refresher.runScheduled(signal),
        });

        deps.httpRouter.use(
          await createRouter(
            {
              store,
              access,
              httpAuth: deps.httpAuth,
              auditor: deps.auditor,
              logger: deps.logger,
              refresh: refresher,
              guardrails: () => deps.guardrails.list(),
              regions: readAwsRegions(deps.config),
            },
            sources.flatMap(s =>
              s.createRouter
                ? [(ctx: TenantsRouteContext) => s.createRouter!(ctx)]
                : [],
            ),
          ),
        );
      },
    });
  },
});
