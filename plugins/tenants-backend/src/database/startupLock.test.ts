import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { withStartupLock } from './startupLock';

const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});
const hasPostgres = databases
  .eachSupportedId()
  .some(([id]) => id !== 'SQLITE_3');

/** The Backstage scheduler's migrations, as `DefaultSchedulerService` runs them per plugin. */
const schedulerMigrations = {
  directory: resolvePackagePath(
    '@backstage/backend-defaults',
    'migrations/scheduler',
  ),
  tableName: 'backstage_backend_tasks__knex_migrations',
};

/** `count` separate clients (connection pools, as separate replicas have) on one database. */
function replicasOf(knex: Knex, count: number): Knex[] {
  return Array.from({ length: count }, () =>
    knexFactory({
      client: 'pg',
      connection: knex.client.config.connection,
      pool: { min: 0, max: 4 },
    }),
  );
}

const sleep = (ms: number) => new Promise(res => setTimeout(res, ms));

(hasPostgres ? describe : describe.skip)(
  'withStartupLock on PostgreSQL',
  () => {
    it('lets 4 replicas started together on an empty database all migrate, one at a time', async () => {
      const knex = await databases.init('POSTGRES_15');
      const replicas = replicasOf(knex, 4);
      let inside = 0;
      let mostInside = 0;
      try {
        const results = await Promise.allSettled(
          replicas.map(client =>
            withStartupLock(client, async () => {
              inside++;
              mostInside = Math.max(mostInside, inside);
              const database = mockServices.database({ knex: client });
              await KnexTenantsStore.create(database as DatabaseService);
              await client.migrate.latest(schedulerMigrations);
              await sleep(50);
              inside--;
              return 'started';
            }),
          ),
        );
        expect(results.map(r => r.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'fulfilled',
        ]);
        expect(mostInside).toBe(1);
        const ran = await knex(schedulerMigrations.tableName).select('name');
        expect(ran.map(r => r.name).sort()).toEqual([
          '20210928160613_init.js',
          '20240712211735_nullable_next_run.js',
          '20250411000000_last_run.js',
        ]);
        const lockRows = await knex(`${schedulerMigrations.tableName}_lock`);
        expect(lockRows).toEqual([{ index: 1, is_locked: 0 }]);
      } finally {
        await Promise.all(replicas.map(r => r.destroy()));
      }
    }, 60_000);

    it('fails a replica that waits longer than the timeout with the lock-timeout error', async () => {
      const knex = await databases.init('POSTGRES_15');
      const [holder, waiter] = replicasOf(knex, 2);
      let release!: () => void;
      const held = new Promise<void>(res => {
        release = res;
      });
      let entered!: () => void;
      const isHeld = new Promise<void>(res => {
        entered = res;
      });
      try {
        const first = withStartupLock(holder, async () => {
          entered();
          await held;
          return 'first';
        });
        await isHeld;
        await expect(
          withStartupLock(waiter, async () => 'second', 0.2),
        ).rejects.toThrow(
          'Waited 0.2 s for PostgreSQL advisory lock "tenancy:tenants-backend:startup-migrations", held by another process',
        );
        release();
        await expect(first).resolves.toBe('first');
        // Released: the next replica gets the lock at once.
        await expect(
          withStartupLock(waiter, async () => 'third', 1),
        ).resolves.toBe('third');
      } finally {
        await Promise.all([holder.destroy(), waiter.destroy()]);
      }
    }, 60_000);
  },
);

describe('withStartupLock on SQLite', () => {
  it('runs the start-up work without a lock and answers its result', async () => {
    const knex = await databases.init('SQLITE_3');
    await expect(withStartupLock(knex, async () => 42)).resolves.toBe(42);
    await expect(
      withStartupLock(knex, async () => {
        throw new Error('migration failed');
      }),
    ).rejects.toThrow('migration failed');
  });
});
