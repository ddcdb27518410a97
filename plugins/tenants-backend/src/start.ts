import type {
  AuditorService,
  CacheService,
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { EventsService } from '@backstage/plugin-events-node';
import { durationToMilliseconds } from '@backstage/types';
import { tenantsPermissions } from '@tenancy/plugin-tenants-common';
import {
  readAwsRegions,
  type AwsClientFactory,
  type GuardrailCatalogService,
  type TenantsSource,
} from '@tenancy/plugin-tenants-node';
import { createComplianceSource } from './compliance';
import { createDeploymentsSource } from './deployments';
import { createLiveEvents } from './events';
import { createAlarmsSource, createHealthSource } from './health';
import { createInventorySource, KnexTenantsStore } from './inventory';
import { createLogsSource } from './logs';
import { createFinanceSource } from './finance';
import { TenantAccess } from './permissions/TenantAccess';
import {
  tenantPermissionResourceRef,
  tenantsPermissionRules,
} from './permissions/rules';
import { DefaultTenantsCollectorRegistry } from './refresh/collectorRegistry';
import { readRefreshSettings } from './refresh/settings';
import { scheduleRefreshTasks } from './refresh/schedule';
import {
  SourceFreshnessStore,
  toSourceFreshness,
} from './refresh/sourceFreshness';
import { TenantsRefresher } from './refresh/TenantsRefresher';
import { InventoryCatalogedGate } from './refresh/catalogGate';
import type { BuiltInTenantsSource, TenantsRouteContext } from './routeContext';
import { createRouter } from './router';
import { createSpendSource } from './spend';

/** The services the tenants plugin starts with (see `tenantsPlugin`). */
export interface TenantsPluginDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  cache: CacheService;
  scheduler: SchedulerService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  clients: AwsClientFactory;
  guardrails: GuardrailCatalogService;
  events: EventsService;
  lifecycle: LifecycleService;
}

/**
 * Starts the tenants plugin: runs the store's migrations, mounts the sources (built-in, then
 * `added` by modules), subscribes the live events (and starts the SQS consumer with the
 * backend), registers the permissions, schedules the refresh (the scheduler's own
 * migrations run on its first `scheduleTask`) and mounts the router.
 * @throws ConflictError when two sources have one id
 */
export async function startTenantsPlugin(
  deps: TenantsPluginDeps,
  added: TenantsSource[],
): Promise<void> {
  const store = await KnexTenantsStore.create(deps.database);
  const freshness = new SourceFreshnessStore(await deps.database.getClient());
  const shared = {
    config: deps.config,
    database: deps.database,
    tenants: store,
  };
  const inventory = createInventorySource({ ...deps, tenants: store });
  const sources: BuiltInTenantsSource[] = [
    inventory,
    createSpendSource(shared),
    createFinanceSource({ ...shared, clients: deps.clients }),
    createAlarmsSource(shared),
    createHealthSource(shared),
    createComplianceSource({ ...shared, guardrails: deps.guardrails }),
    createDeploymentsSource({ ...shared, clients: deps.clients }),
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
    deps.permissionsRegistry.getPermissionRuleset(tenantPermissionResourceRef),
  );

  const schedule = readRefreshSettings(deps.config, [
    'inventory',
    ...collectors.list().map(c => c.name),
  ]);
  const gate = schedule.coldStartWait
    ? await InventoryCatalogedGate.create(
        deps.events,
        durationToMilliseconds(schedule.coldStartWait),
      )
    : undefined;
  const refresher = new TenantsRefresher({
    store,
    clients: deps.clients,
    inventory: inventory.inventory,
    collectors,
    logger: deps.logger,
    auditor: deps.auditor,
    scheduler: deps.scheduler,
    timeoutMs: durationToMilliseconds(schedule.timeout),
    freshness,
    events: deps.events,
    ...(gate ? { waitForCatalog: (runId: string) => gate.wait(runId) } : {}),
  });
  await scheduleRefreshTasks(deps.scheduler, schedule, refresher);

  deps.httpRouter.use(
    await createRouter(
      {
        store,
        access,
        httpAuth: deps.httpAuth,
        auditor: deps.auditor,
        logger: deps.logger,
        refresh: refresher,
        freshness: async () =>
          toSourceFreshness(
            await freshness.list(new Date()),
            schedule.cadences,
            { alarms: consumer?.liveAt(new Date()) },
          ),
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
}
