import type { StoredTenant } from '../inventory/store/types';
import type { TenantEvent } from './eventModel';

/** What applying an event to its tenant did. @public */
export type ApplyResult = 'applied' | 'older' | 'not-applicable';

/**
 * A data source's handler of the live events it owns (DESIGN §3: each source folder holds its
 * event handlers). Every update is idempotent: applying one event twice leaves the same values.
 * @public
 */
export interface TenantEventHandler<E extends TenantEvent = TenantEvent> {
  /** The event kinds it applies. */
  kinds: ReadonlyArray<TenantEvent['kind']>;
  /**
   * The values the event sets, one name each (`alarm:<name>`, `tags`, …): an event older than
   * the newest applied event of any of them is ignored (`older`), before `apply` is called.
   */
  marks(event: E): string[];
  /**
   * Applies the event to its tenant through the source's store. `older` when the stored value
   * was read from AWS after the event happened; `not-applicable` when the tenant has nothing the
   * event changes (e.g. an alarm of a tenant that is not monitored).
   */
  apply(event: E, tenant: StoredTenant, now: Date): Promise<ApplyResult>;
  /**
   * Optional: applies many events at once (a received batch), one result per item in order.
   * `items` come each tenant's oldest first, none older than its marks; the applier uses it
   * instead of `apply` when present (not for account events). One transaction for all, so a
   * batch costs a few statements rather than a few per event.
   */
  applyAll?(
    items: Array<{ event: E; tenant: StoredTenant }>,
    now: Date,
  ): Promise<ApplyResult[]>;
}
