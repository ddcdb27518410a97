import type { Knex } from 'knex';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { putEventRow, replaceGuardedRows } from '../database/eventGuardedRows';

const rowOf = (
  tenantId: string,
  accountId: string,
  deployments: TenantDeployments,
) => ({
  tenant_id: tenantId,
  account_id: accountId,
  collected_at: deployments.collectedAt,
  data: JSON.stringify(deployments),
});

/**
 * Persistence of the deployments snapshot (table `tenant_deployments` of migration
 * `20261207_deployments.js`), on the plugin's knex database (SQLite or PostgreSQL).
 */
export class DeploymentsStore {
  constructor(private readonly db: Knex) {}

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
      items.map(i => rowOf(i.tenantId, i.accountId, i.deployments)),
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
    await putEventRow(
      this.db,
      'tenant_deployments',
      rowOf(tenantId, accountId, deployments),
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
