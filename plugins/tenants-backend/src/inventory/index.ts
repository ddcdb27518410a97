import type { Config } from '@backstage/config';
import Router from 'express-promise-router';
import type { BuiltInTenantsSource } from '../routeContext';
import { createActivityRoutes } from './activityRoutes';
import { createInventoryEventHandler } from './events';
import type { TenantsStore } from './store/types';
import { InventoryCollector } from './InventoryCollector';
import { createTenantsRoutes } from './routes';
import { readInventorySettings } from './settings';

/**
 * The inventory source: the tenant accounts from AWS Organizations (its collector runs first in
 * every refresh and answers the tenants the other sources collect for), and the routes
 * `GET /tenants`, `GET /tenants/:tenantId`, `GET /tenants/:tenantId/activity`, `POST /activity`.
 * Its tables (`tenants`, `tenant_activity`) are in the plugin's {@link KnexTenantsStore}.
 */
export interface InventorySource extends BuiltInTenantsSource {
  id: 'inventory';
  inventory: InventoryCollector;
}

/** The inventory's routes: tenants, tenant detail and activity. */
export const createInventoryRouter: NonNullable<
  BuiltInTenantsSource['createRouter']
> = ctx =>
  Router().use(createTenantsRoutes(ctx)).use(createActivityRoutes(ctx));

/** Builds the {@link InventorySource} from `tenancy.tenants` and `tenancy.refresh`. */
export function createInventorySource(deps: {
  config: Config;
  tenants?: TenantsStore;
}): InventorySource {
  return {
    id: 'inventory',
    inventory: new InventoryCollector(readInventorySettings(deps.config)),
    createRouter: createInventoryRouter,
    ...(deps.tenants
      ? { events: createInventoryEventHandler({ tenants: deps.tenants }) }
      : {}),
  };
}

export { KnexTenantsStore } from './store/KnexTenantsStore';
export { loadTenant } from './routes';
