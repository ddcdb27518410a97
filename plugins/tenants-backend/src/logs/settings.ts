import type { Config } from '@backstage/config';
import { readAwsRegions } from '@tenancy/plugin-tenants-node';

/** Settings of the logs source (`tenancy.logs.*`). */
export interface LogsSettings {
  /** `tenancy.aws.regions`: each region's monitoring account is queried. */
  regions: string[];
  /** `tenancy.logs.queryTimeoutSeconds`: a query not complete by then is stopped (StopQuery), default 30. */
  queryTimeoutMs: number;
  /** `tenancy.logs.pollIntervalMs`: wait between GetQueryResults calls, default 1000 (AWS allows 5 per second per account). */
  pollIntervalMs: number;
  /** `tenancy.logs.cacheSeconds`: an answer is reused for the same tenant and query this long, default 60. */
  cacheTtlMs: number;
}

function positive(config: Config, key: string, fallback: number): number {
  const v = config.getOptionalNumber(key) ?? fallback;
  if (!(v > 0)) throw new Error(`${key} must be a number > 0; got ${v}`);
  return v;
}

/**
 * Reads {@link LogsSettings}.
 * @throws Error naming the key when a value is not positive or the regions are not valid.
 */
export function readLogsSettings(config: Config): LogsSettings {
  return {
    regions: readAwsRegions(config),
    queryTimeoutMs:
      positive(config, 'tenancy.logs.queryTimeoutSeconds', 30) * 1000,
    pollIntervalMs: positive(config, 'tenancy.logs.pollIntervalMs', 1000),
    cacheTtlMs: positive(config, 'tenancy.logs.cacheSeconds', 60) * 1000,
  };
}
