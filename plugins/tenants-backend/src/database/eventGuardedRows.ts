import type { Knex } from 'knex';

/** Rows per statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/** One tenant's snapshot row of a source table (`tenant_health`, …). */
export interface SnapshotRow {
  tenant_id: string;
  account_id: string;
  collected_at: string;
  data: string;
  [column: string]: string | number | null;
}

/**
 * The guard of a refresh write read from AWS at `readAt` (ISO-8601 UTC): the row holds no live
 * event newer than that read (`event_time` null, or not after `readAt`).
 */
export function notNewerThan(table: string, readAt: string) {
  return (q: Knex.QueryBuilder) =>
    q
      .whereNull(`${table}.event_time`)
      .orWhere(`${table}.event_time`, '<=', readAt);
}

/**
 * Writes a refresh's snapshot of every tenant into `table`: each row is inserted or replaced,
 * and the rows of tenants not given are deleted (unless `keepOthers`) — except a row holding a live event newer than
 * `readAt` (when the refresh read AWS), which keeps the event's value (the refresh's read is
 * older). Returns the tenant ids whose row was kept that way, so the caller leaves their other
 * values (the tenants list's columns) alone too.
 */
export async function replaceGuardedRows(
  db: Knex,
  table: string,
  rows: SnapshotRow[],
  readAt: string,
  options: { keepOthers?: boolean } = {},
): Promise<Set<string>> {
  const given = new Set(rows.map(r => r.tenant_id));
  const columns = Object.keys(rows[0] ?? {}).filter(c => c !== 'tenant_id');
  const kept = new Set<string>();
  await db.transaction(async tx => {
    const existing: Array<{ tenant_id: string }> = options.keepOthers
      ? []
      : await tx(table).select('tenant_id');
    const gone = existing
      .filter(r => !given.has(r.tenant_id))
      .map(r => r.tenant_id);
    for (let i = 0; i < gone.length; i += CHUNK) {
      await tx(table)
        .whereIn('tenant_id', gone.slice(i, i + CHUNK))
        .andWhere(notNewerThan(table, readAt))
        .delete();
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      const written: Array<{ tenant_id: string }> = await tx(table)
        .insert(rows.slice(i, i + CHUNK))
        .onConflict('tenant_id')
        .merge(columns)
        .where(notNewerThan(table, readAt))
        .returning('tenant_id');
      const done = new Set(written.map(w => w.tenant_id));
      for (const r of rows.slice(i, i + CHUNK)) {
        if (!done.has(r.tenant_id)) kept.add(r.tenant_id);
      }
    }
  });
  return kept;
}

/** Whether `db` is PostgreSQL (row locks with `FOR UPDATE`; SQLite runs one write at a time). */
export function isPostgres(db: Knex): boolean {
  return db.client.dialect === 'postgresql';
}

/**
 * Changes tenants' rows of `table` as live events do, safe against another replica changing
 * the same rows at the same moment (two events of one tenant, different values): in one
 * transaction the rows of `tenantIds` are read locked in tenant order (`SELECT … ORDER BY
 * tenant_id FOR UPDATE` on PostgreSQL, where a second replica waits for the first to commit
 * and then reads its values, and two replicas never deadlock; SQLite runs one write transaction
 * at a time), `change` decides the new rows from the stored `data` by tenant id, the rows are
 * upserted with `event_time` the newer of their own and the row's (a refresh that read AWS
 * before the event keeps away from them), and `also` runs in the same transaction (the tenants
 * list's summaries). Returns what `change` answered.
 */
export async function changeEventRows<R>(
  db: Knex,
  table: string,
  tenantIds: string[],
  change: (data: Map<string, string>) => {
    rows: Array<SnapshotRow & { event_time: string }>;
    result: R;
  },
  also?: (tx: Knex.Transaction) => Promise<void>,
): Promise<R> {
  const ids = [...new Set(tenantIds)].sort();
  return db.transaction(async tx => {
    const data = new Map<string, string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: Array<{ tenant_id: string; data: string }> = await tx(table)
        .whereIn('tenant_id', ids.slice(i, i + CHUNK))
        .orderBy('tenant_id')
        .modify(q => {
          if (isPostgres(tx)) q.forUpdate();
        })
        .select('tenant_id', 'data');
      for (const r of rows) data.set(r.tenant_id, r.data);
    }
    const { rows, result } = change(data);
    const columns = Object.keys(rows[0] ?? {}).filter(
      c => !['tenant_id', 'collected_at', 'event_time'].includes(c),
    );
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx(table)
        .insert(rows.slice(i, i + CHUNK))
        .onConflict('tenant_id')
        .merge({
          ...Object.fromEntries(
            columns.map(c => [c, tx.raw('excluded.??', [c])]),
          ),
          event_time: tx.raw(
            'CASE WHEN ??.event_time IS NOT NULL AND ??.event_time > excluded.event_time THEN ??.event_time ELSE excluded.event_time END',
            [table, table, table],
          ),
        });
    }
    if (rows.length) await also?.(tx);
    return result;
  });
}
