import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';

/** The tenants plugin's settings from `tenancy.tenants` and `tenancy.refresh`. */
export interface TenantsBackendConfig {
  ouPath: string;
  extraOuPaths: string[];
  frequency: HumanDuration;
  timeout: HumanDuration;
  initialDelay: HumanDuration;
  tagsMaxAgeMs: number;
  staleTagReadsPerRun: number;
}

function duration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/**
 * Reads the settings, with the defaults: OU `/Tenants` (no extra OUs), refresh every 60 minutes with a
 * 15-minute timeout, first run 10 s after start, tags re-read after 24 h (20 per run).
 * @throws Error (from the config reader) when a value has the wrong type.
 */
export function readTenantsBackendConfig(config: Config): TenantsBackendConfig {
  const refresh = config.getOptionalConfig('tenancy.refresh');
  const ouPath =
    config.getOptionalString('tenancy.tenants.ouPath') ?? '/Tenants';
  const extraOuPaths =
    config.getOptionalStringArray('tenancy.tenants.extraOuPaths') ?? [];
  for (const path of [ouPath, ...extraOuPaths]) {
    if (!path.startsWith('/')) {
      throw new Error(
        `tenancy.tenants OU paths must start with /, got ${path}`,
      );
    }
  }
  const empty = { has: () => false } as unknown as Config;
  const r = refresh ?? empty;
  return {
    ouPath,
    extraOuPaths,
    frequency: duration(r, 'frequency', { minutes: 60 }),
    timeout: duration(r, 'timeout', { minutes: 15 }),
    initialDelay: duration(r, 'initialDelay', { seconds: 10 }),
    tagsMaxAgeMs: durationToMilliseconds(
      duration(r, 'tagsMaxAge', { hours: 24 }),
    ),
    staleTagReadsPerRun:
      refresh?.getOptionalNumber('staleTagReadsPerRun') ?? 20,
  };
}
