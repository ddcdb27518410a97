import type { Knex } from 'knex';

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

  /** The time of the newest applied event for a tenant's value, if any. */
  async markOf(tenantId: string, mark: string): Promise<string | undefined> {
    const row = await this.db('tenant_event_marks')
      .where({ tenant_id: tenantId, mark })
      .first('event_time');
    return row?.event_time;
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
    return this.db.transaction(async tx => {
      const recorded: unknown[] = await tx('tenant_events')
        .insert({
          event_id: e.eventId,
          detail_type: e.detailType.slice(0, 200),
          account_id: e.accountId ?? null,
          tenant_id: e.tenantId ?? null,
          event_time: e.eventTime,
          outcome: e.outcome,
          settled_at: settledAt.toISOString(),
        })
        .onConflict('event_id')
        .ignore()
        .returning('event_id');
      if (e.outcome !== 'applied' || !e.tenantId) return recorded.length > 0;
      for (const mark of marks) {
        await tx('tenant_event_marks')
          .insert({ tenant_id: e.tenantId, mark, event_time: e.eventTime })
          .onConflict(['tenant_id', 'mark'])
          .merge(['event_time']);
      }
      return recorded.length > 0;
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
