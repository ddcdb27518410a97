/*
 * The seams for the spend, health and compliance parts: collectors the refresh runs after the
 * inventory, and sub-routers mounted on the plugin's router. Add yours here (one line each).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { TenantsCollector } from './collectors/types';
import type { TenantsSubRouterFactory } from './routes/context';
import type { TenantsStore } from './store/types';

/** What the built-in collectors and sub-routers may use. */
export interface TenantsFeatureDeps {
  config: Config;
  logger: LoggerService;
  store: TenantsStore;
  clients: AwsClientFactory;
}

/** Collectors run after the inventory, in this order. */
export function createBuiltInCollectors(_deps: TenantsFeatureDeps): TenantsCollector[] {
  return [];
}

/** Sub-routers mounted after the tenants, refresh and activity routes. */
export function createBuiltInSubRouters(_deps: TenantsFeatureDeps): TenantsSubRouterFactory[] {
  return [];
}
