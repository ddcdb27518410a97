import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';

/** The refresh's schedule from `tenancy.refresh`. */
export interface RefreshSettings {
  /** Cadence of a source with no default and no `cadence.<source>` (modules' sources). */
  frequency: HumanDuration;
  timeout: HumanDuration;
  initialDelay: HumanDuration;
  /**
   * `tenancy.refresh.coldStartWait`: how long the first reads of the other sources wait, after
   * the first inventory read, for the catalog to have the Tenant entities. Absent: they start
   * at once.
   */
  coldStartWait?: HumanDuration;
  /** How often each source is read: `tenancy.refresh.cadence.<source>`, else the default. */
  cadences: Record<string, HumanDuration>;
}

/**
 * Default cadences of the built-in sources: the inventory daily (account changes also arrive
 * as events), alarms daily (their state changes arrive as events), health (CloudWatch metrics)
 * hourly, spend every 8 hours (Cost
 * Explorer's data changes about three times a day), finance with spend (anomalies, budgets,
 * footprint, the month's report once final), compliance every 6 hours.
 */
export const DEFAULT_CADENCES: Readonly<Record<string, HumanDuration>> = {
  inventory: { hours: 24 },
  alarms: { hours: 24 },
  health: { hours: 1 },
  spend: { hours: 8 },
  finance: { hours: 8 },
  compliance: { hours: 6 },
};

/**
 * Reads `key` of `config` as a duration (`{ minutes: 5 }` or an ISO/human string), or `fallback`
 * when it is not set.
 * @throws Error (from the config reader) when the value is not a duration.
 */
export function durationOr(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/**
 * Reads the schedule of the sources named `sources`, with the defaults: each source at its
 * {@link DEFAULT_CADENCES} cadence (others every `frequency`, 60 minutes), a 15-minute timeout,
 * first runs 10 s after start.
 * @throws Error (from the config reader) when a value has the wrong type, or naming the key
 * when `cadence` names a source that is not registered.
 */
export function readRefreshSettings(
  config: Config,
  sources: string[] = Object.keys(DEFAULT_CADENCES),
): RefreshSettings {
  const refresh = config.getOptionalConfig('tenancy.refresh');
  const frequency = durationOr(refresh, 'frequency', { minutes: 60 });
  const cadence = refresh?.getOptionalConfig('cadence');
  for (const key of cadence?.keys() ?? []) {
    if (!sources.includes(key)) {
      throw new Error(
        `tenancy.refresh.cadence.${key} names no source; the sources are ${sources.join(
          ', ',
        )}`,
      );
    }
  }
  return {
    frequency,
    timeout: durationOr(refresh, 'timeout', { minutes: 15 }),
    initialDelay: durationOr(refresh, 'initialDelay', { seconds: 10 }),
    ...(refresh?.has('coldStartWait')
      ? {
          coldStartWait: readDurationFromConfig(refresh, {
            key: 'coldStartWait',
          }),
        }
      : {}),
    cadences: Object.fromEntries(
      sources.map(source => [
        source,
        durationOr(cadence, source, DEFAULT_CADENCES[source] ?? frequency),
      ]),
    ),
  };
}
