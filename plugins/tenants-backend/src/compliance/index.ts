import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { GuardrailCatalogService } from '@tenancy/plugin-tenants-node';
import Router from 'express-promise-router';
import type { BuiltInTenantsSource } from '../routeContext';
import type { TenantsStore } from '../inventory/store/types';
import { ComplianceCollector } from './ComplianceCollector';
import { createComplianceEventHandler } from './events';
import { ComplianceStore } from './ComplianceStore';
import { createGuardrailsRoutes } from './guardrailsRoutes';
import { createComplianceRouter } from './routes';
import { readComplianceSettings } from './settings';

/**
 * The compliance source: each tenant against the guardrail catalog (SCPs, Config rules,
 * GuardDuty, the baseline StackSet; table `tenant_compliance`), the tenants list's compliance
 * column, and the routes `GET /tenants/:tenantId/compliance` and `GET /guardrails`.
 * @throws Error naming the key when `tenancy.aws.stackSetCallAs` is not allowed.
 */
export function createComplianceSource(deps: {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
  guardrails: GuardrailCatalogService;
}): BuiltInTenantsSource {
  const settings = readComplianceSettings(deps.config);
  let storePromise: Promise<ComplianceStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database
      .getClient()
      .then(db => new ComplianceStore(db)));
  const compliance = createComplianceRouter({
    store,
    regions: settings.regions,
  });
  return {
    id: 'compliance',
    collector: new ComplianceCollector({
      store,
      tenants: deps.tenants,
      settings,
      guardrails: () => deps.guardrails.list(),
    }),
    createRouter: ctx =>
      Router().use(compliance(ctx)).use(createGuardrailsRoutes(ctx)),
    events: createComplianceEventHandler({
      store,
      tenants: deps.tenants,
      guardrails: () => deps.guardrails.list(),
      baselineStackSetName: settings.baselineStackSetName,
    }),
  };
}
