import type { Config } from '@backstage/config';
import {
  readAwsRegions,
  readRefreshConcurrency,
} from '@tenancy/plugin-tenants-node';
import { readRefreshBatchSize } from '../refresh/batches';
import { DEFAULT_HEALTH_RULES, type HealthRules } from './status';

/** Settings of the health source. */
export interface HealthSettings {
  /** `tenancy.health.criticalAlarmCount`: alarms in ALARM from which a tenant is critical, default 3. */
  criticalAlarmCount: number;
  /**
   * `tenancy.health.*` error thresholds (`lambdaErrorRatePercent`, `apiGateway5xxRatePercent`,
   * `lambdaThrottleRatePercent`: percent, default 1; `dynamoDbThrottledRequests`: default 0;
   * `errorCountWithoutTraffic`: default 10). Only the keys set in config.
   */
  healthThresholds: Partial<Record<(typeof HEALTH_THRESHOLDS)[number], number>>;
  /** `tenancy.refresh.concurrency`: AWS calls in flight per collector, default 4. */
  concurrency: number;
  /** `tenancy.aws.regions`: each region's monitoring sink is read, default `[tenancy.aws.region]`. */
  regions: string[];
  /** `tenancy.refresh.batchSize`: tenants read, built and written together, default 500. */
  batchSize: number;
}

/**
 * Reads {@link HealthSettings}.
 * @throws Error naming the key when a threshold is negative or `tenancy.aws.regions` is not valid.
 */
export function readHealthSettings(config: Config): HealthSettings {
  return {
    criticalAlarmCount:
      config.getOptionalNumber('tenancy.health.criticalAlarmCount') ?? 3,
    healthThresholds: readHealthThresholds(config),
    concurrency: readRefreshConcurrency(config),
    regions: readAwsRegions(config),
    batchSize: readRefreshBatchSize(config),
  };
}

/** The status rules of {@link HealthSettings}: the defaults with the thresholds set in config. */
export function healthRulesOf(settings: HealthSettings): HealthRules {
  return {
    ...DEFAULT_HEALTH_RULES,
    ...settings.healthThresholds,
    criticalAlarmCount: settings.criticalAlarmCount,
  };
}

const HEALTH_THRESHOLDS = [
  'lambdaErrorRatePercent',
  'apiGateway5xxRatePercent',
  'lambdaThrottleRatePercent',
  'dynamoDbThrottledRequests',
  'errorCountWithoutTraffic',
] as const;

function readHealthThresholds(
  config: Config,
): HealthSettings['healthThresholds'] {
  const out: HealthSettings['healthThresholds'] = {};
  for (const key of HEALTH_THRESHOLDS) {
    const v = config.getOptionalNumber(`tenancy.health.${key}`);
    if (v === undefined) continue;
    if (!(v >= 0)) {
      throw new Error(`tenancy.health.${key} must be a number ≥ 0; got ${v}`);
    }
    out[key] = v;
  }
  return out;
}
