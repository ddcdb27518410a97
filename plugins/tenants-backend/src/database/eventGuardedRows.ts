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

/**
 * Writes one tenant's row as a live event of time `eventTime` (ISO-8601 UTC) left it: the row's
 * `event_time` becomes the newer of its own and `eventTime`, so a refresh that read AWS before
 * the event keeps away from it (see {@link replaceGuardedRows}).
 */
export async function putEventRow(
  db: Knex,
  table: string,
  row: SnapshotRow,
  eventTime: string,
): Promise<void> {
  const existing = await db(table)
    .where('tenant_id', row.tenant_id)
    .first('event_time');
  const newest =
    existing?.event_time && existing.event_time > eventTime
      ? existing.event_time
      : eventTime;
  const columns = Object.keys(row).filter(
    c => c !== 'tenant_id' && c !== 'collected_at',
  );
  await db(table)
    .insert({ ...row, event_time: newest })
    .onConflict('tenant_id')
    .merge([...columns, 'event_time']);
}

/** Whether `db` is PostgreSQL (row locks with `FOR UPDATE`; SQLite runs one write at a time). */
export function isPostgres(db: Knex): boolean {
  return db.client.dialect === 'postgresql';
}

/**
 * Changes one tenant's row of `table` as a live event of time `eventTime` (ISO-8601 UTC)
 * does, safe against another replica changing the same row at the same moment (two events of
 * one tenant, different values): in one transaction the row is read locked (`SELECT … FOR
 * UPDATE` on PostgreSQL, where the second replica waits for the first to commit and then reads
 * its value; SQLite runs one write transaction at a time), `change` decides the new row from
 * the stored `data` (undefined: no row), the row is updated with `event_time` the newer of its
 * own and `eventTime` (a refresh that read AWS before the event keeps away from it), and `also`
 * runs in the same transaction (the tenants list's summary). Returns what `change` answered;
 * a row `change` gives no `next` for is left alone.
 */
export async function changeEventRow<R>(
  db: Knex,
  table: string,
  tenantId: string,
  eventTime: string,
  change: (data: string | undefined) => {
    next?: Omit<SnapshotRow, 'tenant_id' | 'collected_at'>;
    result: R;
  },
  also?: (tx: Knex.Transaction) => Promise<void>,
): Promise<R> {
  return db.transaction(async tx => {
    const row: { data: string } | undefined = await tx(table)
      .where('tenant_id', tenantId)
      .modify(q => {
        if (isPostgres(tx)) q.forUpdate();
      })
      .first('data');
    const { next, result } = change(row?.data);
    if (!row || !next) return result;
    await tx(table)
      .where('tenant_id', tenantId)
      .update({
        ...next,
        event_time: tx.raw(
          'CASE WHEN event_time IS NOT NULL AND event_time > ? THEN event_time ELSE ? END',
          [eventTime, eventTime],
        ),
      });
    await also?.(tx);
    return result;
  });
}
