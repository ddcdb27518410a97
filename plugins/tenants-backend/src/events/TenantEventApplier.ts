import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoredTenant, TenantsStore } from '../inventory/store/types';
import type { EventLedger, EventOutcome } from './EventLedger';
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
  readonly #busy = new Map<string, Promise<void>>();

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

  /** Applies one event (the message body's JSON value). */
  async apply(payload: unknown): Promise<ApplyOutcome> {
    const now = this.deps.now?.() ?? new Date();
    const parsed = parseTenantEvent(payload);
    if ('unknown' in parsed) {
      this.deps.logger.warn(
        `Event ${parsed.id ?? '(no id)'} ignored: unknown shape: ${
          parsed.unknown
        }`,
      );
      if (parsed.id) {
        if (await this.deps.ledger.outcomeOf(parsed.id)) {
          return this.#count('duplicate');
        }
        await this.deps.ledger.settle(
          {
            eventId: parsed.id,
            detailType: parsed.detailType ?? '',
            eventTime: now.toISOString(),
            outcome: 'unknown-shape',
          },
          [],
          now,
        );
      }
      return this.#count('unknown-shape');
    }
    const event = parsed.event;
    const tenant = await this.#tenantOf(event);
    if (!tenant) {
      if (await this.deps.ledger.outcomeOf(event.id)) {
        return this.#count('duplicate');
      }
      this.deps.logger.warn(
        `Event ${event.id} (${
          event.detailType
        }) ignored: no tenant has account ${
          event.accountIds.join(' or ') || '(none named)'
        }`,
      );
      return this.#settle(event, undefined, 'unknown-account', [], now);
    }
    return this.#oneAtATime(tenant.tenantId, () =>
      this.#applyToTenant(event, tenant, now),
    );
  }

  /**
   * Runs `fn` after every earlier call for `key` has ended: events of one tenant are applied one
   * at a time on this replica (each reads and writes the tenant's rows), events of different
   * tenants side by side.
   */
  async #oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#busy.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#busy.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.#busy.get(key) === settled) this.#busy.delete(key);
    }
  }

  async #applyToTenant(
    event: TenantEvent,
    tenant: StoredTenant,
    now: Date,
  ): Promise<ApplyOutcome> {
    if (await this.deps.ledger.outcomeOf(event.id)) {
      return this.#count('duplicate');
    }
    // An account event changes the tenant itself: read it again now that it is this one's turn.
    const current =
      event.kind === 'account'
        ? (await this.#tenantOf(event)) ?? tenant
        : tenant;
    const handlers = this.#handlers.get(event.kind) ?? [];
    const results: ApplyResult[] = [];
    const applied: string[] = [];
    for (const handler of handlers) {
      const marks = handler.marks(event);
      const result = (await this.#isOlder(current.tenantId, marks, event))
        ? 'older'
        : await handler.apply(event, current, now);
      results.push(result);
      if (result === 'applied') applied.push(...marks);
    }
    return this.#settle(event, current, outcomeOf(results), applied, now);
  }

  /** Whether a newer event was applied to any of the values `marks` names. */
  async #isOlder(
    tenantId: string,
    marks: string[],
    event: TenantEvent,
  ): Promise<boolean> {
    for (const mark of marks) {
      const newest = await this.deps.ledger.markOf(tenantId, mark);
      if (newest && Date.parse(newest) > Date.parse(event.time)) return true;
    }
    return false;
  }

  async #tenantOf(event: TenantEvent): Promise<StoredTenant | undefined> {
    const found = await this.deps.tenants.getTenantsByAccountIds(
      event.accountIds,
    );
    for (const id of event.accountIds) {
      const t = found.find(x => x.accountId === id);
      if (t) return t;
    }
    return undefined;
  }

  async #settle(
    event: TenantEvent,
    tenant: StoredTenant | undefined,
    outcome: EventOutcome,
    marks: string[],
    now: Date,
  ): Promise<ApplyOutcome> {
    const first = await this.deps.ledger.settle(
      {
        eventId: event.id,
        detailType: event.detailType,
        accountId: tenant?.accountId ?? event.accountIds[0],
        tenantId: tenant?.tenantId,
        eventTime: event.time,
        outcome,
      },
      marks,
      now,
    );
    if (!first && outcome === 'applied') {
      // Another replica settled it while this one applied it (the message was received twice
      // at once): the values are the same (idempotent), but it is counted and said.
      this.counts['applied-twice'] += 1;
      this.deps.logger.warn(
        `Event ${event.id} (${event.detailType}) was applied twice: another replica settled it first`,
      );
    }
    return this.#count(outcome);
  }

  #count(outcome: ApplyOutcome): ApplyOutcome {
    this.counts[outcome] += 1;
    return outcome;
  }
}
