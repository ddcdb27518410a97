import type { Config } from '@backstage/config';
import {
  readAwsRegions,
  readBaselineStackSetName,
  readRefreshConcurrency,
  readStackSetCallAs,
  type StackSetCallAs,
} from '@tenancy/plugin-tenants-node';
import { readRefreshBatchSize } from '../refresh/batches';

/** Settings of the compliance source. */
export interface ComplianceSettings {
  /** `tenancy.compliance.configAggregatorName`, default `tenancy-organization`. */
  configAggregatorName: string;
  /** `tenancy.vending.baseline.stackSetName`, default `tenant-baseline`. */
  baselineStackSetName: string;
  /** `tenancy.aws.stackSetCallAs`, default `SELF`. */
  stackSetCallAs: StackSetCallAs;
  /** `tenancy.refresh.concurrency`: AWS calls in flight per collector, default 4. */
  concurrency: number;
  /** `tenancy.refresh.batchSize`: tenants built and written together, default 500. */
  batchSize: number;
  /** `tenancy.aws.regions`: GuardDuty is read in each, default `[tenancy.aws.region]`. */
  regions: string[];
}

/**
 * Reads {@link ComplianceSettings}.
 * @throws Error naming the key when `tenancy.aws.stackSetCallAs` or `tenancy.aws.regions` is not allowed.
 */
export function readComplianceSettings(config: Config): ComplianceSettings {
  return {
    configAggregatorName:
      config.getOptionalString('tenancy.compliance.configAggregatorName') ??
      'tenancy-organization',
    baselineStackSetName: readBaselineStackSetName(config),
    stackSetCallAs: readStackSetCallAs(config),
    concurrency: readRefreshConcurrency(config),
    regions: readAwsRegions(config),
    batchSize: readRefreshBatchSize(config),
  };
}
