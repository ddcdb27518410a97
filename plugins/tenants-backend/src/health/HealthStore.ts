import type { Knex } from 'knex';
import type { TenantHealth } from '@tenancy/plugin-tenants-common';
import { replaceGuardedRows } from '../database/eventGuardedRows';
import { expandHealth, type StoredHealth } from './status';
import { SnapshotTable } from '../refresh/snapshotTable';

/**
 * Persistence of the health snapshot (table `tenant_health` of migration
 * `20261130_insights.js`), on the plugin's knex database (SQLite or PostgreSQL).
 */
export class HealthStore {
  constructor(private readonly db: Knex) {
    this.batches = new SnapshotTable(db, 'tenant_health', h => ({
      status: h.status,
    }));
  }

  /**
   * Replaces the health of every tenant (tenants not given are removed) with what a refresh
   * read from AWS at `readAt` (ISO-8601 UTC), except the rows holding a newer live event (see
   * {@link replaceGuardedRows}). Returns the ids of the tenants whose row was kept that way.
   */
  async replaceHealth(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
    readAt: string,
  ): Promise<Set<string>> {
    return this.#write(items, readAt, false);
  }

  #write(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
    readAt: string,
    keepOthers: boolean,
  ): Promise<Set<string>> {
    return replaceGuardedRows(
      this.db,
      'tenant_health',
      items.map(i =>
        this.batches.row({
          tenantId: i.tenantId,
          accountId: i.accountId,
          value: i.health,
        }),
      ),
      readAt,
      { keepOthers },
    );
  }

  /**
   * Writes the health of the tenants given, as a refresh of one part of it (the alarms) read
   * at `readAt`, leaving the other tenants alone; a row holding a newer live event is kept.
   * Returns the ids of the tenants whose row was kept that way.
   */
  async updateHealth(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
    readAt: string,
  ): Promise<Set<string>> {
    return this.#write(items, readAt, true);
  }

  /** The refresh's batch writes (see {@link SnapshotTable}). */
  readonly batches: SnapshotTable<StoredHealth>;

  /** One tenant's health as stored (compact series), or undefined. */
  async getStoredHealth(tenantId: string): Promise<StoredHealth | undefined> {
    const row = await this.db('tenant_health')
      .where({ tenant_id: tenantId })
      .first('data');
    return row ? (JSON.parse(row.data) as StoredHealth) : undefined;
  }

  async getHealth(tenantId: string): Promise<TenantHealth | undefined> {
    const row = await this.db('tenant_health')
      .where({ tenant_id: tenantId })
      .first();
    if (!row) return undefined;
    return expandHealth(JSON.parse(row.data) as StoredHealth);
  }

  /** Every stored health as collected (compact series), by tenant id. */
  async listStoredHealth(): Promise<Map<string, StoredHealth>> {
    const rows = await this.db('tenant_health').select('tenant_id', 'data');
    return new Map(
      rows.map(r => [
        r.tenant_id as string,
        JSON.parse(r.data) as StoredHealth,
      ]),
    );
  }
}
