/*
 * The Tenancy portal backend (new backend system): app, guest auth, catalog with the Tenant
 * kind, scaffolder with the vending actions, permissions with the portal's policy, events,
 * and the tenants plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { serializedMigrationsDatabaseServiceFactory } from '@tenancy/plugin-tenants-node';
import { rootHttpRouterWithSafeErrors } from './errors/safeErrors';

const backend = createBackend();

// Replicas started together on one PostgreSQL database migrate each plugin's tables one after
// the other (knex's first migrations race otherwise; docs/replicas.md).
backend.add(serializedMigrationsDatabaseServiceFactory);

// Error responses never carry stack traces or server paths, in the demo as in production.
backend.add(rootHttpRouterWithSafeErrors);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@tenancy/plugin-catalog-backend-module-tenants'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@tenancy/plugin-scaffolder-backend-module-tenancy'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@tenancy/plugin-tenants-backend'));

// A plugin that fails to start (e.g. a migration racing another replica's) fails the process
// (exit 1) so the orchestrator restarts it, instead of a process that serves 503 for good.
backend.start().catch(error => {
  console.error('Backend failed to start', error);
  process.exit(1);
});
