import type { Config } from '@backstage/config';

/** Settings of the spend, health and compliance collectors. */
export interface InsightsSettings {
  /** `tenancy.spend.metric`: Cost Explorer metric, default `AmortizedCost` (shown in the UI). */
  spendMetric: string;
  /** `tenancy.vending.tenantTagKey`: the tenant cost-allocation tag, default `tenant`. */
  tenantTagKey: string;
  /** `tenancy.compliance.configAggregatorName`, default `tenancy-organization`. */
  configAggregatorName: string;
  /** `tenancy.vending.baseline.stackSetName`, default `tenant-baseline`. */
  baselineStackSetName: string;
  /** `tenancy.aws.stackSetCallAs`, default `SELF`. */
  stackSetCallAs: 'SELF' | 'DELEGATED_ADMIN';
  /** `tenancy.health.criticalAlarmCount`: alarms in ALARM from which a tenant is critical, default 3. */
  criticalAlarmCount: number;
  /**
   * `tenancy.health.*` error thresholds (`lambdaErrorRatePercent`, `apiGateway5xxRatePercent`,
   * `lambdaThrottleRatePercent`: percent, default 1; `dynamoDbThrottledRequests`: default 0;
   * `errorCountWithoutTraffic`: default 10). Only the keys set in config.
   */
  healthThresholds: Partial<
    Record<
      | 'lambdaErrorRatePercent'
      | 'apiGateway5xxRatePercent'
      | 'lambdaThrottleRatePercent'
      | 'dynamoDbThrottledRequests'
      | 'errorCountWithoutTraffic',
      number
    >
  >;
  /** `tenancy.refresh.concurrency`: AWS calls in flight per collector, default 4. */
  concurrency: number;
}

const METRICS = [
  'AmortizedCost',
  'UnblendedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
];

/**
 * Reads {@link InsightsSettings}.
 * @throws Error naming the key when a value is not allowed.
 */
export function readInsightsSettings(config: Config): InsightsSettings {
  const spendMetric =
    config.getOptionalString('tenancy.spend.metric') ?? 'AmortizedCost';
  if (!METRICS.includes(spendMetric)) {
    throw new Error(
      `tenancy.spend.metric must be one of ${METRICS.join(
        ', ',
      )}; got ${spendMetric}`,
    );
  }
  const callAs =
    config.getOptionalString('tenancy.aws.stackSetCallAs') ?? 'SELF';
  if (callAs !== 'SELF' && callAs !== 'DELEGATED_ADMIN') {
    throw new Error(
      `tenancy.aws.stackSetCallAs must be SELF or DELEGATED_ADMIN; got ${callAs}`,
    );
  }
  return {
    spendMetric,
    tenantTagKey:
      config.getOptionalString('tenancy.vending.tenantTagKey') ?? 'tenant',
    configAggregatorName:
      config.getOptionalString('tenancy.compliance.configAggregatorName') ??
      'tenancy-organization',
    baselineStackSetName:
      config.getOptionalString('tenancy.vending.baseline.stackSetName') ??
      'tenant-baseline',
    stackSetCallAs: callAs,
    criticalAlarmCount:
      config.getOptionalNumber('tenancy.health.criticalAlarmCount') ?? 3,
    healthThresholds: readHealthThresholds(config),
    concurrency: config.getOptionalNumber('tenancy.refresh.concurrency') ?? 4,
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
): InsightsSettings['healthThresholds'] {
  const out: InsightsSettings['healthThresholds'] = {};
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
