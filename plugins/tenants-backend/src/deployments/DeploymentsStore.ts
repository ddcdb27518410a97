import type { Knex } from 'knex';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { SnapshotTable } from '../refresh/snapshotTable';

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/**
 * Persistence of the deployments snapshot (table `tenant_deployments` of migration
 * `20261207_deployments.js`), on the plugin's knex database (SQLite or PostgreSQL).
 */
export class DeploymentsStore {
  constructor(private readonly db: Knex) {
    this.batches = new SnapshotTable(db, 'tenant_deployments');
  }

  /** The refresh's batch writes (see {@link SnapshotTable}). */
  readonly batches: SnapshotTable<TenantDeployments>;

  /** Replaces the deployments of every tenant (tenants not given are removed). */
  async replaceDeployments(
    items: Array<{
      tenantId: string;
      accountId: string;
      deployments: TenantDeployments;
    }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_deployments').delete();
      const rows = items.map(i => ({
        tenant_id: i.tenantId,
        account_id: i.accountId,
        collected_at: i.deployments.collectedAt,
        data: JSON.stringify(i.deployments),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_deployments').insert(rows.slice(i, i + CHUNK));
    });
  }

  async getDeployments(
    tenantId: string,
  ): Promise<TenantDeployments | undefined> {
    const row = await this.db('tenant_deployments')
      .where({ tenant_id: tenantId })
      .first();
    return row ? (JSON.parse(row.data) as TenantDeployments) : undefined;
  }

  /** Every stored deployments, by tenant id. */
  async listDeployments(): Promise<Map<string, TenantDeployments>> {
    const rows = await this.db('tenant_deployments').select(
      'tenant_id',
      'data',
    );
    return new Map(
      rows.map(r => [
        r.tenant_id as string,
        JSON.parse(r.data) as TenantDeployments,
      ]),
    );
  }
}
