/**
 * Per-sandbox data of the billing and observability services, created lazily on the first
 * call and kept next to the sandbox state (nothing is generated at start).
 */
import type { OperationContext } from '../types';
import { DataAccount } from './accounts';
import { CostEngine, PeriodGroups } from './costEngine';
import { dayOf } from './dates';
import { AccountDirectory } from './orgAccounts';

/** A small least-recently-used cache. */
export class LruCache<V> {
  readonly #max: number;
  readonly #map = new Map<string, V>();
  constructor(max: number) {
    this.#max = max;
  }
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.#max) {
      this.#map.delete(this.#map.keys().next().value as string);
    }
  }
}

/** What the data services of one sandbox share. */
export interface DataContext {
  seed: number;
  directory: AccountDirectory;
  cost: CostEngine;
  /** Groups of recently paged periods, keyed by request fingerprint and period index. */
  periodCache: LruCache<PeriodGroups>;
  /** Free-form caches of the observability services. */
  caches: Map<string, unknown>;
}

const contexts = new WeakMap<object, DataContext>();

/** The data context of the sandbox a call belongs to. */
export function dataContext(ctx: OperationContext): DataContext {
  const key = ctx.state as unknown as object;
  let dc = contexts.get(key);
  if (!dc) {
    const seed = Number(ctx.options?.seed ?? 1) || 0;
    dc = {
      seed,
      directory: new AccountDirectory(),
      cost: new CostEngine(seed),
      periodCache: new LruCache<PeriodGroups>(4),
      caches: new Map(),
    };
    contexts.set(key, dc);
  }
  return dc;
}

const perCall = new WeakMap<OperationContext, DataAccount[]>();

/** Every account of the organization, sorted by id (checked for changes once per call). */
export function orgAccounts(ctx: OperationContext): DataAccount[] {
  let list = perCall.get(ctx);
  if (!list) {
    const dc = dataContext(ctx);
    list = dc.directory.accounts(ctx.org);
    dc.cost.useAccounts(list);
    perCall.set(ctx, list);
  }
  return list;
}

/** One account of the organization by id. */
export function accountById(
  ctx: OperationContext,
  accountId: string,
): DataAccount | undefined {
  orgAccounts(ctx);
  return dataContext(ctx).directory.lookup(accountId);
}

/** Today's day number from the sandbox clock. */
export function today(ctx: OperationContext): number {
  return dayOf(ctx.now());
}
