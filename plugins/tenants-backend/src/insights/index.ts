import type {
  CacheService,
  DatabaseService,
} from '@backstage/backend-plugin-api';
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
import { recordingSpendRun } from './fleetViewCache';

export { InsightsStore } from './InsightsStore';
export { readInsightsSettings, type InsightsSettings } from './settings';

/**
 * The spend, health and compliance part of the tenants backend: its three collectors and its
 * sub-router, sharing one {@link InsightsStore} on the plugin database (tables created by
 * migration `20261130_insights.js`, run with the plugin's other migrations).
 *
 * The spend collector records its run id (`spend.runId` in `tenant_insights_meta`); the fleet
 * views (`GET /spend/fleet`, `GET /spend/export.csv`) are cached in `cache` per spend run, so
 * every replica serves a refresh's view computed once (plugin.ts passes `coreServices.cache`).
 */
export function createInsights(deps: {
  config: Config;
  database: DatabaseService;
  store: TenantsStore;
  guardrails?: () => Promise<Guardrail[]>;
  /** Backstage's cache for the fleet views; absent → they are computed on each request. */
  cache?: CacheService;
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
      recordingSpendRun(new SpendCollector(shared), insights),
      new HealthCollector(shared),
      new ComplianceCollector({ ...shared, guardrails }),
    ],
    router: createInsightsRouter({ insights, settings, cache: deps.cache }),
  };
}
