import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { BuiltInTenantsSource } from '../routeContext';
import type { TenantsStore } from '../inventory/store/types';
import { createHealthEventHandler } from './events';
import { HealthCollector } from './HealthCollector';
import { HealthStore } from './HealthStore';
import { createHealthRouter } from './routes';
import { readHealthSettings } from './settings';

/**
 * The health source: CloudWatch metrics and alarms per tenant (table `tenant_health`), the
 * tenants list's health column, and `GET /tenants/:tenantId/health`.
 * @throws Error naming the key when a `tenancy.health.*` threshold is negative.
 */
export function createHealthSource(deps: {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
}): BuiltInTenantsSource {
  const settings = readHealthSettings(deps.config);
  let storePromise: Promise<HealthStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database
      .getClient()
      .then(db => new HealthStore(db)));
  return {
    id: 'health',
    collector: new HealthCollector({ store, tenants: deps.tenants, settings }),
    createRouter: createHealthRouter({ store, regions: settings.regions }),
    events: createHealthEventHandler({
      store,
      tenants: deps.tenants,
      settings,
    }),
  };
}
