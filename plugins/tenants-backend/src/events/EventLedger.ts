import type { Knex } from 'knex';

/** Rows per statement (7 columns each: keeps SQLite under its bound-variable limit). */
const CHUNK = 100;

/** The key of one tenant's value in {@link EventLedger.marksOf}'s answer. @public */
export const markKey = (tenantId: string, mark: string) =>
  `${tenantId}\u0000${mark}`;

/** How the consumer settled an event. @public */
export type EventOutcome =
  | 'applied'
  | 'older'
  | 'unknown-account'
  | 'unknown-shape'
  | 'not-applicable';

/** One settled event (table `tenant_events`). @public */
export interface SettledEvent {
  eventId: string;
  detailType: string;
  accountId?: string;
  tenantId?: string;
  /** The event's own time, ISO-8601 UTC. */
  eventTime: string;
  outcome: EventOutcome;
}

/**
 * The event ledger (migration `20261206_tenant_events.js`): which events are settled, by event id
 * (a redelivered or duplicated message is recognised), and the newest applied event time per
 * tenant and value (`alarm:<name>`, `config:<rule>`, `tags`, `ou`, `state`, `baseline`, …), so
 * an older event never overwrites a newer value. On the plugin's knex database.
 * @public
 */
export class EventLedger {
  constructor(private readonly db: Knex) {}

  /** The outcome of a settled event, or undefined when it was not settled. */
  async outcomeOf(eventId: string): Promise<EventOutcome | undefined> {
    const row = await this.db('tenant_events')
      .where({ event_id: eventId })
      .first('outcome');
    return row?.outcome;
  }

  /** The outcomes of the settled ones of `eventIds`, by event id (one query per 100 ids). */
  async outcomesOf(eventIds: string[]): Promise<Map<string, EventOutcome>> {
    const out = new Map<string, EventOutcome>();
    for (let i = 0; i < eventIds.length; i += CHUNK) {
      const rows: Array<{ event_id: string; outcome: EventOutcome }> =
        await this.db('tenant_events')
          .whereIn('event_id', eventIds.slice(i, i + CHUNK))
          .select('event_id', 'outcome');
      for (const r of rows) out.set(r.event_id, r.outcome);
    }
    return out;
  }

  /**
   * The newest applied event times of the given tenants' values (ISO-8601 UTC), keyed by
   * {@link markKey}; a value with no applied event is absent. One query per 100 tenants and
   * 100 marks.
   */
  async marksOf(
    wanted: Array<{ tenantId: string; mark: string }>,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const keys = new Set(wanted.map(w => markKey(w.tenantId, w.mark)));
    const tenants = [...new Set(wanted.map(w => w.tenantId))];
    const marks = [...new Set(wanted.map(w => w.mark))];
    for (let i = 0; i < tenants.length; i += CHUNK) {
      for (let j = 0; j < marks.length; j += CHUNK) {
        const rows: Array<{
          tenant_id: string;
          mark: string;
          event_time: string;
        }> = await this.db('tenant_event_marks')
          .whereIn('tenant_id', tenants.slice(i, i + CHUNK))
          .whereIn('mark', marks.slice(j, j + CHUNK))
          .select('tenant_id', 'mark', 'event_time');
        for (const r of rows) {
          const key = markKey(r.tenant_id, r.mark);
          if (keys.has(key)) out.set(key, r.event_time);
        }
      }
    }
    return out;
  }

  /**
   * Records a settled event and, when applied, moves its marks to the event's time. A second
   * record of one event id is ignored (two replicas settling one duplicated message): false
   * then, true when this call recorded it.
   */
  async settle(
    e: SettledEvent,
    marks: string[],
    settledAt: Date,
  ): Promise<boolean> {
    const recorded = await this.settleAll([{ event: e, marks }], settledAt);
    return recorded.has(e.eventId);
  }

  /**
   * {@link EventLedger.settle} for many events in one transaction (one insert of the events,
   * one upsert of the marks): returns the ids this call recorded (an id settled before, by this
   * or another replica, is left out). A mark only ever moves forward in time, whatever order
   * two replicas settle in.
   */
  async settleAll(
    entries: Array<{ event: SettledEvent; marks: string[] }>,
    settledAt: Date,
  ): Promise<Set<string>> {
    const unique = new Map(entries.map(x => [x.event.eventId, x]));
    const newest = new Map<
      string,
      { tenant_id: string; mark: string; event_time: string }
    >();
    for (const { event: e, marks } of unique.values()) {
      if (e.outcome !== 'applied' || !e.tenantId) continue;
      for (const mark of marks) {
        const key = markKey(e.tenantId, mark);
        const had = newest.get(key);
        if (!had || had.event_time < e.eventTime)
          newest.set(key, {
            tenant_id: e.tenantId,
            mark,
            event_time: e.eventTime,
          });
      }
    }
    const rows = [...unique.values()].map(({ event: e }) => ({
      event_id: e.eventId,
      detail_type: e.detailType.slice(0, 200),
      account_id: e.accountId ?? null,
      tenant_id: e.tenantId ?? null,
      event_time: e.eventTime,
      outcome: e.outcome,
      settled_at: settledAt.toISOString(),
    }));
    const marks = [...newest.values()];
    return this.db.transaction(async tx => {
      const recorded = new Set<string>();
      for (let i = 0; i < rows.length; i += CHUNK) {
        const done: Array<{ event_id: string } | string> = await tx(
          'tenant_events',
        )
          .insert(rows.slice(i, i + CHUNK))
          .onConflict('event_id')
          .ignore()
          .returning('event_id');
        for (const d of done)
          recorded.add(typeof d === 'string' ? d : d.event_id);
      }
      for (let i = 0; i < marks.length; i += CHUNK) {
        await tx('tenant_event_marks')
          .insert(marks.slice(i, i + CHUNK))
          .onConflict(['tenant_id', 'mark'])
          .merge(['event_time'])
          .where(
            'tenant_event_marks.event_time',
            '<',
            tx.raw('excluded.event_time'),
          );
      }
      return recorded;
    });
  }

  /** Settled events by outcome (for tests and the log). */
  async countByOutcome(): Promise<Record<string, number>> {
    const rows: Array<{ outcome: string; n: number | string }> = await this.db(
      'tenant_events',
    )
      .select('outcome')
      .count({ n: '*' })
      .groupBy('outcome');
    return Object.fromEntries(rows.map(r => [r.outcome, Number(r.n)]));
  }

  /** Drops settled events older than `before` (marks stay): the ledger stays bounded. */
  async prune(before: Date): Promise<number> {
    return this.db('tenant_events')
      .where('settled_at', '<', before.toISOString())
      .delete();
  }
}
