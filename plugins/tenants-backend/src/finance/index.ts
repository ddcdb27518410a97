import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { BuiltInTenantsSource } from '../routeContext';
import { FinanceCollector } from './FinanceCollector';
import type { TenantsStore } from '../inventory/store/types';
import { FinanceStore } from './FinanceStore';
import { createFinanceRouter } from './routes';
import { readFinanceSettings } from './settings';

/**
 * The finance source (issue 19): monthly chargeback reports in FOCUS columns, the fixed-cost
 * footprint, Cost Anomaly Detection attributed to tenants, unit cost and the vend-time budgets
 * (tables `tenant_finance_reports`, `tenant_finance_report_lines`, `tenant_finance_documents`),
 * with the routes of {@link createFinanceRouter}. See docs/aws-behaviours/finance.md.
 * @throws Error naming the key when `tenancy.spend.metric` is not allowed.
 */
export function createFinanceSource(deps: {
  config: Config;
  database: DatabaseService;
  clients: AwsClientFactory;
  tenants: TenantsStore;
  now?: () => Date;
}): BuiltInTenantsSource {
  const settings = readFinanceSettings(deps.config);
  let storePromise: Promise<FinanceStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database
      .getClient()
      .then(db => new FinanceStore(db)));
  return {
    id: 'finance',
    collector: new FinanceCollector({
      store,
      settings,
      tenants: deps.tenants,
    }),
    createRouter: createFinanceRouter({
      store,
      settings,
      clients: deps.clients,
      now: deps.now,
    }),
  };
}
