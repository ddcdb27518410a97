/*
 * The seams for the spend, health and compliance parts: collectors the refresh runs after the
 * inventory, and sub-routers mounted on the plugin's router. Add yours here (one line each).
 */
import type {
  CacheService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { TenantsCollector } from './collectors/types';
import type { TenantsSubRouterFactory } from './routes/context';
import type { TenantsStore } from './store/types';
import { createInsights } from './insights';

/** What the built-in collectors and sub-routers may use. */
export interface TenantsFeatureDeps {
  config: Config;
  logger: LoggerService;
  store: TenantsStore;
  clients: AwsClientFactory;
  /** The plugin database (the spend, health and compliance tables). */
  database: DatabaseService;
  /** Backstage's cache (Redis when several replicas run): the fleet views, per spend run. */
  cache?: CacheService;
}

const insightsByDeps = new WeakMap<
  TenantsFeatureDeps,
  ReturnType<typeof createInsights>
>();
/** The spend, health and compliance part, built once per plugin instance. */
function insightsOf(deps: TenantsFeatureDeps) {
  let insights = insightsByDeps.get(deps);
  if (!insights) {
    insights = createInsights(deps);
    insightsByDeps.set(deps, insights);
  }
  return insights;
}

/** Collectors run after the inventory, in this order. */
export function createBuiltInCollectors(
  deps: TenantsFeatureDeps,
): TenantsCollector[] {
  return [...insightsOf(deps).collectors];
}

/** Sub-routers mounted after the tenants, refresh and activity routes. */
export function createBuiltInSubRouters(
  deps: TenantsFeatureDeps,
): TenantsSubRouterFactory[] {
  return [insightsOf(deps).router];
}
