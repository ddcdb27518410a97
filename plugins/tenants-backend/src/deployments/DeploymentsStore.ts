import type { Knex } from 'knex';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { replaceGuardedRows } from '../database/eventGuardedRows';
import { SnapshotTable } from '../refresh/snapshotTable';

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

  /**
   * Replaces the deployments of every tenant (tenants not given are removed) with what a refresh
   * read from AWS at `readAt` (ISO-8601 UTC), except the rows holding a newer live event (see
   * {@link replaceGuardedRows}). Returns the ids of the tenants whose row was kept that way.
   */
  async replaceDeployments(
    items: Array<{
      tenantId: string;
      accountId: string;
      deployments: TenantDeployments;
    }>,
    readAt: string,
  ): Promise<Set<string>> {
    return replaceGuardedRows(
      this.db,
      'tenant_deployments',
      items.map(i =>
        this.batches.row({
          tenantId: i.tenantId,
          accountId: i.accountId,
          value: i.deployments,
        }),
      ),
      readAt,
    );
  }

  /**
   * Writes one tenant's deployments as a live event of time `eventTime` (ISO-8601 UTC) left
   * them, leaving the other tenants alone; a refresh that read AWS before `eventTime` keeps away.
   */
  async putDeployments(
    tenantId: string,
    accountId: string,
    deployments: TenantDeployments,
    eventTime: string,
  ): Promise<void> {
    await this.batches.putEvent(
      { tenantId, accountId, value: deployments },
      eventTime,
    );
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
