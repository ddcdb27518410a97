import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { TenantsCollector } from '@tenancy/plugin-tenants-node';
import type { SpendStore } from './SpendStore';

/** How long a computed fleet view stays cached (1 hour), a backstop to the run-id key. */
export const FLEET_VIEW_CACHE_TTL_MS = 3_600_000;

/**
 * How long a cache read or write may take (500 ms) before the view is computed (or answered)
 * without it: an unreachable Redis makes the client wait, not throw.
 */
export const FLEET_VIEW_CACHE_TIMEOUT_MS = 500;

/**
 * The cache key of a fleet view: the route, its query (sorted by name) and the spend run,
 * e.g. `v2:/spend/fleet?metric=AmortizedCost&month=2026-03:run=<runId>`. Undefined (no
 * caching) before a refresh has recorded a spend run. The `v<n>` prefix is the shape of the
 * cached bodies (v2: the fleet view carries `availableMonths`), so a deploy that changes it
 * never serves a body of the old shape from a shared cache.
 */
export function fleetViewKey(
  route: string,
  query: Record<string, string>,
  runId: string | undefined,
): string | undefined {
  if (!runId) return undefined;
  const params = new URLSearchParams(
    Object.entries(query).sort(([a], [b]) => a.localeCompare(b)),
  );
  return `v2:${route}?${params}:run=${runId}`;
}

/**
 * Computed fleet views (JSON-serialisable response bodies) in Backstage's CacheService, so that
 * all replicas compute a view once per spend snapshot. Concurrent requests for one key on this
 * replica share one computation. A failing or slow cache is logged at warn and bypassed: the
 * view is computed, the request never fails because of the cache.
 */
export class FleetViewCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: {
      /** Absent → every view is computed. */
      cache?: CacheService;
      logger: LoggerService;
      /** Default {@link FLEET_VIEW_CACHE_TTL_MS}. */
      ttlMs?: number;
      /** Default {@link FLEET_VIEW_CACHE_TIMEOUT_MS}. */
      timeoutMs?: number;
    },
  ) {
    this.ttlMs = options.ttlMs ?? FLEET_VIEW_CACHE_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? FLEET_VIEW_CACHE_TIMEOUT_MS;
  }

  /**
   * The cached value of `key`, or `compute()` stored under `key` for the TTL. Without a key
   * (no spend run yet) or a cache, answers `compute()`. Errors of `compute` are thrown.
   */
  async getOrCompute<T>(
    key: string | undefined,
    compute: () => Promise<T>,
  ): Promise<T> {
    const cache = this.options.cache;
    if (!key || !cache) return compute();
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const loading = this.load(cache, key, compute).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  private async load<T>(
    cache: CacheService,
    key: string,
    compute: () => Promise<T>,
  ): Promise<T> {
    try {
      const hit = await this.bounded(() => cache.get<JsonValue>(key));
      if (hit !== undefined) return hit as T;
    } catch (e) {
      this.options.logger.warn(
        `Fleet view cache read failed for ${key}, computing the view: ${e}`,
      );
    }
    const value = await compute();
    try {
      await this.bounded(() =>
        cache.set(key, value as JsonValue, { ttl: this.ttlMs }),
      );
    } catch (e) {
      this.options.logger.warn(
        `Fleet view cache write failed for ${key}: ${e}`,
      );
    }
    return value;
  }

  private async bounded<T>(op: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        op(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Wraps the spend collector so that, once it has run (even when it failed part-way, since some
 * facts may have been replaced), the run's id is recorded with {@link SpendStore.setSpendRunId}: a
 * new spend snapshot gets new fleet view cache keys on every replica.
 */
export function recordingSpendRun(
  spend: TenantsCollector,
  store: () => Promise<SpendStore>,
): TenantsCollector {
  return {
    name: spend.name,
    async collect(ctx) {
      try {
        await spend.collect(ctx);
      } finally {
        await (await store()).setSpendRunId(ctx.runId);
      }
    },
  };
}
