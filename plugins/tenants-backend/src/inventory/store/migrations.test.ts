import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { storeTestDatabaseIds } from '../../__testUtils__/testDatabaseIds';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: storeTestDatabaseIds() });
const directory = resolvePackagePath(
  '@tenancy/plugin-tenants-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('migrates up with every sort index, and back down', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    for (const table of [
      'tenants',
      'refresh_runs',
      'tenant_activity',
      'tenant_deployments',
      'tenant_spend_fleet_views',
      'tenant_spend_fleet_rows',
    ]) {
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
    const indexes: string[] = databaseId.startsWith('POSTGRES')
      ? (
          await knex.raw(
            `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'tenants'`,
          )
        ).rows.map((r: { name: string }) => r.name)
      : (
          await knex.raw(
            `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tenants'`,
          )
        ).map((r: { name: string }) => r.name);
    expect(
      indexes
        .filter(name => name.endsWith('_idx') || name.endsWith('_unique'))
        .sort(),
    ).toEqual([
      'tenants_budget_state_idx',
      'tenants_compliance_ratio_asc_idx',
      'tenants_compliance_ratio_desc_idx',
      'tenants_health_rank_asc_idx',
      'tenants_health_rank_desc_idx',
      'tenants_joined_at_idx',
      'tenants_owner_asc_idx',
      'tenants_owner_desc_idx',
      'tenants_release_status_idx',
      'tenants_spend_mtd_cents_asc_idx',
      'tenants_spend_mtd_cents_desc_idx',
      'tenants_state_idx',
      'tenants_tenant_id_unique',
      'tenants_tier_asc_idx',
      'tenants_tier_desc_idx',
    ]);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('tenants')).toBe(false);
    expect(await knex.schema.hasTable('refresh_runs')).toBe(false);
  });
});
