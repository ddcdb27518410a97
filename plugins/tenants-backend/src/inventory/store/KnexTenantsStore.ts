import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import {
  HEALTH_RANK,
  usdToCents,
  type TenantActivity,
  type TenantSortField,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import {
  ActivityRow,
  TenantRow,
  inventoryColumns,
  toActivity,
  toStoredTenant,
  toTenantSummary,
} from './rows';
import { applyPermissionFilter } from './permissionFilter';
import { KnexRefreshRuns } from './refreshRuns';
import type {
  InventoryChange,
  ResolvedTenantListQuery,
  RefreshRunRequest,
  RefreshRunResult,
  StoredRefreshRun,
  StoredTenant,
  TenantPermissionFilter,
  TenantSummaryUpdate,
  TenantsStore,
} from './types';
import { whereSearchTextHas } from '../../database/searchText';

const migrationsDir = resolvePackagePath(
  '@tenancy/plugin-tenants-backend',
  'migrations',
);

/** Rows per INSERT, well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

/** The column each sort field orders by; the tenant id breaks ties. */
export const SORT_COLUMNS: Record<TenantSortField, string> = {
  name: 'tenant_id',
  state: 'state',
  tier: 'tier',
  owner: 'owner',
  joined: 'joined_at',
  spend: 'spend_mtd_cents',
  health: 'health_rank',
  compliance: 'compliance_ratio',
};

const NULLABLE_SORT_COLUMNS = new Set([
  'tier',
  'owner',
  'spend_mtd_cents',
  'health_rank',
  'compliance_ratio',
]);

/** Account states of a closure: a tenant whose account leaves the organization in one is kept. */
const CLOSING_STATES: ReadonlySet<string> = new Set([
  'PENDING_CLOSURE',
  'SUSPENDED',
  'CLOSED',
]);

/**
 * The snapshot tables whose live events a summary update from a refresh must not overwrite:
 * the health status is `tenant_health`'s, the compliance score `tenant_compliance`'s, the
 * release `tenant_deployments`'s.
 */
function eventTablesOf(u: TenantSummaryUpdate): string[] {
  return [
    ...(u.healthStatus !== undefined ? ['tenant_health'] : []),
    ...(u.complianceScore !== undefined ? ['tenant_compliance'] : []),
    ...(u.release !== undefined ? ['tenant_deployments'] : []),
  ];
}

/**
 * The knex {@link TenantsStore} (SQLite and PostgreSQL).
 * @public
 */
export class KnexTenantsStore implements TenantsStore {
  /** Connects to the plugin's database and runs the migrations unless `skipMigrations`. */
  static async create(database: DatabaseService): Promise<KnexTenantsStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexTenantsStore(client);
  }

  private readonly runs: KnexRefreshRuns;

  private constructor(private readonly db: Knex) {
    this.runs = new KnexRefreshRuns(db);
  }

  async replaceInventory(tenants: StoredTenant[]): Promise<InventoryChange> {
    const now = new Date().toISOString();
    return this.db.transaction(async tx => {
      const existing = (await tx('tenants').select()) as TenantRow[];
      const byAccount = new Map(existing.map(r => [r.account_id, r]));
      const seen = new Set(tenants.map(t => t.accountId));
      const change: InventoryChange = { added: [], updated: [], removed: [] };

      // A closed account leaves the organization when AWS's 90-day post-closure period ends;
      // its tenant stays, CLOSED, so its spend history stays on the Spend tab and in the export.
      const gone = existing.filter(r => !seen.has(r.account_id));
      const departed = gone.filter(r => CLOSING_STATES.has(r.state));
      const removed = gone.filter(r => !CLOSING_STATES.has(r.state));
      const closedNow = departed.filter(r => r.state !== 'CLOSED');
      for (let i = 0; i < closedNow.length; i += CHUNK) {
        const ids = closedNow.slice(i, i + CHUNK).map(r => r.account_id);
        await tx('tenants')
          .whereIn('account_id', ids)
          .update({ state: 'CLOSED', updated_at: now });
      }
      change.updated.push(...closedNow.map(r => r.tenant_id));
      for (let i = 0; i < removed.length; i += CHUNK) {
        const ids = removed.slice(i, i + CHUNK).map(r => r.account_id);
        await tx('tenants').whereIn('account_id', ids).delete();
      }
      change.removed = removed.map(r => r.tenant_id).sort();

      const inserts: TenantRow[] = [];
      for (const tenant of tenants) {
        const columns = inventoryColumns(tenant);
        const old = byAccount.get(tenant.accountId);
        if (!old) {
          inserts.push({
            ...columns,
            health_status: null,
            health_rank: null,
            compliance: null,
            compliance_ratio: null,
            spend_mtd: null,
            spend_mtd_cents: null,
            spend_change_ratio: null,
            release_version: null,
            release_status: null,
            budget_state: null,
            updated_at: now,
          });
          change.added.push(tenant.tenantId);
          continue;
        }
        const changed = (
          Object.keys(columns) as Array<keyof typeof columns>
        ).some(
          k => k !== 'tags_read_at' && String(old[k]) !== String(columns[k]),
        );
        if (changed || old.tags_read_at !== columns.tags_read_at) {
          await tx('tenants')
            .where('account_id', tenant.accountId)
            .update({ ...columns, updated_at: now });
        }
        if (changed) {
          change.updated.push(tenant.tenantId);
        }
      }
      for (let i = 0; i < inserts.length; i += CHUNK) {
        await tx('tenants').insert(inserts.slice(i, i + CHUNK));
      }
      change.added.sort();
      change.updated.sort();
      return change;
    });
  }

  async listAllTenants(): Promise<StoredTenant[]> {
    const rows = (await this.db('tenants').orderBy('tenant_id')) as TenantRow[];
    return rows.map(toStoredTenant);
  }

  async listTenants(
    query: ResolvedTenantListQuery,
    filter?: TenantPermissionFilter,
  ): Promise<{ items: TenantSummary[]; totalCount: number }> {
    const where = (qb: Knex.QueryBuilder) => {
      if (query.state?.length) qb.whereIn('state', query.state);
      if (query.tier?.length) qb.whereIn('tier', query.tier);
      if (query.owner?.length) qb.whereIn('owner', query.owner);
      if (query.health?.length) {
        const health = query.health;
        qb.where(inner => {
          inner.whereIn('health_status', health);
          if (health.includes('unknown')) inner.orWhereNull('health_status');
        });
      }
      if (query.release?.length) qb.whereIn('release_status', query.release);
      // forecast-over keeps the tenants already over too: their forecast is over as well.
      if (query.budget)
        qb.whereIn(
          'budget_state',
          query.budget === 'over' ? ['over'] : ['over', 'forecast-over'],
        );
      if (query.q) whereSearchTextHas(qb, query.q);
      if (filter) applyPermissionFilter(qb, filter);
    };
    const column = SORT_COLUMNS[query.sort ?? 'name'];
    const order = query.order ?? 'asc';
    const itemsQuery = this.db<TenantRow>('tenants').where(where);
    if (NULLABLE_SORT_COLUMNS.has(column)) {
      // Tenants without a value sort last in both directions, on every database; the
      // ((column IS NULL), column, tenant_id) indexes (one per direction) serve this order.
      itemsQuery.orderByRaw(`(?? IS NULL) ASC`, [column]);
    }
    if (column !== 'tenant_id') {
      itemsQuery.orderBy(column, order);
    }
    itemsQuery
      .orderBy('tenant_id', order)
      .limit(query.limit)
      .offset(query.offset);
    const [rows, count] = await Promise.all([
      itemsQuery,
      this.db('tenants').where(where).count({ n: '*' }).first(),
    ]);
    return {
      items: (rows as TenantRow[]).map(toTenantSummary),
      totalCount: Number(count?.n ?? 0),
    };
  }

  async getTenant(tenantId: string): Promise<TenantSummary | undefined> {
    const row = await this.db<TenantRow>('tenants')
      .where('tenant_id', tenantId)
      .first();
    return row ? toTenantSummary(row as TenantRow) : undefined;
  }

  async getTenants(tenantIds: string[]): Promise<TenantSummary[]> {
    const rows: TenantRow[] = [];
    for (let i = 0; i < tenantIds.length; i += CHUNK) {
      rows.push(
        ...((await this.db('tenants').whereIn(
          'tenant_id',
          tenantIds.slice(i, i + CHUNK),
        )) as TenantRow[]),
      );
    }
    return rows.map(toTenantSummary);
  }

  async updateTenantSummaries(
    updates: TenantSummaryUpdate[],
    readAt?: string,
    transaction?: Knex.Transaction,
  ): Promise<void> {
    const now = new Date().toISOString();
    // Tenants given the same values (the same status, say) are written by one statement; when a
    // tenant is given twice, each update is its own statement, in order.
    const once = new Set(updates.map(u => u.tenantId)).size === updates.length;
    const same = new Map<
      string,
      { patch: Partial<TenantRow>; u: TenantSummaryUpdate; ids: string[] }
    >();
    for (const u of updates) {
      const patch = summaryPatch(u);
      if (Object.keys(patch).length === 0) continue;
      const guarded = readAt ? eventTablesOf(u) : [];
      const key = once ? JSON.stringify([patch, guarded]) : String(same.size);
      const group = same.get(key) ?? { patch, u, ids: [] };
      group.ids.push(u.tenantId);
      same.set(key, group);
    }
    const write = async (tx: Knex | Knex.Transaction) => {
      for (const { patch, u, ids } of same.values()) {
        const guarded = readAt ? eventTablesOf(u) : [];
        for (let i = 0; i < ids.length; i += CHUNK) {
          await tx('tenants')
            .whereIn('tenant_id', ids.slice(i, i + CHUNK))
            .modify(q => {
              for (const table of guarded) {
                q.whereNotExists(
                  tx(table)
                    .select('tenant_id')
                    .whereRaw('??.tenant_id = tenants.tenant_id', [table])
                    .andWhere(`${table}.event_time`, '>', readAt!),
                );
              }
            })
            .update({ ...patch, updated_at: now });
        }
      }
    };
    // Within the caller's transaction, or one statement alone, or a transaction of their own.
    if (transaction) await write(transaction);
    else if (same.size <= 1 && updates.length <= CHUNK) await write(this.db);
    else await this.db.transaction(write);
  }

  async queueRefreshRun(
    run: RefreshRunRequest & { requestedAt: Date },
  ): Promise<void> {
    await this.runs.queue(run);
  }

  async getQueuedRefreshRun(): Promise<StoredRefreshRun | undefined> {
    return this.runs.first('queued', 'asc');
  }

  async getRunningRefreshRun(
    sources?: string[],
  ): Promise<StoredRefreshRun | undefined> {
    return this.runs.first('running', 'desc', sources);
  }

  async startRefreshRun(
    run: RefreshRunRequest & { startedAt: Date },
  ): Promise<void> {
    await this.runs.start(run);
  }

  async finishRefreshRun(id: string, result: RefreshRunResult): Promise<void> {
    await this.runs.finish(id, result);
  }

  async listRefreshRuns(limit: number): Promise<StoredRefreshRun[]> {
    return this.runs.list(limit);
  }

  async getRefreshRun(id: string): Promise<StoredRefreshRun | undefined> {
    return this.runs.get(id);
  }

  async addActivity(entries: TenantActivity[]): Promise<void> {
    const rows: ActivityRow[] = entries.map(e => ({
      id: e.id,
      tenant_id: e.tenantId,
      kind: e.kind,
      summary: e.summary,
      task_id: e.taskId ?? null,
      actor: e.actor ?? null,
      at: e.at,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db('tenant_activity').insert(rows.slice(i, i + CHUNK));
    }
  }

  async listActivity(
    tenantId: string,
    limit: number,
  ): Promise<TenantActivity[]> {
    const rows = await this.db<ActivityRow>('tenant_activity')
      .where('tenant_id', tenantId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return (rows as ActivityRow[]).map(toActivity);
  }

  async getTenantsByAccountIds(accountIds: string[]): Promise<StoredTenant[]> {
    if (!accountIds.length) return [];
    const rows = (await this.db('tenants').whereIn(
      'account_id',
      accountIds.slice(0, CHUNK),
    )) as TenantRow[];
    return rows.map(toStoredTenant);
  }

  async ouPathOf(ouId: string): Promise<string | undefined> {
    const row = await this.db('tenants').where('ou_id', ouId).first('ou_path');
    return row?.ou_path;
  }

  async putTenantInventory(tenant: StoredTenant): Promise<void> {
    await this.db('tenants')
      .where('tenant_id', tenant.tenantId)
      .update({
        ...inventoryColumns(tenant),
        updated_at: new Date().toISOString(),
      });
  }
}

/** The tenants columns a summary update sets (fields left undefined are not touched). */
function summaryPatch(u: TenantSummaryUpdate): Partial<TenantRow> {
  const patch: Partial<TenantRow> = {};
  if (u.healthStatus !== undefined) {
    patch.health_status = u.healthStatus;
    patch.health_rank = u.healthStatus ? HEALTH_RANK[u.healthStatus] : null;
  }
  if (u.complianceScore !== undefined) {
    const s = u.complianceScore;
    patch.compliance = s ? JSON.stringify(s) : null;
    patch.compliance_ratio =
      s && s.evaluated > 0 ? s.compliant / s.evaluated : null;
  }
  if (u.spendMonthToDate !== undefined) {
    patch.spend_mtd = u.spendMonthToDate;
    patch.spend_mtd_cents =
      u.spendMonthToDate === null ? null : usdToCents(u.spendMonthToDate);
  }
  if (u.spendChangeRatio !== undefined) {
    patch.spend_change_ratio = u.spendChangeRatio;
  }
  if (u.budgetState !== undefined) patch.budget_state = u.budgetState;
  if (u.release !== undefined) {
    patch.release_version = u.release?.version ?? null;
    patch.release_status = u.release?.status ?? null;
  }
  return patch;
}
