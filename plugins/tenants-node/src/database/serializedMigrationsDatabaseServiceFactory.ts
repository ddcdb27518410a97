import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import { serializeMigrations } from './serializedMigrations';

/**
 * The Backstage database service (`coreServices.database`, `DatabaseManager` of
 * `@backstage/backend-defaults`, same configuration under `backend.database`) whose clients
 * run every plugin's knex migrations through {@link serializeMigrations}: replicas started
 * together on one PostgreSQL database migrate each plugin's tables one after the other — the
 * plugins' own migrations, the scheduler's (`backstage_backend_tasks__…`) and the plugin
 * keys' (`backstage_backend_public_keys__…`) — instead of racing on knex's check-then-create
 * and leaving a lock table that fails every later start. Without `backend.database` it uses
 * in-memory SQLite, as the default factory does.
 *
 * Add it to the backend in place of the default: `backend.add(serializedMigrationsDatabaseServiceFactory)`.
 * @public
 */
export const serializedMigrationsDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const source = config.getOptional('backend.database')
      ? config
      : new ConfigReader({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        });
    return DatabaseManager.fromConfig(source, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      migrations: database.migrations,
      getClient: async () =>
        serializeMigrations(await database.getClient(), { logger }),
    };
  },
});
