import type { Config } from '@backstage/config';
import { readStackSetCallAs } from '@tenancy/plugin-tenants-node';
import type { ReleaseStore } from './releaseStore';

/**
 * Settings of the tenant-stack rollouts (`tenancy.releases`). Durations are seconds.
 * @public
 */
export interface ReleaseSettings {
  /** The tenant-stack StackSet. Default `tenant-stack`. */
  stackSetName: string;
  /** Regions of its instances. Default `[tenancy.aws.region]`. */
  regions: string[];
  /** StackSet parameter carrying the release version. Default `ReleaseVersion`. */
  versionParameter: string;
  /** Permission model when the StackSet is created by the first release. Default `SERVICE_MANAGED`. */
  permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  /** `CallAs` of the StackSet APIs (`tenancy.aws.stackSetCallAs`). */
  callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** OU of suspended tenants, listed as skipped (`tenancy.releases.suspendedOuPath`). Default `/Suspended`. */
  suspendedOuPath: string;
  /** Deadline of one wave's operation (or its executions). Default 7,200 s. */
  timeoutSeconds: number;
  /** `stackSet` (default), or `pipeline`: one Step Functions execution per tenant. */
  target: 'stackSet' | 'pipeline';
  /** The pipeline's state machine ARN (`tenancy.releases.pipeline.stateMachineArn`); set when target is `pipeline`. */
  stateMachineArn?: string;
}

const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/** What the release actions share: settings and the release store. @public */
export interface ReleaseDeps {
  settings: ReleaseSettings;
  store: ReleaseStore;
}

/**
 * Reads {@link ReleaseSettings} with their defaults.
 * @throws Error naming the key when a value is invalid.
 * @public
 */
export function readReleaseSettings(config: Config): ReleaseSettings {
  const c = config.getOptionalConfig('tenancy.releases');
  const region = config.getOptionalString('tenancy.aws.region') ?? 'us-east-1';
  const permissionModel =
    c?.getOptionalString('permissionModel') ?? 'SERVICE_MANAGED';
  if (
    permissionModel !== 'SERVICE_MANAGED' &&
    permissionModel !== 'SELF_MANAGED'
  )
    throw new Error(
      `tenancy.releases.permissionModel must be SERVICE_MANAGED or SELF_MANAGED, got '${permissionModel}'`,
    );
  const timeoutSeconds = c?.getOptionalNumber('timeoutSeconds') ?? 7200;
  if (!(timeoutSeconds > 0))
    throw new Error(
      `tenancy.releases.timeoutSeconds must be a positive number, got ${timeoutSeconds}`,
    );
  const target = c?.getOptionalString('target') ?? 'stackSet';
  if (target !== 'stackSet' && target !== 'pipeline')
    throw new Error(
      `tenancy.releases.target must be stackSet or pipeline, got '${target}'`,
    );
  const stateMachineArn = c?.getOptionalString('pipeline.stateMachineArn');
  if (
    (target === 'pipeline' || stateMachineArn !== undefined) &&
    !STATE_MACHINE_ARN.test(stateMachineArn ?? '')
  )
    throw new Error(
      `tenancy.releases.pipeline.stateMachineArn must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>) when target is pipeline, got '${
        stateMachineArn ?? ''
      }'`,
    );
  return {
    target,
    stateMachineArn,
    stackSetName: c?.getOptionalString('stackSetName') ?? 'tenant-stack',
    regions: c?.getOptionalStringArray('regions') ?? [region],
    versionParameter:
      c?.getOptionalString('versionParameter') ?? 'ReleaseVersion',
    permissionModel,
    callAs: readStackSetCallAs(config),
    suspendedOuPath: c?.getOptionalString('suspendedOuPath') ?? '/Suspended',
    timeoutSeconds,
  };
}
