import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoredTenant, TenantsStore } from '../inventory/store/types';
import {
  markKey,
  type EventLedger,
  type EventOutcome,
  type SettledEvent,
} from './EventLedger';
import { parseTenantEvent, type TenantEvent } from './eventModel';
import type { ApplyResult, TenantEventHandler } from './types';

/**
 * One outcome of the handlers' results for an event (several sources may apply one kind: a
 * StackSet instance event is the baseline's or the tenant stack's): `applied` when any applied,
 * else `older` when any found newer values, else `not-applicable` (also when none handles it).
 */
function outcomeOf(results: ApplyResult[]): EventOutcome {
  if (results.includes('applied')) return 'applied';
  if (results.includes('older')) return 'older';
  return 'not-applicable';
}

/** Events applied as one batch at most (the consumer's receive loops hand over ≤ 10 each). */
const MAX_BATCH = 100;
/** Account ids per tenants read (the store's statement limit). */
const ACCOUNTS_PER_READ = 200;

interface Pending {
  payload: unknown;
  resolve(outcome: ApplyOutcome): void;
  reject(error: unknown): void;
}

/** The tenant an event names: the first of its accounts that is a stored tenant's. */
function tenantOf(
  event: TenantEvent,
  byAccount: Map<string, StoredTenant>,
): StoredTenant | undefined {
  for (const id of event.accountIds) {
    const t = byAccount.get(id);
    if (t) return t;
  }
  return undefined;
}

/** The ledger's record of an event settled with `outcome`. */
function settledOf(
  event: TenantEvent,
  tenant: StoredTenant | undefined,
  outcome: EventOutcome,
): SettledEvent {
  return {
    eventId: event.id,
    detailType: event.detailType,
    accountId: tenant?.accountId ?? event.accountIds[0],
    tenantId: tenant?.tenantId,
    eventTime: event.time,
    outcome,
  };
}

/** What became of one event: its ledger outcome, or `duplicate` when it was settled before. @public */
export type ApplyOutcome = EventOutcome | 'duplicate';

/**
 * Applies EventBridge events to the tenant each names, through the data sources' handlers:
 * idempotent by event id (the ledger), ordered by the event's own time (an event older than the
 * newest applied one for the same value, or than the stored snapshot, changes nothing), and never
 * fatal for an event it cannot apply: an unknown account or shape is counted, logged and settled.
 * A handler's error (the database unavailable) is thrown and nothing is settled, so the message
 * is not deleted and comes back after its visibility timeout.
 * @public
 */
export class TenantEventApplier {
  /**
   * Events by outcome since start (this replica); `applied-twice` counts applied events another
   * replica had settled meanwhile (also counted as `applied`).
   */
  readonly counts: Record<ApplyOutcome | 'applied-twice', number> = {
    'applied-twice': 0,
    applied: 0,
    older: 0,
    duplicate: 0,
    'unknown-account': 0,
    'unknown-shape': 0,
    'not-applicable': 0,
  };
  readonly #handlers = new Map<string, TenantEventHandler<any>[]>();
  #pending: Pending[] = [];
  #draining?: Promise<void>;

  constructor(
    private readonly deps: {
      ledger: EventLedger;
      tenants: TenantsStore;
      handlers: TenantEventHandler<any>[];
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    for (const h of deps.handlers) {
      for (const kind of h.kinds) {
        this.#handlers.set(kind, [...(this.#handlers.get(kind) ?? []), h]);
      }
    }
  }

  /**
   * Applies one event (the message body's JSON value). Events asked for together (the consumer
   * publishes a received batch side by side) are applied as one batch: one ledger read, one
   * tenant read and one marks read for the batch, each tenant's events oldest first, tenants
   * side by side, and one ledger write settling them all; batches run one at a time on this
   * replica. Rejects with the handler's error (nothing of that tenant's later events in the
   * batch is applied or settled).
   */
  apply(payload: unknown): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ payload, resolve, reject });
      this.#draining ??= new Promise(r => setImmediate(r)).then(() =>
        this.#drain(),
      );
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length) {
      const batch = this.#pending.splice(0, MAX_BATCH);
      try {
        const results = await this.#applyAll(batch.map(b => b.payload));
        batch.forEach((b, i) => {
          const r = results[i];
          if (typeof r === 'string') b.resolve(r);
          else b.reject(r.error);
        });
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    this.#draining = undefined;
  }

  async #applyAll(
    payloads: unknown[],
  ): Promise<Array<ApplyOutcome | { error: unknown }>> {
    const { ledger, logger } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const parsed = payloads.map(p => parseTenantEvent(p));
    const results: Array<ApplyOutcome | { error: unknown }> = [];
    const idOf = (x: (typeof parsed)[number]) =>
      'unknown' in x ? x.id : x.event.id;
    const known = await ledger.outcomesOf([
      ...new Set(parsed.flatMap(x => idOf(x) ?? [])),
    ]);
    const seen = new Set<string>();
    const toSettle: Array<{
      index: number;
      event: SettledEvent;
      marks: string[];
    }> = [];
    const events: Array<{ index: number; event: TenantEvent }> = [];
    parsed.forEach((x, index) => {
      const id = idOf(x);
      if ('unknown' in x) {
        logger.warn(
          `Event ${id ?? '(no id)'} ignored: unknown shape: ${x.unknown}`,
        );
      }
      if (id && (known.has(id) || seen.has(id))) {
        results[index] = this.#count('duplicate');
        return;
      }
      if (id) seen.add(id);
      if (!('unknown' in x)) {
        events.push({ index, event: x.event });
        return;
      }
      if (!id) {
        results[index] = this.#count('unknown-shape');
        return;
      }
      toSettle.push({
        index,
        event: {
          eventId: id,
          detailType: x.detailType ?? '',
          eventTime: now.toISOString(),
          outcome: 'unknown-shape',
        },
        marks: [],
      });
    });
    const tenants = await this.#tenantsOf(events.map(e => e.event));
    const groups = new Map<
      string,
      Array<{ index: number; event: TenantEvent; tenant: StoredTenant }>
    >();
    for (const { index, event } of events) {
      const tenant = tenantOf(event, tenants);
      if (!tenant) {
        logger.warn(
          `Event ${event.id} (${
            event.detailType
          }) ignored: no tenant has account ${
            event.accountIds.join(' or ') || '(none named)'
          }`,
        );
        toSettle.push({
          index,
          event: settledOf(event, undefined, 'unknown-account'),
          marks: [],
        });
        continue;
      }
      groups.set(tenant.tenantId, [
        ...(groups.get(tenant.tenantId) ?? []),
        { index, event, tenant },
      ]);
    }
    const marks = await ledger.marksOf(
      [...groups.values()].flat().flatMap(({ event, tenant }) =>
        (this.#handlers.get(event.kind) ?? []).flatMap(h =>
          h.marks(event).map((mark: string) => ({
            tenantId: tenant.tenantId,
            mark,
          })),
        ),
      ),
    );
    await Promise.all(
      [...groups.values()].map(async group => {
        // One tenant's events oldest first (stable for equal times), one at a time.
        group.sort((a, b) => a.event.time.localeCompare(b.event.time));
        for (let k = 0; k < group.length; k++) {
          const { index, event, tenant } = group[k];
          try {
            const done = await this.#applyToTenant(event, tenant, marks, now);
            toSettle.push({ index, ...done });
          } catch (e) {
            for (const rest of group.slice(k))
              results[rest.index] = { error: e };
            return;
          }
        }
      }),
    );
    const recorded = await ledger.settleAll(toSettle, now);
    for (const { index, event } of toSettle) {
      if (event.outcome === 'applied' && !recorded.has(event.eventId)) {
        // Another replica settled it while this one applied it (the message was received twice
        // at once): the values are the same (idempotent), but it is counted and said.
        this.counts['applied-twice'] += 1;
        logger.warn(
          `Event ${event.eventId} (${event.detailType}) was applied twice: another replica settled it first`,
        );
      }
      results[index] = this.#count(event.outcome);
    }
    return results;
  }

  async #applyToTenant(
    event: TenantEvent,
    tenant: StoredTenant,
    marks: Map<string, string>,
    now: Date,
  ): Promise<{ event: SettledEvent; marks: string[] }> {
    // An account event changes the tenant itself: read it again now that it is this one's turn.
    const current =
      event.kind === 'account'
        ? tenantOf(event, await this.#tenantsOf([event])) ?? tenant
        : tenant;
    const handlers = this.#handlers.get(event.kind) ?? [];
    const results: ApplyResult[] = [];
    const applied: string[] = [];
    for (const handler of handlers) {
      const names: string[] = handler.marks(event);
      // Older than the newest applied event of any value it sets (`tenant_event_marks`).
      const older = names.some(m => {
        const newest = marks.get(markKey(current.tenantId, m));
        return (
          newest !== undefined && Date.parse(newest) > Date.parse(event.time)
        );
      });
      const result = older ? 'older' : await handler.apply(event, current, now);
      results.push(result);
      if (result !== 'applied') continue;
      applied.push(...names);
      for (const m of names)
        marks.set(markKey(current.tenantId, m), event.time);
    }
    return {
      event: settledOf(event, current, outcomeOf(results)),
      marks: applied,
    };
  }

  /** The stored tenants of the accounts the events name, by account id. */
  async #tenantsOf(events: TenantEvent[]): Promise<Map<string, StoredTenant>> {
    const ids = [...new Set(events.flatMap(e => e.accountIds))];
    const out = new Map<string, StoredTenant>();
    for (let i = 0; i < ids.length; i += ACCOUNTS_PER_READ) {
      for (const t of await this.deps.tenants.getTenantsByAccountIds(
        ids.slice(i, i + ACCOUNTS_PER_READ),
      ))
        out.set(t.accountId, t);
    }
    return out;
  }

  #count(outcome: ApplyOutcome): ApplyOutcome {
    this.counts[outcome] += 1;
    return outcome;
  }
}
