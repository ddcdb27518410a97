import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import type { StoredTenant } from '../inventory/store/types';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';

/**
 * Two replicas' databases for a race test: on PostgreSQL a second knex pool on the same
 * database (a second replica's own connections), on SQLite the same one (it runs one write at a
 * time). The inventory holds `tenants`; `store` is the first replica's tenants store. Runs `fn`,
 * then closes the second pool.
 */
export async function withTwoReplicas(
  databases: TestDatabases,
  id: TestDatabaseId,
  tenants: StoredTenant[],
  fn: (r: {
    first: Knex;
    second: Knex;
    store: KnexTenantsStore;
  }) => Promise<void>,
): Promise<void> {
  const first = await databases.init(id);
  const second =
    first.client.dialect === 'postgresql'
      ? knexFactory(first.client.config)
      : first;
  try {
    const store = await KnexTenantsStore.create({
      getClient: async () => first,
    });
    await store.replaceInventory(tenants);
    await fn({ first, second, store });
  } finally {
    if (second !== first) await second.destroy();
  }
}
