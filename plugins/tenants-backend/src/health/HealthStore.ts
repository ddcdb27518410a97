import type { Knex } from 'knex';
import type { TenantHealth } from '@tenancy/plugin-tenants-common';
import { expandHealth, type StoredHealth } from './status';
import { SnapshotTable } from '../refresh/snapshotTable';

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

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

  /** Replaces the health of every tenant (tenants not given are removed). */
  async replaceHealth(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_health').delete();
      const rows = items.map(i => this.batches.row({ ...i, value: i.health }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_health').insert(rows.slice(i, i + CHUNK));
    });
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

  /** Writes one tenant's health (a live event applied), leaving the other tenants alone. */
  async putHealth(
    tenantId: string,
    accountId: string,
    health: StoredHealth,
  ): Promise<void> {
    await this.db('tenant_health')
      .insert({
        tenant_id: tenantId,
        account_id: accountId,
        status: health.status,
        collected_at: health.collectedAt,
        data: JSON.stringify(health),
      })
      .onConflict('tenant_id')
      .merge(['status', 'data']);
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
