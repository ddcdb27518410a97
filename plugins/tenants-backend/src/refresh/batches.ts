import type { Config } from '@backstage/config';

/** Default tenants per batch of a collector's refresh (`tenancy.refresh.batchSize`). */
export const DEFAULT_REFRESH_BATCH = 500;

/**
 * `tenancy.refresh.batchSize`: tenants whose data a collector reads, builds and writes together
 * before it reads the next ones (memory holds one batch, never all N tenants' values), default
 * {@link DEFAULT_REFRESH_BATCH}.
 * @throws Error naming the key when it is not a whole number ≥ 1.
 */
export function readRefreshBatchSize(config: Config): number {
  const v = config.getOptionalNumber('tenancy.refresh.batchSize');
  if (v === undefined) return DEFAULT_REFRESH_BATCH;
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(
      `tenancy.refresh.batchSize must be a whole number ≥ 1; got ${v}`,
    );
  }
  return v;
}

/**
 * Calls `fn` with consecutive slices of `items` of at most `size` items, one at a time (each
 * awaited before the next starts), in order.
 */
export async function forEachBatch<T>(
  items: readonly T[],
  size: number,
  fn: (batch: T[]) => Promise<void>,
): Promise<void> {
  const step = Math.max(1, Math.floor(size));
  for (let i = 0; i < items.length; i += step) {
    await fn(items.slice(i, i + step));
  }
}
