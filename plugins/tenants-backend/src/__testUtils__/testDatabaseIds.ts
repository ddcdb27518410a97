import type { TestDatabaseId } from '@backstage/backend-test-utils';

/**
 * Test databases for the store suites: SQLite always, PostgreSQL 15 when
 * `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` points at a server. Without it the
 * suite says so, rather than silently testing one database.
 */
export function storeTestDatabaseIds(): TestDatabaseId[] {
  if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
    return ['SQLITE_3', 'POSTGRES_15'];
  }
  // eslint-disable-next-line no-console
  console.warn(
    'tenants store tests ran on SQLite only: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to include PostgreSQL',
  );
  return ['SQLITE_3'];
}
