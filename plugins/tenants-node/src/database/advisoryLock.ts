import { AsyncLocalStorage } from 'node:async_hooks';
import knexFactory, { type Knex } from 'knex';

/**
 * The lock's 32-bit key: the name and the current schema (none: `current_schema()` is null when
 * the search path names no existing schema, and a null key would never lock).
 */
const LOCK_KEY = `hashtext(? || coalesce(current_schema(), ''))`;

/** How often a waiting replica asks for the lock again, in milliseconds. */
const POLL_MS = 200;

/** How often the holder checks that its lock connection is alive, in milliseconds. */
const HEARTBEAT_MS = 10_000;

/** The lock names this async context holds (so that a nested call with the same name runs on). */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

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
 * schema, so that processes sharing the database run `fn` one at a time. A call made inside
 * `fn` (same async context) with the same key runs at once: the lock is already held.
 *
 * How, and why so (PostgreSQL and knex behaviours handled on purpose; docs/replicas.md):
 * - The lock is taken on a connection of its own: a one-connection client with `knex`'s
 *   configuration, whose connection is checked out of its pool for the whole call (a pooled
 *   connection left idle is closed after 30 s by the pool, and the lock with it) and pinged
 *   every 10 s. The lock is released by `pg_advisory_unlock` and, whatever happens, when that
 *   client is destroyed — and by PostgreSQL when the process dies.
 * - It is taken outside any transaction, and a waiting process asks again every 200 ms
 *   (`pg_try_advisory_lock`) instead of blocking in `pg_advisory_lock`: `CREATE INDEX
 *   CONCURRENTLY` (used by migrations that run outside a transaction, e.g. the catalog's)
 *   waits for every transaction of the database that is older than it, and a blocked lock
 *   call (or a lock held inside a transaction) is such a transaction — the holder would wait
 *   for the waiter, or for itself, for ever.
 *
 * @param knex - a PostgreSQL client (its configuration is reused for the lock's connection)
 * @param key - the lock's name; the current schema is appended
 * @param timeoutSeconds - the longest wait for the lock, in seconds
 * @param fn - the work done while holding it; its result is returned
 * @throws AdvisoryLockTimeoutError when the lock was not free within `timeoutSeconds`
 * @throws Error when `fn` succeeded but the lock's connection was lost meanwhile (another
 *   process may have held the lock too)
 * @public
 */
export async function withAdvisoryLock<T>(
  knex: Knex,
  key: string,
  timeoutSeconds: number,
  fn: () => Promise<T>,
): Promise<T> {
  const outer = held.getStore();
  if (outer?.has(key)) return fn();
  const lockClient = knexFactory({
    ...knex.client.config,
    pool: { min: 0, max: 1 },
  });
  try {
    const connection = await lockClient.client.acquireConnection();
    const query = (sql: string) =>
      lockClient.raw(sql, [key]).connection(connection);
    try {
      const deadline = Date.now() + timeoutSeconds * 1000;
      while (
        !(await query(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`))
          .rows[0].locked
      ) {
        if (Date.now() >= deadline) {
          throw new AdvisoryLockTimeoutError(
            `Waited ${timeoutSeconds} s for PostgreSQL advisory lock "${key}", held by another process`,
          );
        }
        await new Promise(res => setTimeout(res, POLL_MS));
      }
      let lost: unknown;
      const heartbeat = setInterval(() => {
        lockClient
          .raw('SELECT 1')
          .connection(connection)
          .catch((e: unknown) => {
            lost ??= e;
          });
      }, HEARTBEAT_MS);
      heartbeat.unref();
      let result: T;
      try {
        result = await held.run(new Set([...(outer ?? []), key]), fn);
      } finally {
        clearInterval(heartbeat);
      }
      const unlocked = await query(
        `SELECT pg_advisory_unlock(${LOCK_KEY}) AS unlocked`,
      ).then(
        r => r.rows[0].unlocked === true,
        (e: unknown) => {
          lost ??= e;
          return false;
        },
      );
      if (!unlocked) {
        throw new Error(
          `PostgreSQL advisory lock "${key}" was lost while the work ran (its connection closed${
            lost instanceof Error ? `: ${lost.message}` : ''
          }); another process may have held it too`,
        );
      }
      return result;
    } finally {
      await lockClient.client.releaseConnection(connection);
    }
  } finally {
    await lockClient.destroy();
  }
}
