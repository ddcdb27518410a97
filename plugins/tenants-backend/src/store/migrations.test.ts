import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { storeTestDatabaseIds } from './testDatabaseIds';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: storeTestDatabaseIds() });
const directory = resolvePackagePath('@tenancy/plugin-tenants-backend', 'migrations');

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('migrates up with every sort index, and back down', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    for (const table of ['tenants', 'refresh_runs', 'tenant_activity']) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex('tenants').insert({
      account_id: '111111111111',
      tenant_id: 'acme',
      account_name: 'Acme',
      email: 'aws+acme@example.com',
      ou_id: 'ou-ab12-tenants1',
      ou_path: '/Tenants',
      state: 'ACTIVE',
      regions: '[]',
      tags: '{}',
      joined_at: '2026-01-01T00:00:00.000Z',
      tags_read_at: '2026-01-01T00:00:00.000Z',
      search_text: 'acme acme 111111111111',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
    const duplicate = knex('tenants').insert({
        account_id: '222222222222',
        tenant_id: 'acme',
        account_name: 'Acme 2',
        email: 'x@example.com',
        ou_id: 'ou-ab12-tenants1',
        ou_path: '/Tenants',
        state: 'ACTIVE',
        regions: '[]',
        tags: '{}',
        joined_at: '2026-01-01T00:00:00.000Z',
        tags_read_at: '2026-01-01T00:00:00.000Z',
        search_text: '',
        updated_at: '2026-01-01T00:00:00.000Z',
      });
    await expect(duplicate.then(() => 'inserted')).rejects.toThrow(/unique|UNIQUE/);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('tenants')).toBe(false);
    expect(await knex.schema.hasTable('refresh_runs')).toBe(false);
  });
});
