import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import {
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import type { TenantsCollector } from '../collectors/types';
import type { TenantsSubRouterFactory } from '../routes/context';
import type { TenantsStore } from '../store/types';
import { SpendCollector } from '../collectors/spend/SpendCollector';
import { HealthCollector } from '../collectors/health/HealthCollector';
import { ComplianceCollector } from '../collectors/compliance/ComplianceCollector';
import { InsightsStore } from './InsightsStore';
import { readInsightsSettings } from './settings';
import { createInsightsRouter } from './router';

export { InsightsStore } from './InsightsStore';
export { readInsightsSettings, type InsightsSettings } from './settings';

/**
 * The spend, health and compliance part of the tenants backend: its three collectors and its
 * sub-router, sharing one {@link InsightsStore} on the plugin database (tables created by
 * migration `20261130_insights.js`, run with the plugin's other migrations).
 */
export function createInsights(deps: {
  config: Config;
  database: DatabaseService;
  store: TenantsStore;
  guardrails?: () => Promise<Guardrail[]>;
}): { collectors: TenantsCollector[]; router: TenantsSubRouterFactory } {
  const settings = readInsightsSettings(deps.config);
  let storePromise: Promise<InsightsStore> | undefined;
  const insights = () =>
    (storePromise ??= deps.database
      .getClient()
      .then(db => new InsightsStore(db)));
  let catalog: Promise<Guardrail[]> | undefined;
  const guardrails =
    deps.guardrails ??
    (() =>
      (catalog ??= loadGuardrailCatalog(
        resolveGuardrailCatalogPath(deps.config),
      )));
  const shared = { insights, tenants: deps.store, settings };
  return {
    collectors: [
      new SpendCollector(shared),
      new HealthCollector(shared),
      new ComplianceCollector({ ...shared, guardrails }),
    ],
    router: createInsightsRouter({ insights, settings }),
  };
}
