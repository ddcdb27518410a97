import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import { AdvisoryLockTimeoutError, withAdvisoryLock } from './advisoryLock';

const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['POSTGRES_15']
    : [],
});
const hasPostgres = databases.eachSupportedId().length > 0;

function clientOf(
  knex: Knex,
  extra: Knex.Config = {},
  name = 'lock-test',
): Knex {
  return knexFactory({
    client: 'pg',
    connection: { ...knex.client.config.connection, application_name: name },
    pool: { min: 0, max: 2 },
    ...extra,
  });
}

async function heldLocks(knex: Knex): Promise<number> {
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0].n;
}

/**
 * `a` holds `key` for `holdMs` while `b` asks for it 50 ms later: answers the order of events.
 */
async function twoHolders(a: Knex, b: Knex, key: string, holdMs: number) {
  const order: string[] = [];
  await Promise.all([
    withAdvisoryLock(a, key, 60, async () => {
      order.push('a in');
      await new Promise(res => setTimeout(res, holdMs));
      order.push('a out');
    }),
    new Promise(res => setTimeout(res, 50)).then(() =>
      withAdvisoryLock(b, key, 60, async () => {
        order.push('b in');
      }),
    ),
  ]);
  return order;
}

(hasPostgres ? describe : describe.skip)('withAdvisoryLock', () => {
  it('runs one holder at a time and releases the lock when the work throws', async () => {
    const knex = await databases.init('POSTGRES_15');
    const [a, b] = [clientOf(knex), clientOf(knex)];
    try {
      const order = await twoHolders(a, b, 'k', 400);
      expect(order).toEqual(['a in', 'a out', 'b in']);
      await expect(
        withAdvisoryLock(a, 'k', 1, async () => {
          throw new Error('migration failed');
        }),
      ).rejects.toThrow('migration failed');
      expect(await heldLocks(knex)).toBe(0);
      await expect(
        withAdvisoryLock(b, 'k', 1, async () => 'next'),
      ).resolves.toBe('next');
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  }, 30_000);

  it('gives up after the timeout, naming the lock', async () => {
    const knex = await databases.init('POSTGRES_15');
    const [a, b] = [clientOf(knex), clientOf(knex)];
    let release!: () => void;
    const held = new Promise<void>(res => {
      release = res;
    });
    try {
      const first = withAdvisoryLock(a, 'busy', 10, () => held);
      await new Promise(res => setTimeout(res, 200));
      const waiting = withAdvisoryLock(b, 'busy', 0.5, async () => 'never');
      await expect(waiting).rejects.toThrow(AdvisoryLockTimeoutError);
      await expect(waiting).rejects.toThrow(
        'Waited 0.5 s for PostgreSQL advisory lock "busy", held by another process',
      );
      release();
      await first;
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  }, 30_000);

  it('locks when the search path names no existing schema (current_schema() is null)', async () => {
    const knex = await databases.init('POSTGRES_15');
    const client = clientOf(knex, { searchPath: ['no_such_schema'] });
    try {
      const { rows } = await client.raw('SELECT current_schema() AS s');
      expect(rows).toEqual([{ s: null }]);
      await expect(
        withAdvisoryLock(client, 'k', 1, async () => 'ran'),
      ).resolves.toBe('ran');
    } finally {
      await client.destroy();
    }
  }, 30_000);

  it('keys the lock by schema: two schemas of one database do not wait for each other', async () => {
    const knex = await databases.init('POSTGRES_15');
    await knex.raw('CREATE SCHEMA one');
    await knex.raw('CREATE SCHEMA two');
    const a = clientOf(knex, { searchPath: ['one'] });
    const b = clientOf(knex, { searchPath: ['two'] });
    let release!: () => void;
    const held = new Promise<void>(res => {
      release = res;
    });
    try {
      const first = withAdvisoryLock(a, 'k', 10, () => held);
      await new Promise(res => setTimeout(res, 200));
      await expect(
        withAdvisoryLock(b, 'k', 0.5, async () => 'two'),
      ).resolves.toBe('two');
      release();
      await first;
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  }, 30_000);

  it("keeps the lock while the work runs past the pool's 30 s idle time", async () => {
    const knex = await databases.init('POSTGRES_15');
    const [a, b] = [clientOf(knex), clientOf(knex)];
    try {
      const order = await twoHolders(a, b, 'long', 32_000);
      expect(order).toEqual(['a in', 'a out', 'b in']);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  }, 60_000);

  it('runs a nested call with the same key at once (the lock is held)', async () => {
    const knex = await databases.init('POSTGRES_15');
    const client = clientOf(knex);
    try {
      await expect(
        withAdvisoryLock(client, 'k', 5, () =>
          withAdvisoryLock(client, 'k', 0.5, async () => 'nested'),
        ),
      ).resolves.toBe('nested');
    } finally {
      await client.destroy();
    }
  }, 30_000);

  it('fails work that ends after its lock connection was lost, naming the lock', async () => {
    const knex = await databases.init('POSTGRES_15');
    const client = clientOf(knex, {}, 'losing');
    try {
      await expect(
        withAdvisoryLock(client, 'lost', 5, async () => {
          await knex.raw(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'losing'`,
          );
          return 'done';
        }),
      ).rejects.toThrow(
        /^PostgreSQL advisory lock "lost" was lost while the work ran \(its connection closed/,
      );
      expect(await heldLocks(knex)).toBe(0);
    } finally {
      await client.destroy();
    }
  }, 30_000);
});
