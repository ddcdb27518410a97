import { withAdvisoryLock } from '@tenancy/plugin-tenants-node';
import type { Knex } from 'knex';

/** Key of the PostgreSQL advisory lock the tenants plugin's start-up holds (per database). */
export const STARTUP_LOCK_NAME = 'tenancy:tenants-backend:startup-migrations';

/** How long a replica waits for another replica's start-up, in seconds, before it fails. */
export const STARTUP_LOCK_TIMEOUT_SECONDS = 300;

/**
 * Runs `fn` (the plugin's start-up migrations: its own tables and the scheduler's) while this
 * process holds the PostgreSQL advisory lock {@link STARTUP_LOCK_NAME} of the plugin's database
 * (`withAdvisoryLock` of `@tenancy/plugin-tenants-node`: a session lock on a connection of its
 * own, asked for every 200 ms), so replicas started together run their migrations one after
 * the other: knex creates its migrations tables with check-then-create (`hasTable`, then
 * `CREATE TABLE`) and fails with `relation "…_knex_migrations_lock" already exists` or
 * `MigrationLocked` when two processes migrate at once.
 *
 * The lock is released when `fn` settles, and by PostgreSQL when the process dies (its
 * connection closes). Waiting longer than `timeoutSeconds` fails with
 * `AdvisoryLockTimeoutError`, which fails the plugin's start (and the process, so the
 * orchestrator restarts it). On other databases (SQLite: one process) `fn` runs without a lock.
 *
 * @param knex - the plugin's database client
 * @param fn - the start-up work; its result is returned
 * @param timeoutSeconds - the longest wait for the lock, in seconds
 */
export async function withStartupLock<T>(
  knex: Knex,
  fn: () => Promise<T>,
  timeoutSeconds: number = STARTUP_LOCK_TIMEOUT_SECONDS,
): Promise<T> {
  if (knex.client.dialect !== 'postgresql') return fn();
  return withAdvisoryLock(knex, STARTUP_LOCK_NAME, timeoutSeconds, fn);
}
