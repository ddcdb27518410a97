/**
 * One backend replica for `scale-out-check.ts`: the tenants plugin on the backend defaults
 * (database, cache, scheduler from the `--config` files the check writes).
 */
import { createBackend } from '@backstage/backend-defaults';
import { serializedMigrationsDatabaseServiceFactory } from '@tenancy/plugin-tenants-node';

const backend = createBackend();
// As the portal's backend does: every plugin's migrations serialized across replicas.
backend.add(serializedMigrationsDatabaseServiceFactory);
backend.add(import('../src'));
// A plugin that fails to start fails the process (exit 1) so the orchestrator restarts it; the
// backend's own handler would only log the rejection and keep serving 503 (docs/replicas.md).
backend.start().catch(error => {
  console.error('Replica failed to start; exiting to be restarted', error);
  process.exit(1);
});
