/**
 * The sandbox's one runtime data context: what services derive from the state and keep between
 * calls (the account directory and each service's generated-data caches). One per sandbox, held
 * by the runtime, handed to every handler as `ctx.data`, and reset whenever the state is
 * regenerated (`POST /_sandbox/reset`). Nothing is generated at start: a service's data is
 * created on its first call.
 */
import type { Organization } from './organization/organization';
import { AccountDirectory } from './accountDirectory';
import type { DataAccount } from './dataAccounts';
import { dayOf } from './dates';

/**
 * A typed slot of per-sandbox data one service owns (e.g. Cost Explorer's cost engine), created
 * on first use by {@link SandboxData.slot} and dropped by {@link SandboxData.reset}.
 * @public
 */
export interface DataSlot<T> {
  /** What the slot holds, for debugging, e.g. `costExplorer`. */
  readonly name: string;
  /** Builds the slot's value for a sandbox (called once per reset). */
  create(data: SandboxData): T;
}

/** Declares a {@link DataSlot}; keep the result in a module constant of the owning service. @public */
export function defineDataSlot<T>(
  name: string,
  create: (data: SandboxData) => T,
): DataSlot<T> {
  return { name, create };
}

/** Per-sandbox derived data. @public */
export class SandboxData {
  /** The sandbox seed every generated value derives from. */
  readonly seed: number;
  #directory = new AccountDirectory();
  #slots = new Map<DataSlot<unknown>, unknown>();
  /** The account list of the last call, so a call checks the organization for changes once. */
  #lastCall?: { call: object; accounts: DataAccount[] };

  constructor(seed: number) {
    this.seed = seed;
  }

  /** The value of a service's slot, created on first use. */
  slot<T>(slot: DataSlot<T>): T {
    if (!this.#slots.has(slot)) this.#slots.set(slot, slot.create(this));
    return this.#slots.get(slot) as T;
  }

  /**
   * Every account of the organization as the data services see it, sorted by account id; rebuilt
   * only when an account joins or its `tenant`/`tier`/`regions` tag or State changes. `call`
   * (the handler's context) skips the change check on later reads during the same call.
   */
  accounts(org: Organization, call?: object): DataAccount[] {
    if (call && this.#lastCall?.call === call) return this.#lastCall.accounts;
    const accounts = this.#directory.accounts(org);
    if (call) this.#lastCall = { call, accounts };
    return accounts;
  }

  /** One account by id, as of the last {@link SandboxData.accounts} read. */
  lookup(accountId: string): DataAccount | undefined {
    return this.#directory.lookup(accountId);
  }

  /** Drops every derived value (after the state was regenerated). */
  reset(): void {
    this.#directory = new AccountDirectory();
    this.#slots.clear();
    this.#lastCall = undefined;
  }
}

/** What the helpers below read from a handler's context. */
export interface DataCall {
  data: SandboxData;
  org: Organization;
  now(): Date;
}

/** Every account of the organization, sorted by id (checked for changes once per call). */
export function orgAccounts(ctx: DataCall): DataAccount[] {
  return ctx.data.accounts(ctx.org, ctx);
}

/** One account of the organization by id. */
export function accountById(
  ctx: DataCall,
  accountId: string,
): DataAccount | undefined {
  orgAccounts(ctx);
  return ctx.data.lookup(accountId);
}

/** Today's day number (days since 1970-01-01 UTC) from the sandbox clock. */
export function today(ctx: DataCall): number {
  return dayOf(ctx.now());
}
