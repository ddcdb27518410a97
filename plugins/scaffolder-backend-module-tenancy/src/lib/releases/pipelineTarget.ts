import type { FleetTenant } from './fleet';
import type { PipelineTarget } from './pipelineWave';
import type { ReleaseSettings } from './releaseSettings';
import type { ReleaseStore } from './releaseStore';

/**
 * The pipeline target of a new rollout: the configured state machine and every tenant's
 * account ARN as Organizations lists it, fixed in the rollout so a recovered task sends the
 * same execution input.
 */
export function pipelineTargetOf(
  settings: ReleaseSettings,
  fleet: FleetTenant[],
): PipelineTarget {
  return {
    stateMachineArn: settings.stateMachineArn ?? '',
    accountArns: Object.fromEntries(fleet.map(t => [t.accountId, t.arn ?? ''])),
  };
}

/**
 * What a pipeline rollout returns to on rollback (no StackSet holds a version): the version of
 * the stack's latest completed rollout, else the one the latest rollout started from ('' for
 * the first).
 */
export async function pipelinePreviousVersion(
  store: ReleaseStore,
  stackName: string,
): Promise<string> {
  const last = await store.latestRollout(stackName);
  if (!last) return '';
  return last.status === 'completed' ? last.version : last.previousVersion;
}
