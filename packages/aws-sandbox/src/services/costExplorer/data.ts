/**
 * Cost Explorer's per-sandbox data: the cost engine (generated cost profiles of every account)
 * and the groups of recently paged periods. Lives in the sandbox's runtime context
 * (`ctx.data`), created on the first call and dropped on reset.
 */
import { DataCall, defineDataSlot, orgAccounts } from '../../core/context';
import { CostEngine, PeriodGroups } from './costEngine';

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

/** What Cost Explorer keeps between calls. */
export interface CostData {
  cost: CostEngine;
  /** Groups of recently paged periods, keyed by request fingerprint and period index. */
  periodCache: LruCache<PeriodGroups>;
}

const COST_DATA = defineDataSlot<CostData>('costExplorer', data => ({
  cost: new CostEngine(data.seed),
  periodCache: new LruCache<PeriodGroups>(4),
}));

/** Cost Explorer's data for this call, its engine following the organization's current accounts. */
export function costData(ctx: DataCall): CostData {
  const data = ctx.data.slot(COST_DATA);
  data.cost.useAccounts(orgAccounts(ctx));
  return data;
}
