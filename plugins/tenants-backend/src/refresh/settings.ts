import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';

/** The refresh's schedule from `tenancy.refresh`. */
export interface RefreshSettings {
  frequency: HumanDuration;
  timeout: HumanDuration;
  initialDelay: HumanDuration;
}

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
 * Reads the schedule, with the defaults: every 60 minutes with a 15-minute timeout, first run
 * 10 s after start.
 * @throws Error (from the config reader) when a value has the wrong type.
 */
export function readRefreshSettings(config: Config): RefreshSettings {
  const refresh = config.getOptionalConfig('tenancy.refresh');
  return {
    frequency: durationOr(refresh, 'frequency', { minutes: 60 }),
    timeout: durationOr(refresh, 'timeout', { minutes: 15 }),
    initialDelay: durationOr(refresh, 'initialDelay', { seconds: 10 }),
  };
}
