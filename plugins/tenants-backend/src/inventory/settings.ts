import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { readTenantsOuPaths } from '@tenancy/plugin-tenants-node';
import type { InventoryOptions } from './InventoryCollector';

/**
 * Reads the inventory's settings from `tenancy.tenants` and `tenancy.refresh`, with the
 * defaults: OU `/Tenants` (no extra OUs), tags re-read after 24 h (`tagsMaxAge`, 20 accounts a
 * run: `staleTagReadsPerRun`), 4 tag reads in parallel.
 * @throws Error when an OU path does not start with `/` or a value has the wrong type.
 */
export function readInventorySettings(config: Config): InventoryOptions {
  const refresh = config.getOptionalConfig('tenancy.refresh');
  return {
    ...readTenantsOuPaths(config),
    tagsMaxAgeMs: refresh?.has('tagsMaxAge')
      ? durationToMilliseconds(
          readDurationFromConfig(refresh, { key: 'tagsMaxAge' }),
        )
      : durationToMilliseconds({ hours: 24 }),
    staleTagReadsPerRun:
      refresh?.getOptionalNumber('staleTagReadsPerRun') ?? 20,
    tagConcurrency: 4,
  };
}
