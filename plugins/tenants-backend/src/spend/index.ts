import type {
  CacheService,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { BuiltInTenantsSource } from '../routeContext';
import type { TenantsStore } from '../inventory/store/types';
import { recordingSpendRun } from './fleetViewCache';
import { createSpendRouter } from './routes';
import { readSpendSettings } from './settings';
import { SpendCollector } from './SpendCollector';
import { SpendStore } from './SpendStore';

/**
 * The spend source: Cost Explorer facts per tenant (tables `tenant_spend_facts`,
 * `tenant_spend_months`, `tenant_insights_meta`), the tenants list's spend columns, and the
 * routes `GET /tenants/:tenantId/spend`, `GET /spend/fleet`, `GET /spend/export.csv`.
 *
 * The collector records its run id after each run; the fleet views are cached in `cache` per
 * spend run, so every replica serves a refresh's view computed once.
 *
 * @throws Error naming the key when `tenancy.spend.metric` is not allowed.
 */
export function createSpendSource(deps: {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
  /** Backstage's cache for the fleet views; absent → they are computed on each request. */
  cache?: CacheService;
}): BuiltInTenantsSource {
  const settings = readSpendSettings(deps.config);
  let storePromise: Promise<SpendStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database.getClient().then(db => new SpendStore(db)));
  return {
    id: 'spend',
    collector: recordingSpendRun(
      new SpendCollector({ store, tenants: deps.tenants, settings }),
      store,
    ),
    createRouter: createSpendRouter({ store, settings, cache: deps.cache }),
  };
}
