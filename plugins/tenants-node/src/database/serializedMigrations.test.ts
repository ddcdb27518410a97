import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import {
  isMigrationsSerialized,
  serializeMigrations,
} from './serializedMigrations';

// Pins knex 3's migration behaviour that docs/replicas.md describes: two lock rows or a lock
// left at 1 fail every later `migrate.latest` ("Migration table is already locked").

const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});
const hasPostgres = databases
  .eachSupportedId()
  .some(([id]) => id !== 'SQLITE_3');

/** Migrations as Backstage's defaults run them in every plugin's database. */
const schedulerMigrations = {
  directory: resolvePackagePath(
    '@backstage/backend-defaults',
    'migrations/scheduler',
  ),
  tableName: 'backstage_backend_tasks__knex_migrations',
};
const keyMigrations = {
  directory: resolvePackagePath(
    '@backstage/backend-defaults',
    'migrations/auth',
  ),
  tableName: 'backstage_backend_public_keys__knex_migrations',
};

/** A migrations directory whose one migration waits for `gate` (set per test) before it ends. */
const slow = { gate: Promise.resolve(), entered: () => {} };

/** Closes the slow migration's gate: answers when a run has entered it, and how to open it. */
function closeGate(): { entered: Promise<void>; open: () => void } {
  let open!: () => void;
  slow.gate = new Promise<void>(res => {
    open = res;
  });
  const entered = new Promise<void>(res => {
    slow.entered = res;
  });
  return { entered, open };
}
let dir: string;
let looseDir: string;
let concurrentDir: string;
beforeAll(() => {
  // The same, outside a transaction (knex's lock row is committed while it runs).
  looseDir = mkdtempSync(join(tmpdir(), 'tenancy-migrations-loose-'));
  writeFileSync(
    join(looseDir, '20260101000000_slow.js'),
    `const slow = globalThis.__tenancySlowMigration;
exports.up = async knex => {
  await knex.raw('CREATE TABLE IF NOT EXISTS slow_things (id text)');
  slow.entered();
  await slow.gate;
};
exports.down = async knex => knex.schema.dropTable('slow_things');
exports.config = { transaction: false };
`,
  );
  dir = mkdtempSync(join(tmpdir(), 'tenancy-migrations-'));
  writeFileSync(
    join(dir, '20260101000000_slow.js'),
    `const slow = globalThis.__tenancySlowMigration;
exports.up = async knex => {
  await knex.schema.createTable('slow_things', t => t.string('id'));
  slow.entered();
  await slow.gate;
};
exports.down = async knex => knex.schema.dropTable('slow_things');
`,
  );
  (globalThis as Record<string, unknown>).__tenancySlowMigration = slow;
  concurrentDir = mkdtempSync(join(tmpdir(), 'tenancy-migrations-cic-'));
  writeFileSync(
    join(concurrentDir, '20260101000000_table.js'),
    `exports.up = async knex => {
  await knex.schema.createTable('things', t => t.string('id'));
};
exports.down = async knex => knex.schema.dropTable('things');
`,
  );
  // As the catalog's search index migration: outside a transaction, CONCURRENTLY.
  writeFileSync(
    join(concurrentDir, '20260101000001_index.js'),
    `exports.up = async knex => {
  await knex.raw('CREATE INDEX CONCURRENTLY things_id_idx ON things (id)');
};
exports.down = async knex => knex.raw('DROP INDEX CONCURRENTLY things_id_idx');
exports.config = { transaction: false };
`,
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(concurrentDir, { recursive: true, force: true });
  rmSync(looseDir, { recursive: true, force: true });
});
const slowMigrations = () => ({
  directory: dir,
  tableName: 'slow__knex_migrations',
});

/** `count` separate clients (connection pools, as separate replicas have) on one database. */
function replicasOf(knex: Knex, names: string[]): Knex[] {
  const base = knex.client.config.connection as Record<string, unknown>;
  return names.map(name =>
    knexFactory({
      client: 'pg',
      connection: { ...base, application_name: name },
      pool: { min: 0, max: 4 },
    }),
  );
}

async function lockRows(knex: Knex, tableName: string) {
  return knex(`${tableName}_lock`).select('is_locked').orderBy('index');
}

(hasPostgres ? describe : describe.skip)(
  'serializeMigrations on PostgreSQL',
  () => {
    it('lets 4 replicas started together on an empty database run the same migrations, each recorded once', async () => {
      const knex = await databases.init('POSTGRES_15');
      const replicas = replicasOf(knex, ['r1', 'r2', 'r3', 'r4']).map(r =>
        serializeMigrations(r),
      );
      try {
        const results = await Promise.allSettled(
          replicas.map(async client => {
            await Promise.all([
              client.migrate.latest(keyMigrations),
              client.migrate.latest(schedulerMigrations),
            ]);
          }),
        );
        expect(results.map(r => r.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'fulfilled',
        ]);
        const ran = await knex(schedulerMigrations.tableName).select('name');
        expect(ran.map(r => r.name).sort()).toEqual([
          '20210928160613_init.js',
          '20240712211735_nullable_next_run.js',
          '20250411000000_last_run.js',
        ]);
        const keys = await knex(keyMigrations.tableName).select('name');
        expect(keys.map(r => r.name)).toEqual([
          '20240327104803_public_keys.js',
        ]);
        expect(await lockRows(knex, schedulerMigrations.tableName)).toEqual([
          { is_locked: 0 },
        ]);
        expect(await lockRows(knex, keyMigrations.tableName)).toEqual([
          { is_locked: 0 },
        ]);
      } finally {
        await Promise.all(replicas.map(r => r.destroy()));
      }
    }, 60_000);

    it('lets replicas started together run a CREATE INDEX CONCURRENTLY migration (it waits for older transactions)', async () => {
      const knex = await databases.init('POSTGRES_15');
      const replicas = replicasOf(knex, ['c1', 'c2', 'c3']).map(r =>
        serializeMigrations(r),
      );
      const config = {
        directory: concurrentDir,
        tableName: 'cic__knex_migrations',
      };
      try {
        const results = await Promise.all(
          replicas.map(r => r.migrate.latest(config)),
        );
        expect(results.map(([, ran]) => ran.length).sort()).toEqual([0, 0, 2]);
        const index = await knex.raw(
          `SELECT indexname FROM pg_indexes WHERE tablename = 'things'`,
        );
        expect(index.rows).toEqual([{ indexname: 'things_id_idx' }]);
      } finally {
        await Promise.all(replicas.map(r => r.destroy()));
      }
    }, 60_000);

    it('makes a second replica wait until the first has migrated, then find nothing to do', async () => {
      const knex = await databases.init('POSTGRES_15');
      const [a, b] = replicasOf(knex, ['a', 'b']).map(r =>
        serializeMigrations(r),
      );
      const { entered, open } = closeGate();
      try {
        const first = a.migrate.latest(slowMigrations());
        await entered;
        let secondDone = false;
        const second = b.migrate.latest(slowMigrations()).then(r => {
          secondDone = true;
          return r;
        });
        await new Promise(res => setTimeout(res, 300));
        expect(secondDone).toBe(false);
        // The first holds the advisory lock; the second asks for it until it is free.
        const holders = await knex.raw(
          `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)
           WHERE l.locktype = 'advisory' AND l.granted
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(holders.rows).toEqual([{ application_name: 'a' }]);
        open();
        expect(await first).toEqual([1, ['20260101000000_slow.js']]);
        expect(await second).toEqual([1, []]);
      } finally {
        open(); // a failed expectation must not leave the migration waiting
        await Promise.all([a.destroy(), b.destroy()]);
      }
    }, 60_000);

    it('lets the others migrate when the replica holding the lock dies mid-migration, freeing its knex lock', async () => {
      const knex = await databases.init('POSTGRES_15');
      const logger = mockServices.logger.mock();
      const [a, b] = replicasOf(knex, ['dying', 'survivor']).map(r =>
        serializeMigrations(r, { logger }),
      );
      const looseMigrations = {
        directory: looseDir,
        tableName: 'loose__knex_migrations',
      };
      const { entered, open: resume } = closeGate();
      try {
        const first = a.migrate.latest(looseMigrations);
        first.catch(() => {});
        await entered;
        // Outside a transaction, knex's lock row is committed: a plain start now fails.
        expect(await lockRows(knex, looseMigrations.tableName)).toEqual([
          { is_locked: 1 },
        ]);
        slow.gate = Promise.resolve(); // the survivor's run does not wait
        const second = b.migrate.latest(looseMigrations);
        // The process dies: PostgreSQL closes its connections and so releases its advisory
        // lock; knex's lock row stays at 1.
        await knex.raw(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dying'`,
        );
        expect(await second).toEqual([1, ['20260101000000_slow.js']]);
        expect(logger.warn).toHaveBeenCalledWith(
          'Freeing the knex migration lock "loose__knex_migrations_lock" left by another process (1 row(s), locked 1); no replica is migrating it',
        );
        expect(await lockRows(knex, looseMigrations.tableName)).toEqual([
          { is_locked: 0 },
        ]);
      } finally {
        resume(); // the dead replica's next statement fails
        await Promise.all([a.destroy(), b.destroy()]);
      }
    }, 60_000);

    it.each([
      ['two lock rows (a racing first migration)', [0, 0]],
      ['a lock left at 1 (a process died mid-migration)', [1]],
    ])(
      'frees %s, which fails every unserialized start',
      async (_name, locks) => {
        const knex = await databases.init('POSTGRES_15');
        await knex.migrate.latest(schedulerMigrations);
        await knex(`${schedulerMigrations.tableName}_lock`).del();
        await knex(`${schedulerMigrations.tableName}_lock`).insert(
          locks.map(is_locked => ({ is_locked })),
        );
        const [plain, serialized] = replicasOf(knex, ['plain', 'serialized']);
        const logger = mockServices.logger.mock();
        try {
          await expect(
            plain.migrate.latest(schedulerMigrations),
          ).rejects.toThrow('Migration table is already locked');
          serializeMigrations(serialized, { logger });
          await expect(
            serialized.migrate.latest(schedulerMigrations),
          ).resolves.toEqual([1, []]);
          expect(await lockRows(knex, schedulerMigrations.tableName)).toEqual([
            { is_locked: 0 },
          ]);
          expect(logger.warn).toHaveBeenCalledWith(
            `Freeing the knex migration lock "backstage_backend_tasks__knex_migrations_lock" left by another process (${
              locks.length
            } row(s), locked ${
              locks.filter(l => l).length
            }); no replica is migrating it`,
          );
          // Freed: an unserialized client migrates again too.
          await expect(
            plain.migrate.latest(schedulerMigrations),
          ).resolves.toEqual([1, []]);
        } finally {
          await Promise.all([plain.destroy(), serialized.destroy()]);
        }
      },
      60_000,
    );

    it('fails a replica that waits longer than the timeout with the lock-timeout error', async () => {
      const knex = await databases.init('POSTGRES_15');
      const [a, b] = replicasOf(knex, ['holder', 'waiter']);
      serializeMigrations(a);
      serializeMigrations(b, { timeoutSeconds: 0.2 });
      const { entered, open } = closeGate();
      try {
        const first = a.migrate.latest(slowMigrations());
        await entered;
        await expect(b.migrate.latest(slowMigrations())).rejects.toThrow(
          'Waited 0.2 s for PostgreSQL advisory lock "tenancy:knex-migrations:.slow__knex_migrations@", held by another process',
        );
        open();
        await first;
      } finally {
        open();
        await Promise.all([a.destroy(), b.destroy()]);
      }
    }, 60_000);

    it('wraps a client once and marks it', async () => {
      const knex = await databases.init('POSTGRES_15');
      const [client] = replicasOf(knex, ['once']);
      try {
        expect(isMigrationsSerialized(client)).toBe(false);
        expect(serializeMigrations(client)).toBe(client);
        const getter = Object.getOwnPropertyDescriptor(client, 'migrate')?.get;
        serializeMigrations(client);
        expect(Object.getOwnPropertyDescriptor(client, 'migrate')?.get).toBe(
          getter,
        );
        expect(isMigrationsSerialized(client)).toBe(true);
      } finally {
        await client.destroy();
      }
    });
  },
);

describe('serializeMigrations on SQLite', () => {
  it('leaves the client as it is (one process)', async () => {
    const knex = await databases.init('SQLITE_3');
    const getter = Object.getOwnPropertyDescriptor(knex, 'migrate')?.get;
    expect(serializeMigrations(knex)).toBe(knex);
    expect(isMigrationsSerialized(knex)).toBe(false);
    expect(Object.getOwnPropertyDescriptor(knex, 'migrate')?.get).toBe(getter);
    await expect(knex.migrate.latest(schedulerMigrations)).resolves.toEqual([
      1,
      [
        '20210928160613_init.js',
        '20240712211735_nullable_next_run.js',
        '20250411000000_last_run.js',
      ],
    ]);
  });
});
