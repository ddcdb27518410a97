import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { withAdvisoryLock } from './advisoryLock';

/**
 * Prefix of the PostgreSQL advisory lock keys that serialize knex migrations (per database).
 * @public
 */
export const MIGRATIONS_LOCK_PREFIX = 'tenancy:knex-migrations:';

/**
 * How long one replica waits for another's migrations of the same table, in seconds.
 * @public
 */
export const MIGRATIONS_LOCK_TIMEOUT_SECONDS = 300;

/**
 * The knex `Migrator` methods wrapped by {@link serializeMigrations}: those that migrate, and
 * those that create the migrations tables when missing (`list`, `currentVersion`, `status`).
 */
const MIGRATING_METHODS = [
  'latest',
  'up',
  'down',
  'rollback',
  'list',
  'currentVersion',
  'status',
] as const;

const SERIALIZED = Symbol.for(
  '@tenancy/plugin-tenants-node#serializeMigrations',
);

/**
 * Options of {@link serializeMigrations}.
 * @public
 */
export interface SerializeMigrationsOptions {
  /** Where a freed migration lock is reported (warn). */
  logger?: LoggerService;
  /** The longest wait for another replica's migrations, in seconds (default 300). */
  timeoutSeconds?: number;
}

/**
 * Makes every knex migration run through `knex.migrate` (`latest`, `up`, `down`, `rollback`,
 * and `list`, `currentVersion`, `status`, which create the migrations tables when missing)
 * wait its turn across processes: on PostgreSQL each run holds an advisory lock keyed by the
 * migrations table and the current schema ({@link withAdvisoryLock}: its own connection, no
 * open transaction, so `CREATE INDEX CONCURRENTLY` migrations do not wait for it), so
 * replicas started together migrate one table set one after the other. Returns the same knex
 * instance (its `migrate` property replaced; calling this twice changes nothing). On other
 * databases (SQLite: one process) migrations run as before.
 *
 * Why (knex 3, what it does on purpose; see docs/replicas.md):
 * - knex creates `<table>` and `<table>_lock` by check-then-create and inserts the lock row
 *   when the lock table is empty; two processes doing that at once fail with
 *   "relation … already exists" or "duplicate key value violates unique constraint
 *   pg_type_typname_nsp_index", or leave **two** lock rows, after which every later run
 *   fails with `Migration table is already locked` (its `UPDATE … WHERE is_locked = 0` must
 *   change exactly one row) — for good, on every replica;
 * - a process that dies during a migration run outside a transaction leaves `is_locked = 1`,
 *   with the same lasting failure.
 *
 * Holding the advisory lock, a lock table that is not exactly one row with `is_locked = 0`
 * can only be left over (every replica migrates through this lock), so it is reset to that
 * one row (knex's `forceFreeMigrationsLock`) and a warning is logged. A process that migrates
 * the same tables without this lock (the `knex migrate` CLI, an older release during a
 * rollout) is not covered: do not run one while replicas start.
 *
 * The lock waits at most `timeoutSeconds`; longer fails the migration with
 * {@link AdvisoryLockTimeoutError}. The lock is released when the run settles, and by
 * PostgreSQL when the process dies (its connection closes).
 *
 * @param knex - a plugin's database client (from `DatabaseService.getClient`)
 * @param options - the logger for freed locks and the longest wait
 * @public
 */
export function serializeMigrations(
  knex: Knex,
  options: SerializeMigrationsOptions = {},
): Knex {
  const marked = knex as Knex & { [SERIALIZED]?: true };
  if (marked[SERIALIZED] || knex.client.dialect !== 'postgresql') return knex;
  const original = findMigrateGetter(knex);
  const timeoutSeconds =
    options.timeoutSeconds ?? MIGRATIONS_LOCK_TIMEOUT_SECONDS;
  Object.defineProperty(knex, 'migrate', {
    configurable: true,
    get(this: Knex) {
      const migrator = original.call(this);
      for (const method of MIGRATING_METHODS) {
        const run = migrator[method].bind(migrator) as (
          config?: Knex.MigratorConfig,
          ...rest: unknown[]
        ) => Promise<unknown>;
        (migrator as unknown as Record<string, unknown>)[method] = (
          config?: Knex.MigratorConfig,
          ...rest: unknown[]
        ) =>
          withAdvisoryLock(this, lockKey(config), timeoutSeconds, async () => {
            await freeLeftOverLock(
              this,
              original.call(this),
              config,
              options.logger,
            );
            return run(config, ...rest);
          });
      }
      return migrator;
    },
  });
  Object.defineProperty(knex, SERIALIZED, { value: true });
  return knex;
}

/**
 * True when `knex.migrate` runs through the lock of {@link serializeMigrations}.
 * @public
 */
export function isMigrationsSerialized(knex: Knex): boolean {
  return (knex as Knex & { [SERIALIZED]?: true })[SERIALIZED] === true;
}

/** The lock of one migrations table (per database; `withAdvisoryLock` adds the schema). */
function lockKey(config: Knex.MigratorConfig | undefined): string {
  return `${MIGRATIONS_LOCK_PREFIX}${config?.schemaName ?? ''}.${
    config?.tableName ?? 'knex_migrations'
  }@`;
}

function findMigrateGetter(knex: Knex): (this: Knex) => Knex.Migrator {
  const descriptor = Object.getOwnPropertyDescriptor(knex, 'migrate');
  if (!descriptor?.get) {
    throw new Error(
      'serializeMigrations needs a knex instance whose `migrate` is its own getter (knex 3)',
    );
  }
  return descriptor.get as (this: Knex) => Knex.Migrator;
}

/**
 * Resets a migrations lock table that is not exactly one unlocked row (two rows from a racing
 * first migration, or `is_locked = 1` from a process that died mid-migration). Called only
 * while holding the advisory lock.
 */
async function freeLeftOverLock(
  knex: Knex,
  migrator: Knex.Migrator,
  config: Knex.MigratorConfig | undefined,
  logger: LoggerService | undefined,
): Promise<void> {
  const tableName = `${config?.tableName ?? 'knex_migrations'}_lock`;
  const schema = config?.schemaName
    ? knex.schema.withSchema(config.schemaName)
    : knex.schema;
  if (!(await schema.hasTable(tableName))) return;
  const table = config?.schemaName
    ? knex(tableName).withSchema(config.schemaName)
    : knex(tableName);
  const rows: Array<{ is_locked: number | boolean }> = await table.select(
    'is_locked',
  );
  if (rows.length === 0) return; // knex inserts the row itself
  if (rows.length === 1 && Number(rows[0].is_locked) === 0) return;
  logger?.warn(
    `Freeing the knex migration lock "${tableName}" left by another process (${
      rows.length
    } row(s), locked ${
      rows.filter(r => Number(r.is_locked) !== 0).length
    }); no replica is migrating it`,
  );
  await migrator.forceFreeMigrationsLock(config);
}
