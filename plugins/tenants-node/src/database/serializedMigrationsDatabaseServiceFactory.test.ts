import {
  coreServices,
  createBackendPlugin,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { isMigrationsSerialized } from './serializedMigrations';
import { serializedMigrationsDatabaseServiceFactory } from './serializedMigrationsDatabaseServiceFactory';

const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/** A plugin that hands its database service out, as the tenants plugin would use it. */
function capturing(id: string, seen: Map<string, DatabaseService>) {
  return createBackendPlugin({
    pluginId: id,
    register(env) {
      env.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          seen.set(id, database);
        },
      });
    },
  });
}

describe('serializedMigrationsDatabaseServiceFactory', () => {
  it('gives each plugin an in-memory SQLite client without backend.database, as the default does', async () => {
    const seen = new Map<string, DatabaseService>();
    const backend = await startTestBackend({
      features: [
        serializedMigrationsDatabaseServiceFactory,
        mockServices.rootConfig.factory({ data: {} }),
        capturing('one', seen),
      ],
    });
    try {
      const client = await seen.get('one')!.getClient();
      expect(client.client.config.client).toBe('better-sqlite3');
      expect(isMigrationsSerialized(client)).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});

(pg ? describe : describe.skip)(
  'serializedMigrationsDatabaseServiceFactory on PostgreSQL',
  () => {
    it('gives each plugin its PostgreSQL database with serialized migrations', async () => {
      const prefix = `tenancy_dbfactory_${process.pid}_`;
      const seen = new Map<string, DatabaseService>();
      const backend = await startTestBackend({
        features: [
          serializedMigrationsDatabaseServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: { database: { client: 'pg', connection: pg!, prefix } },
            },
          }),
          capturing('one', seen),
          capturing('two', seen),
        ],
      });
      const admin = knexFactory({ client: 'pg', connection: pg! });
      try {
        const one = await seen.get('one')!.getClient();
        const two = await seen.get('two')!.getClient();
        expect(isMigrationsSerialized(one)).toBe(true);
        expect(isMigrationsSerialized(two)).toBe(true);
        expect(await seen.get('one')!.getClient()).toBe(one);
        const names = await Promise.all(
          [one, two].map(
            async c =>
              (
                await c.raw('SELECT current_database() AS d')
              ).rows[0].d,
          ),
        );
        expect(names).toEqual([`${prefix}one`, `${prefix}two`]);
      } finally {
        await backend.stop();
        for (const id of ['one', 'two'])
          await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [
            `${prefix}${id}`,
          ]);
        await admin.destroy();
      }
    }, 60_000);
  },
);
