import type { SourceStale } from './accountLifecycle';

/** Every value of {@link DeploymentStatus}, best first. @public */
export const DEPLOYMENT_STATUSES = [
  'current',
  'behind',
  'suspended',
  'drifted',
  'failed',
] as const;

/**
 * Where a tenant stands with the tenant stack (the `tenancy.releases.stackSetName` StackSet),
 * the worst of its Regions' stack instances (worst first: failed, drifted, suspended, behind,
 * current):
 * - `current`: Status CURRENT and not DRIFTED — runs the StackSet's release version;
 * - `behind`: Status OUTDATED (DetailedStatus PENDING, RUNNING, CANCELLED or none) — an older
 *   release, or the release is still being rolled out to it;
 * - `suspended`: DetailedStatus SKIPPED_SUSPENDED_ACCOUNT — AWS skipped the suspended account;
 * - `drifted`: DriftStatus DRIFTED (the last StackSet drift detection);
 * - `failed`: DetailedStatus FAILED or Status INOPERABLE, with AWS's StatusReason.
 * @public
 */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** The tenants list's release column: the version a tenant runs and its status. @public */
export interface TenantRelease {
  /** The release version the tenant runs; '' when none is known (never deployed successfully). */
  version: string;
  /** Where it stands (see {@link DeploymentStatus}). */
  status: DeploymentStatus;
}

/** One stack instance (account × Region) of the tenant stack. @public */
export interface DeploymentInstance {
  /** The AWS Region of the stack instance, e.g. `us-east-1`. */
  region: string;
  /** `Status` as AWS answers it: CURRENT, OUTDATED, INOPERABLE. */
  awsStatus: string;
  /** `StackInstanceStatus.DetailedStatus` (SUCCEEDED, FAILED, CANCELLED, …); '' when absent. */
  detailedStatus: string;
  /** `DriftStatus`: DRIFTED, IN_SYNC, NOT_CHECKED, UNKNOWN. */
  driftStatus: string;
  /** This instance's {@link DeploymentStatus}. */
  status: DeploymentStatus;
  /** The release version this instance runs; '' when unknown. */
  version: string;
  /** AWS's StatusReason; '' when none. */
  reason: string;
  /** `LastOperationId`; '' when none. */
  lastOperationId: string;
}

/** How one operation ended for a tenant's stack instances (the worst of its Regions). @public */
export type DeploymentResult =
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'SKIPPED'
  | 'RUNNING';

/** One operation that touched a tenant's stack instances, newest first in the history. @public */
export interface DeploymentHistoryEntry {
  /** The release version the operation deployed (the StackSet's version when it was seen). */
  version: string;
  /** When the operation ended, else when it started (ISO-8601 UTC). */
  at: string;
  /** Who started it (entity ref), from the release records; null when not known. */
  by: string | null;
  /** The StackSet operation (`tr-…` a rollout, `rb-…` a rollback). */
  operationId: string;
  /** How the tenant's instances ended (SKIPPED: a suspended account; RUNNING: not ended when read). */
  result: DeploymentResult;
  /** AWS's StatusReason; '' when none. */
  reason: string;
}

/** Answer of `GET /tenants/{tenantId}/deployments`. @public */
export interface TenantDeployments {
  /** The tenant stack StackSet. */
  stackSetName: string;
  /** The StackSet's release version (its version parameter); '' before the first release. */
  latestVersion: string;
  /** null when the tenant has no stack instance (never deployed). */
  release: TenantRelease | null;
  /** One per Region of `tenancy.releases.regions` where the tenant has a stack instance. */
  instances: DeploymentInstance[];
  /** The operations that touched its instances, newest first (at most 50). */
  history: DeploymentHistoryEntry[];
  /** When the source last read AWS for this tenant (ISO-8601 UTC); '' before the first read. */
  collectedAt: string;
  /** Set when the last read failed and these are the values of an earlier one. */
  stale?: SourceStale;
}
