import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { BuiltInTenantsSource } from '../routeContext';
import type { TenantsStore } from '../inventory/store/types';
import { recordingSpendRun } from './fleetViews';
import { FleetViewStore } from './FleetViewStore';
import { createSpendRouter } from './routes';
import { readSpendSettings } from './settings';
import { SpendCollector } from './SpendCollector';
import { SpendStore } from './SpendStore';

/**
 * The spend source: Cost Explorer facts per tenant (tables `tenant_spend_facts`,
 * `tenant_spend_months`, `tenant_insights_meta`), the tenants list's spend columns, and the
 * routes `GET /tenants/:tenantId/spend`, `GET /spend/fleet`, `GET /spend/export.csv`.
 *
 * The collector records its run id after each run and stores the costs page of every stored
 * month for it (tables `tenant_spend_fleet_views`, `tenant_spend_fleet_rows`), so every replica
 * serves a refresh's views computed once, paging the tenant rows in the database.
 *
 * @throws Error naming the key when `tenancy.spend.metric` is not allowed.
 */
export function createSpendSource(deps: {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
}): BuiltInTenantsSource {
  const settings = readSpendSettings(deps.config);
  let storePromise: Promise<SpendStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database.getClient().then(db => new SpendStore(db)));
  let viewsPromise: Promise<FleetViewStore> | undefined;
  const views = () =>
    (viewsPromise ??= deps.database
      .getClient()
      .then(db => new FleetViewStore(db)));
  return {
    id: 'spend',
    collector: recordingSpendRun(
      new SpendCollector({ store, tenants: deps.tenants, settings }),
      { store, views, metric: settings.spendMetric },
    ),
    createRouter: createSpendRouter({ store, views, settings }),
  };
}
