import type { Knex } from 'knex';
import type { TenantCompliance } from '@tenancy/plugin-tenants-common';
import { SnapshotTable } from '../refresh/snapshotTable';

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/**
 * Persistence of the compliance snapshot (table `tenant_compliance` of migration
 * `20261130_insights.js`), on the plugin's knex database (SQLite or PostgreSQL).
 */
export class ComplianceStore {
  constructor(private readonly db: Knex) {
    this.batches = new SnapshotTable(db, 'tenant_compliance');
  }

  /** The refresh's batch writes (see {@link SnapshotTable}). */
  readonly batches: SnapshotTable<TenantCompliance>;

  /** Replaces the compliance of every tenant (tenants not given are removed). */
  async replaceCompliance(
    items: Array<{
      tenantId: string;
      accountId: string;
      compliance: TenantCompliance;
    }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_compliance').delete();
      const rows = items.map(i => ({
        tenant_id: i.tenantId,
        account_id: i.accountId,
        collected_at: i.compliance.collectedAt,
        data: JSON.stringify(i.compliance),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_compliance').insert(rows.slice(i, i + CHUNK));
    });
  }

  /** Writes one tenant's compliance (a live event applied), leaving the other tenants alone. */
  async putCompliance(
    tenantId: string,
    accountId: string,
    compliance: TenantCompliance,
  ): Promise<void> {
    await this.db('tenant_compliance')
      .insert({
        tenant_id: tenantId,
        account_id: accountId,
        collected_at: compliance.collectedAt,
        data: JSON.stringify(compliance),
      })
      .onConflict('tenant_id')
      .merge(['data']);
  }

  async getCompliance(tenantId: string): Promise<TenantCompliance | undefined> {
    const row = await this.db('tenant_compliance')
      .where({ tenant_id: tenantId })
      .first();
    return row ? (JSON.parse(row.data) as TenantCompliance) : undefined;
  }

  /** Every stored compliance, by tenant id. */
  async listCompliance(): Promise<Map<string, TenantCompliance>> {
    const rows = await this.db('tenant_compliance').select('tenant_id', 'data');
    return new Map(
      rows.map(r => [
        r.tenant_id as string,
        JSON.parse(r.data) as TenantCompliance,
      ]),
    );
  }
}
