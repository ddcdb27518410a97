import type { Knex } from 'knex';
import type { TenantCompliance } from '@tenancy/plugin-tenants-common';
import { replaceGuardedRows } from '../database/eventGuardedRows';
import { SnapshotTable } from '../refresh/snapshotTable';

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

  /**
   * Replaces the compliance of every tenant (tenants not given are removed) with what a refresh
   * read from AWS at `readAt` (ISO-8601 UTC), except the rows holding a newer live event (see
   * {@link replaceGuardedRows}). Returns the ids of the tenants whose row was kept that way.
   */
  async replaceCompliance(
    items: Array<{
      tenantId: string;
      accountId: string;
      compliance: TenantCompliance;
    }>,
    readAt: string,
  ): Promise<Set<string>> {
    return replaceGuardedRows(
      this.db,
      'tenant_compliance',
      items.map(i =>
        this.batches.row({
          tenantId: i.tenantId,
          accountId: i.accountId,
          value: i.compliance,
        }),
      ),
      readAt,
    );
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
