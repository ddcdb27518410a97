import knexFactory, { type Knex } from 'knex';

/**
 * The lock's 32-bit key: the name and the current schema (none: `current_schema()` is null when
 * the search path names no existing schema, and a null key would never lock).
 */
const LOCK_KEY = `hashtext(? || coalesce(current_schema(), ''))`;

/** How often a waiting replica asks for the lock again, in milliseconds. */
const POLL_MS = 200;

/**
 * Thrown when another process held the advisory lock for longer than the wait allowed.
 * @public
 */
export class AdvisoryLockTimeoutError extends Error {
  /** Always `AdvisoryLockTimeoutError`. */
  name = 'AdvisoryLockTimeoutError';
}

/**
 * Runs `fn` while this process holds a PostgreSQL session-level advisory lock
 * (`pg_try_advisory_lock(hashtext(key || current_schema()))`) of the client's database and
 * schema, so that processes sharing the database run `fn` one at a time.
 *
 * How, and why so (PostgreSQL behaviours handled on purpose; docs/replicas.md):
 * - The lock is taken on a connection of its own (a one-connection client with `knex`'s
 *   configuration), outside any transaction, and that client is destroyed when `fn` settles:
 *   the lock is released by `pg_advisory_unlock` or, whatever happens, when the connection
 *   closes — also when the process dies.
 * - A waiting process asks again every 200 ms (`pg_try_advisory_lock`) instead of blocking in
 *   `pg_advisory_lock`: `CREATE INDEX CONCURRENTLY` (used by migrations that run outside a
 *   transaction, e.g. the catalog's) waits for every transaction of the database that is
 *   older than it, and a blocked lock call (or a lock held inside a transaction) is such a
 *   transaction — the holder would wait for the waiter, or for itself, for ever.
 *
 * @param knex - a PostgreSQL client (its configuration is reused for the lock's connection)
 * @param key - the lock's name; the current schema is appended
 * @param timeoutSeconds - the longest wait for the lock, in seconds
 * @param fn - the work done while holding it; its result is returned
 * @throws AdvisoryLockTimeoutError when the lock was not free within `timeoutSeconds`
 * @public
 */
export async function withAdvisoryLock<T>(
  knex: Knex,
  key: string,
  timeoutSeconds: number,
  fn: () => Promise<T>,
): Promise<T> {
  const lockClient = knexFactory({
    ...knex.client.config,
    pool: { min: 0, max: 1 },
  });
  try {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const { rows } = await lockClient.raw(
        `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`,
        [key],
      );
      if (rows[0].locked) break;
      if (Date.now() >= deadline) {
        throw new AdvisoryLockTimeoutError(
          `Waited ${timeoutSeconds} s for PostgreSQL advisory lock "${key}", held by another process`,
        );
      }
      await new Promise(res => setTimeout(res, POLL_MS));
    }
    try {
      return await fn();
    } finally {
      await lockClient
        .raw(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [key])
        .catch(() => {
          // The connection is gone (and the lock with it), or it is closed below.
        });
    }
  } finally {
    await lockClient.destroy();
  }
}
