import type { Knex } from 'knex';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { replaceGuardedRows } from '../database/eventGuardedRows';
import { SnapshotTable } from '../refresh/snapshotTable';

/**
 * Persistence of the deployments snapshot (table `tenant_deployments` of migration
 * `20261207_deployments.js`) and of who started each release (table `release_starts` of
 * `20261208_release_starts.js`), on the plugin's knex database (SQLite or PostgreSQL).
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

  /** Records who started the operations whose ids start with the prefix (the same prefix again: the later record wins). */
  async recordReleaseStart(r: ReleaseStart): Promise<void> {
    await this.db('release_starts')
      .insert({
        operation_prefix: r.operationPrefix,
        version: r.version,
        started_by: r.startedBy,
        started_at: r.at,
      })
      .onConflict('operation_prefix')
      .merge();
  }

  /** Every recorded release start. */
  async listReleaseStarts(): Promise<ReleaseStart[]> {
    const rows = await this.db('release_starts').select();
    return rows.map(r => ({
      operationPrefix: r.operation_prefix,
      version: r.version,
      startedBy: r.started_by,
      at: r.started_at,
    }));
  }
}

/** Who started a release's operations (`POST /releases/starts`); `at` ISO-8601 UTC. */
export interface ReleaseStart {
  operationPrefix: string;
  version: string;
  startedBy: string;
  at: string;
}

/**
 * Who started an operation: the `startedBy` of the longest recorded prefix of its id (a
 * resume records the prefix of its own attempts, longer than the rollout's), else undefined.
 */
export function startedByOf(
  starts: ReleaseStart[],
): (operationId: string) => string | undefined {
  const longestFirst = [...starts].sort(
    (a, b) => b.operationPrefix.length - a.operationPrefix.length,
  );
  return id =>
    longestFirst.find(s => id.startsWith(s.operationPrefix))?.startedBy;
}
