import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { BuiltInTenantsSource } from '../routeContext';
import type { TenantsStore } from '../inventory/store/types';
import { createHealthEventHandler } from './events';
import { AlarmsCollector } from './AlarmsCollector';
import { HealthCollector } from './HealthCollector';
import { HealthStore } from './HealthStore';
import { createHealthRouter } from './routes';
import { readHealthSettings } from './settings';

type HealthSourceDeps = {
  config: Config;
  database: DatabaseService;
  tenants: TenantsStore;
};

function healthParts(deps: HealthSourceDeps) {
  const settings = readHealthSettings(deps.config);
  let storePromise: Promise<HealthStore> | undefined;
  const store = () =>
    (storePromise ??= deps.database
      .getClient()
      .then(db => new HealthStore(db)));
  return { settings, store, tenants: deps.tenants };
}

/**
 * The health source: CloudWatch metrics per tenant judged with its stored alarms (table
 * `tenant_health`), the tenants list's health column, and `GET /tenants/:tenantId/health`.
 * @throws Error naming the key when a `tenancy.health.*` threshold is negative.
 */
export function createHealthSource(
  deps: HealthSourceDeps,
): BuiltInTenantsSource {
  const parts = healthParts(deps);
  return {
    id: 'health',
    collector: new HealthCollector(parts),
    createRouter: createHealthRouter({
      store: parts.store,
      regions: parts.settings.regions,
    }),
  };
}

/**
 * The alarms source: CloudWatch alarms per tenant, read on their own (daily) cadence into the
 * tenants' health, and kept live between reads by `CloudWatch Alarm State Change` events.
 * Register it before the health source, so a first refresh reads the alarms once.
 * @throws Error naming the key when a `tenancy.health.*` threshold is negative.
 */
export function createAlarmsSource(
  deps: HealthSourceDeps,
): BuiltInTenantsSource {
  const parts = healthParts(deps);
  return {
    id: 'alarms',
    collector: new AlarmsCollector(parts),
    events: createHealthEventHandler(parts),
  };
}
