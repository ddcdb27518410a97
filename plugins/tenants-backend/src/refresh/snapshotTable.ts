import type { Knex } from 'knex';
import {
  changeEventRows,
  notNewerThan,
  replaceGuardedRows,
  type SnapshotRow,
} from '../database/eventGuardedRows';

/** Rows per statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/** One tenant's value of a per-tenant snapshot table. */
export interface SnapshotItem<T> {
  tenantId: string;
  accountId: string;
  value: T;
}

/**
 * The refresh's batch writes to a per-tenant snapshot table (`tenant_health`,
 * `tenant_compliance`, `tenant_deployments`: one row per tenant, keyed by `tenant_id`, the value
 * as JSON in `data`): a collector writes one batch at a time and removes the tenants gone at
 * the end, so it never holds every tenant's value (docs/memory.md). A refresh's write never
 * replaces nor deletes a row holding a live event newer than its read
 * (docs/aws-behaviours/events.md).
 */
export class SnapshotTable<T extends { collectedAt: string }> {
  constructor(
    private readonly db: Knex,
    private readonly table: string,
    /** Columns besides tenant, account, collection time and data (e.g. health's `status`). */
    private readonly extra: (value: T) => Record<string, unknown> = () => ({}),
  ) {}

  /**
   * Upserts `items` and deletes the rows of `remove` (tenant ids), leaving every other tenant
   * alone, in one transaction — what a refresh read from AWS at `readAt` (ISO-8601 UTC), so a row
   * holding a newer live event is neither replaced nor deleted (see {@link replaceGuardedRows}).
   * Returns the tenant ids whose row was kept that way.
   */
  async writeBatch(
    items: Array<SnapshotItem<T>>,
    remove: string[],
    readAt: string,
  ): Promise<Set<string>> {
    for (let i = 0; i < remove.length; i += CHUNK)
      await this.db(this.table)
        .whereIn('tenant_id', remove.slice(i, i + CHUNK))
        .andWhere(notNewerThan(this.table, readAt))
        .delete();
    return replaceGuardedRows(
      this.db,
      this.table,
      items.map(x => this.row(x)),
      readAt,
      { keepOthers: true },
    );
  }

  /**
   * Deletes the rows of every tenant not in `tenantIds` (closed or gone from the inventory),
   * except a row holding a live event newer than `readAt`.
   */
  async keepOnly(tenantIds: Iterable<string>, readAt: string): Promise<void> {
    const keep = new Set(tenantIds);
    const stored: Array<{ tenant_id: string }> = await this.db(
      this.table,
    ).select('tenant_id');
    const gone = stored.map(r => r.tenant_id).filter(id => !keep.has(id));
    for (let i = 0; i < gone.length; i += CHUNK)
      await this.db(this.table)
        .whereIn('tenant_id', gone.slice(i, i + CHUNK))
        .andWhere(notNewerThan(this.table, readAt))
        .delete();
  }

  /**
   * Changes tenants' values as live events do, the rows locked from read to write (see
   * {@link changeEventRows}), so two replicas applying events of two values of one tenant (two
   * alarms) at once both land: `change` gets the stored values by tenant id and answers the
   * next values (each with the time of the newest event it holds, ISO-8601 UTC) and a result;
   * `also` runs in the same transaction with the next values (the tenants list's summaries).
   */
  async changeEvents<R>(
    tenantIds: string[],
    change: (stored: Map<string, T>) => {
      next: Array<SnapshotItem<T> & { eventTime: string }>;
      result: R;
    },
    also?: (
      tx: Knex.Transaction,
      next: Array<SnapshotItem<T>>,
    ) => Promise<void>,
  ): Promise<R> {
    let next: Array<SnapshotItem<T>> = [];
    return changeEventRows(
      this.db,
      this.table,
      tenantIds,
      data => {
        const stored = new Map<string, T>();
        for (const [id, d] of data) stored.set(id, JSON.parse(d) as T);
        const changed = change(stored);
        next = changed.next;
        return {
          result: changed.result,
          rows: changed.next.map(n => ({
            ...(this.row(n) as SnapshotRow),
            event_time: n.eventTime,
          })),
        };
      },
      also && (tx => also(tx, next)),
    );
  }

  /** The stored values of `tenantIds`, by tenant id (absent when none is stored). */
  async valuesOf(tenantIds: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (let i = 0; i < tenantIds.length; i += CHUNK) {
      const rows = await this.db(this.table)
        .whereIn('tenant_id', tenantIds.slice(i, i + CHUNK))
        .select('tenant_id', 'data');
      for (const r of rows)
        out.set(r.tenant_id as string, JSON.parse(r.data) as T);
    }
    return out;
  }

  /** The row of one item, as every write stores it. */
  row({ tenantId, accountId, value }: SnapshotItem<T>) {
    return {
      tenant_id: tenantId,
      account_id: accountId,
      collected_at: value.collectedAt,
      ...this.extra(value),
      data: JSON.stringify(value),
    };
  }
}
