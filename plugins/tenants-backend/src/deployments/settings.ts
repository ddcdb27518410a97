import type { Config } from '@backstage/config';
import {
  readStackSetCallAs,
  type StackSetCallAs,
} from '@tenancy/plugin-tenants-node';
import { readRefreshBatchSize } from '../refresh/batches';

/** Settings of the deployments source: the same `tenancy.releases` keys the release actions read. */
export interface DeploymentsSettings {
  /** `tenancy.releases.stackSetName`, default `tenant-stack`. */
  stackSetName: string;
  /** `tenancy.releases.versionParameter`: the StackSet parameter naming the release, default `ReleaseVersion`. */
  versionParameter: string;
  /** `tenancy.releases.regions`: Regions of the stack instances, default `[tenancy.aws.region]`. */
  regions: string[];
  /** `tenancy.aws.stackSetCallAs`, default `SELF`. */
  callAs: StackSetCallAs;
  /** `tenancy.refresh.batchSize`: tenants built and written together, default 500. */
  batchSize: number;
  /** `tenancy.releases.target`: `stackSet` (default) or `pipeline` (Step Functions executions are read instead). */
  target: 'stackSet' | 'pipeline';
  /** `tenancy.releases.pipeline.stateMachineArn` (the pipeline target's state machine). */
  stateMachineArn?: string;
}

/**
 * Reads {@link DeploymentsSettings}.
 * @throws Error naming the key when `tenancy.aws.stackSetCallAs` is not allowed or
 * `tenancy.releases.regions` is empty.
 */
export function readDeploymentsSettings(config: Config): DeploymentsSettings {
  const c = config.getOptionalConfig('tenancy.releases');
  const region = config.getOptionalString('tenancy.aws.region') ?? 'us-east-1';
  const regions = c?.getOptionalStringArray('regions') ?? [region];
  if (regions.length === 0)
    throw new Error('tenancy.releases.regions must name at least one Region');
  return {
    stackSetName: c?.getOptionalString('stackSetName') ?? 'tenant-stack',
    versionParameter:
      c?.getOptionalString('versionParameter') ?? 'ReleaseVersion',
    regions,
    callAs: readStackSetCallAs(config),
    batchSize: readRefreshBatchSize(config),
    target:
      c?.getOptionalString('target') === 'pipeline' ? 'pipeline' : 'stackSet',
    stateMachineArn: c?.getOptionalString('pipeline.stateMachineArn'),
  };
}
