import type { StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import {
  DEPLOYMENT_STATUSES,
  type DeploymentHistoryEntry,
  type DeploymentInstance,
  type DeploymentResult,
  type DeploymentStatus,
  type TenantDeployments,
} from '@tenancy/plugin-tenants-common';

/** History entries kept per tenant (newest first). */
export const HISTORY_LIMIT = 50;

/** What one StackSet operation looked like in ListStackSetOperations. */
export interface OperationSeen {
  action: string;
  /** EndTimestamp, else CreationTimestamp (ISO-8601 UTC). */
  at: string;
}

/**
 * The {@link DeploymentStatus} of one stack instance: DetailedStatus SKIPPED_SUSPENDED_ACCOUNT →
 * `suspended`; DetailedStatus FAILED or Status INOPERABLE → `failed`; DriftStatus DRIFTED →
 * `drifted`; Status CURRENT → `current`; anything else (OUTDATED with PENDING, RUNNING,
 * CANCELLED or no detail) → `behind`.
 */
export function instanceStatusOf(
  s: Pick<
    StackInstanceSummary,
    'Status' | 'StackInstanceStatus' | 'DriftStatus'
  >,
): DeploymentStatus {
  const detailed = s.StackInstanceStatus?.DetailedStatus;
  if (detailed === 'SKIPPED_SUSPENDED_ACCOUNT') return 'suspended';
  if (detailed === 'FAILED' || s.Status === 'INOPERABLE') return 'failed';
  if (s.DriftStatus === 'DRIFTED') return 'drifted';
  if (s.Status === 'CURRENT') return 'current';
  return 'behind';
}

const rank = (s: DeploymentStatus) => DEPLOYMENT_STATUSES.indexOf(s);

/**
 * A tenant's release: its worst instance (failed > drifted > suspended > behind > current) with
 * that instance's version; null without instances.
 */
export function releaseOf(
  instances: DeploymentInstance[],
): TenantDeployments['release'] {
  const worst = instances.reduce<DeploymentInstance | undefined>(
    (w, i) => (!w || rank(i.status) > rank(w.status) ? i : w),
    undefined,
  );
  return worst ? { version: worst.version, status: worst.status } : null;
}

/** The result a history entry records for an instance's DetailedStatus. */
function resultOf(detailed: string): DeploymentResult {
  if (detailed === 'SKIPPED_SUSPENDED_ACCOUNT') return 'SKIPPED';
  if (detailed === 'PENDING' || detailed === 'RUNNING') return 'RUNNING';
  if (detailed === 'FAILED' || detailed === 'CANCELLED') return detailed;
  return 'SUCCEEDED';
}

/** Results from best to worst: the worst Region's is the operation's. */
const RESULT_RANK: DeploymentResult[] = [
  'SUCCEEDED',
  'SKIPPED',
  'RUNNING',
  'CANCELLED',
  'FAILED',
];

/**
 * One tenant's deployments from its stack instances (every configured Region) and what was
 * stored the last time:
 * - an instance CURRENT (or DRIFTED while CURRENT) runs `latestVersion`, the StackSet's version
 *   parameter; any other keeps the version stored for its Region (AWS does not say which
 *   template an OUTDATED instance runs), '' when never seen current;
 * - the tenant's release is the worst instance (failed > drifted > suspended > behind >
 *   current) with its version; null without instances;
 * - each operation newly seen as an instance's LastOperationId adds one history entry (version
 *   `latestVersion`, the worst result of its Regions, AWS's reason); a RUNNING entry is
 *   replaced when the same operation is seen again. DETECT_DRIFT operations are not releases
 *   and add none. At most {@link HISTORY_LIMIT} entries, newest first.
 */
export function deploymentsOf(input: {
  stackSetName: string;
  latestVersion: string;
  instances: StackInstanceSummary[];
  previous?: TenantDeployments;
  operations: Map<string, OperationSeen>;
  /** Entity ref of who started each operation, when the release records know it (also fills older entries without one). */
  startedBy?: (operationId: string) => string | undefined;
  now: Date;
}): TenantDeployments {
  const before = new Map(
    (input.previous?.instances ?? []).map(i => [i.region, i]),
  );
  const instances: DeploymentInstance[] = input.instances
    .map(s => {
      const status = instanceStatusOf(s);
      const region = s.Region ?? '';
      const current = s.Status === 'CURRENT';
      return {
        region,
        awsStatus: s.Status ?? '',
        detailedStatus: s.StackInstanceStatus?.DetailedStatus ?? '',
        driftStatus: s.DriftStatus ?? 'NOT_CHECKED',
        status,
        version: current
          ? input.latestVersion
          : before.get(region)?.version ?? '',
        reason: s.StatusReason ?? '',
        lastOperationId: s.LastOperationId ?? '',
      };
    })
    .sort((a, b) => a.region.localeCompare(b.region));
  return {
    stackSetName: input.stackSetName,
    latestVersion: input.latestVersion,
    release: releaseOf(instances),
    instances,
    history: historyOf(input, instances),
    collectedAt: input.now.toISOString(),
  };
}

function historyOf(
  input: Parameters<typeof deploymentsOf>[0],
  instances: DeploymentInstance[],
): DeploymentHistoryEntry[] {
  const previous = input.previous?.history ?? [];
  const known = new Map(previous.map(h => [h.operationId, h]));
  const fresh = new Map<string, DeploymentHistoryEntry>();
  for (const i of instances) {
    const id = i.lastOperationId;
    const op = id ? input.operations.get(id) : undefined;
    if (!id || op?.action === 'DETECT_DRIFT') continue;
    const seen = known.get(id);
    if (seen && seen.result !== 'RUNNING') continue;
    const result = resultOf(i.detailedStatus);
    const other = fresh.get(id);
    if (
      other &&
      RESULT_RANK.indexOf(other.result) >= RESULT_RANK.indexOf(result)
    )
      continue;
    fresh.set(id, {
      version: seen?.version ?? input.latestVersion,
      at: op?.at ?? input.now.toISOString(),
      by: input.startedBy?.(id) ?? seen?.by ?? null,
      operationId: id,
      result,
      reason: i.reason,
    });
  }
  // An entry seen before its start was recorded learns who started it later.
  const kept = previous
    .filter(h => !fresh.has(h.operationId))
    .map(h =>
      h.by ? h : { ...h, by: input.startedBy?.(h.operationId) ?? null },
    );
  return [...fresh.values()]
    .sort((a, b) => b.at.localeCompare(a.at))
    .concat(kept)
    .slice(0, HISTORY_LIMIT);
}
