import type { SourceStale } from '@tenancy/plugin-tenants-common';

/**
 * The text of a failed AWS call as it is kept with stale values and reported on the run:
 * `AccessDeniedException: User … is not authorized to perform: guardduty:ListDetectors`.
 */
export function errorText(e: unknown): string {
  const err = e as { name?: string; message?: string } | undefined;
  const name = err?.name && err.name !== 'Error' ? err.name : undefined;
  const message = String(err?.message ?? e);
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}

/**
 * Reads every source at once, each on its own: a source whose read throws is absent from
 * `values` and named in `errors` with {@link errorText}; the others are read as usual. Never
 * throws.
 */
export async function readSources<
  T extends Record<string, () => Promise<unknown>>,
>(
  readers: T,
): Promise<{
  values: { [K in keyof T]?: Awaited<ReturnType<T[K]>> };
  errors: Partial<Record<keyof T, string>>;
}> {
  const keys = Object.keys(readers) as Array<keyof T>;
  const settled = await Promise.allSettled(keys.map(k => readers[k]()));
  const values: { [K in keyof T]?: Awaited<ReturnType<T[K]>> } = {};
  const errors: Partial<Record<keyof T, string>> = {};
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled')
      values[keys[i]] = r.value as Awaited<ReturnType<T[keyof T]>>;
    else errors[keys[i]] = errorText(r.reason);
  });
  return { values, errors };
}

/**
 * The stale marker of values kept from `previous` because their source failed now with
 * `error`: `since` stays the time of the last successful read across consecutive failures
 * (`previousStale.since`), else the time `previous` was collected, else `now` (never read).
 */
export function staleMarker(
  error: string,
  now: Date,
  previous?: { collectedAt?: string; stale?: SourceStale },
): SourceStale {
  return {
    since: previous?.stale?.since || previous?.collectedAt || now.toISOString(),
    error,
  };
}
