import type { Knex } from 'knex';
import type { TenantHealth } from '@tenancy/plugin-tenants-common';
import { expandHealth, type StoredHealth } from './status';

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

function healthRow(i: {
  tenantId: string;
  accountId: string;
  health: StoredHealth;
}) {
  return {
    tenant_id: i.tenantId,
    account_id: i.accountId,
    status: i.health.status,
    collected_at: i.health.collectedAt,
    data: JSON.stringify(i.health),
  };
}

/**
 * Persistence of the health snapshot (table `tenant_health` of migration
 * `20261130_insights.js`), on the plugin's knex database (SQLite or PostgreSQL).
 */
export class HealthStore {
  constructor(private readonly db: Knex) {}

  /** Replaces the health of every tenant (tenants not given are removed). */
  async replaceHealth(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_health').delete();
      const rows = items.map(healthRow);
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_health').insert(rows.slice(i, i + CHUNK));
    });
  }

  /**
   * Writes one batch of the refresh: upserts `items` and removes the health of `remove`
   * (tenant ids), leaving every other tenant alone, in one transaction.
   */
  async writeHealthBatch(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
    remove: string[] = [],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (let i = 0; i < remove.length; i += CHUNK)
        await tx('tenant_health')
          .whereIn('tenant_id', remove.slice(i, i + CHUNK))
          .delete();
      for (let i = 0; i < items.length; i += CHUNK)
        await tx('tenant_health')
          .insert(items.slice(i, i + CHUNK).map(healthRow))
          .onConflict('tenant_id')
          .merge();
    });
  }

  /** Removes the health of every tenant not in `tenantIds` (closed or gone from the inventory). */
  async keepOnly(tenantIds: Iterable<string>): Promise<void> {
    const keep = new Set(tenantIds);
    const stored: Array<{ tenant_id: string }> = await this.db(
      'tenant_health',
    ).select('tenant_id');
    const gone = stored.map(r => r.tenant_id).filter(id => !keep.has(id));
    for (let i = 0; i < gone.length; i += CHUNK)
      await this.db('tenant_health')
        .whereIn('tenant_id', gone.slice(i, i + CHUNK))
        .delete();
  }

  /** The stored health (compact series) of `tenantIds`, by tenant id. */
  async storedHealthOf(
    tenantIds: string[],
  ): Promise<Map<string, StoredHealth>> {
    const out = new Map<string, StoredHealth>();
    for (let i = 0; i < tenantIds.length; i += CHUNK) {
      const rows = await this.db('tenant_health')
        .whereIn('tenant_id', tenantIds.slice(i, i + CHUNK))
        .select('tenant_id', 'data');
      for (const r of rows)
        out.set(r.tenant_id as string, JSON.parse(r.data) as StoredHealth);
    }
    return out;
  }

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
