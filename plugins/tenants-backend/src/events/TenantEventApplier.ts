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

/** One event's turn with its handlers in a batch. */
interface Turn {
  index: number;
  event: TenantEvent;
  tenant: StoredTenant;
  results: ApplyResult[];
  /** The marks of the handlers that applied it. */
  applied: string[];
  failed?: { error: unknown };
}

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
    for (const done of await this.#applyGroups(
      [...groups.values()],
      marks,
      now,
    )) {
      if ('event' in done) toSettle.push(done);
      else results[done.index] = { error: done.error };
    }
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

  /**
   * Applies each tenant's events (oldest first) through their handlers: an event older than the
   * newest applied event of a value it sets is `older` for that handler; a handler with
   * `applyAll` takes all its events of the batch at once (one transaction), the others take
   * each tenant's events one at a time (tenants side by side). An account event is always
   * applied alone, with its tenant read again (it changes the tenant itself).
   */
  async #applyGroups(
    groups: Array<
      Array<{ index: number; event: TenantEvent; tenant: StoredTenant }>
    >,
    marks: Map<string, string>,
    now: Date,
  ): Promise<
    Array<
      | { index: number; event: SettledEvent; marks: string[] }
      | { index: number; error: unknown }
    >
  > {
    const turns: Turn[] = [];
    const batched = new Map<TenantEventHandler<any>, Turn[]>();
    const oneByOne: Array<
      Array<{ turn: Turn; handler: TenantEventHandler<any> }>
    > = [];
    for (const group of groups) {
      group.sort((a, b) => a.event.time.localeCompare(b.event.time));
      const mine: (typeof oneByOne)[number] = [];
      for (const { index, event, tenant } of group) {
        const turn: Turn = { index, event, tenant, results: [], applied: [] };
        turns.push(turn);
        for (const handler of this.#handlers.get(event.kind) ?? []) {
          const older = handler.marks(event).some((m: string) => {
            const newest = marks.get(markKey(tenant.tenantId, m));
            return (
              newest !== undefined &&
              Date.parse(newest) > Date.parse(event.time)
            );
          });
          if (older) turn.results.push('older');
          else if (handler.applyAll && event.kind !== 'account')
            batched.set(handler, [...(batched.get(handler) ?? []), turn]);
          else mine.push({ turn, handler });
        }
      }
      if (mine.length) oneByOne.push(mine);
    }
    const record = (
      turn: Turn,
      handler: TenantEventHandler<any>,
      result: ApplyResult,
    ) => {
      turn.results.push(result);
      if (result === 'applied') turn.applied.push(...handler.marks(turn.event));
    };
    await Promise.all([
      ...[...batched].map(async ([handler, list]) => {
        try {
          const rs = await handler.applyAll!(
            list.map(t => ({ event: t.event, tenant: t.tenant })),
            now,
          );
          list.forEach((t, i) => record(t, handler, rs[i]));
        } catch (e) {
          for (const t of list) t.failed ??= { error: e };
        }
      }),
      ...oneByOne.map(async mine => {
        for (let k = 0; k < mine.length; k++) {
          const { turn, handler } = mine[k];
          try {
            // An account event changes the tenant itself: read it again now it is its turn.
            const current =
              turn.event.kind === 'account'
                ? tenantOf(turn.event, await this.#tenantsOf([turn.event])) ??
                  turn.tenant
                : turn.tenant;
            record(
              turn,
              handler,
              await handler.apply(turn.event, current, now),
            );
          } catch (e) {
            for (const rest of mine.slice(k)) rest.turn.failed ??= { error: e };
            return;
          }
        }
      }),
    ]);
    return turns.map(t =>
      t.failed
        ? { index: t.index, error: t.failed.error }
        : {
            index: t.index,
            event: settledOf(t.event, t.tenant, outcomeOf(t.results)),
            marks: t.applied,
          },
    );
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
