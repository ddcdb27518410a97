export { withAdvisoryLock, AdvisoryLockTimeoutError } from './advisoryLock';
export {
  serializeMigrations,
  isMigrationsSerialized,
  MIGRATIONS_LOCK_PREFIX,
  MIGRATIONS_LOCK_TIMEOUT_SECONDS,
  type SerializeMigrationsOptions,
} from './serializedMigrations';
export { serializedMigrationsDatabaseServiceFactory } from './serializedMigrationsDatabaseServiceFactory';
