import type { Knex } from 'knex';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/**
 * Persistence of the deployments snapshot (table `tenant_deployments` of migration
 * `20261207_deployments.js`) and of who started each release (table `release_starts` of
 * `20261208_release_starts.js`), on the plugin's knex database (SQLite or PostgreSQL).
 */
export class DeploymentsStore {
  constructor(private readonly db: Knex) {}

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
