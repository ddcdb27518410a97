import type { DeploymentInstance } from '@tenancy/plugin-tenants-common';
import type { StackInstanceEvent } from '../events/eventModel';
import type { TenantEventHandler } from '../events/types';
import type { TenantsStore } from '../inventory/store/types';
import { instanceStatusOf, releaseOf } from './deploymentModel';
import type { DeploymentsStore } from './DeploymentsStore';

/**
 * The instance an event leaves, from the one stored for its Region: AWS's status, detailed
 * status and reason from the event, the drift status kept (the event does not carry it), and the
 * version — the StackSet's `latestVersion` when the instance is CURRENT after a CREATE or UPDATE
 * (the operation deployed it), else the version stored for the Region (AWS does not say which
 * template an OUTDATED instance runs). Undefined when a DELETE succeeded (the instance is gone).
 */
export function instanceAfter(
  e: StackInstanceEvent,
  before: DeploymentInstance | undefined,
  latestVersion: string,
): DeploymentInstance | undefined {
  if (e.action === 'DELETE' && e.detailedStatus === 'SUCCEEDED') {
    return undefined;
  }
  const driftStatus = before?.driftStatus ?? 'NOT_CHECKED';
  const current = e.status === 'CURRENT';
  return {
    region: e.instanceRegion,
    awsStatus: e.status,
    detailedStatus: e.detailedStatus ?? '',
    driftStatus,
    status: instanceStatusOf({
      Status: e.status as any,
      StackInstanceStatus: { DetailedStatus: e.detailedStatus as any },
      DriftStatus: driftStatus as any,
    }),
    version: current ? latestVersion : before?.version ?? '',
    reason: e.reason ?? '',
    lastOperationId: before?.lastOperationId ?? '',
  };
}

/**
 * Applies the tenant stack's `CloudFormation StackSet StackInstance Status Change` to the
 * tenant's stored deployments: exactly the instance of the event's Region (see
 * {@link instanceAfter}) and the tenant's release (its worst instance), also in the tenants list.
 * The version a CURRENT instance runs is the StackSet's version parameter (DescribeStackSet
 * through `latestVersion`; a read made after the event happened is reused, so a burst of events
 * costs one call, and a read older than the event is never trusted); the history is left to the refresh
 * (the event names no operation). Another StackSet's event, or a tenant never read by the
 * deployments refresh, is `not-applicable`; an event older than the stored snapshot is `older`.
 * Instances of different Regions are ordered apart (mark `deployment:<region>`).
 */
export function createDeploymentsEventHandler(deps: {
  store: () => Promise<DeploymentsStore>;
  tenants: TenantsStore;
  stackSetName: string;
  /** The StackSet's version parameter now; undefined → the stored `latestVersion`. */
  latestVersion?: () => Promise<string>;
  now?: () => number;
}): TenantEventHandler<StackInstanceEvent> {
  let cached: { at: number; version: Promise<string> } | undefined;
  const now = deps.now ?? Date.now;
  /** The StackSet's version now; undefined without `latestVersion` (the stored one is kept). */
  const versionAt = (eventTime: string) => {
    if (!deps.latestVersion) return Promise.resolve(undefined);
    if (!cached || cached.at < Date.parse(eventTime)) {
      cached = { at: now(), version: deps.latestVersion() };
      cached.version.catch(() => (cached = undefined));
    }
    return cached.version;
  };
  return {
    kinds: ['stackInstance'],
    marks: e => [`deployment:${e.instanceRegion}`],
    async apply(e, tenant) {
      if (e.stackSetName !== deps.stackSetName) return 'not-applicable';
      const store = await deps.store();
      const seen = await store.getDeployments(tenant.tenantId);
      if (!seen) return 'not-applicable';
      if (Date.parse(seen.collectedAt) > Date.parse(e.time)) return 'older';
      // Read before the row is locked: an AWS call never holds the lock.
      const version =
        e.status === 'CURRENT' ? await versionAt(e.time) : undefined;
      const { tenantId, accountId } = tenant;
      // Read, changed and written with the row locked, the tenants list's release in the same
      // transaction: another replica's event of another Region of this tenant waits, then reads
      // this one's instance (both land).
      return store.batches.changeEvents(
        [tenantId],
        stored => {
          const before = stored.get(tenantId);
          if (!before) return { next: [], result: 'not-applicable' as const };
          if (Date.parse(before.collectedAt) > Date.parse(e.time))
            return { next: [], result: 'older' as const };
          const latestVersion = version ?? before.latestVersion;
          const instance = before.instances.find(
            i => i.region === e.instanceRegion,
          );
          const after = instanceAfter(e, instance, latestVersion);
          const instances = [
            ...before.instances.filter(i => i.region !== e.instanceRegion),
            ...(after ? [after] : []),
          ].sort((a, b) => a.region.localeCompare(b.region));
          const value = {
            ...before,
            latestVersion,
            instances,
            release: releaseOf(instances),
          };
          return {
            next: [{ tenantId, accountId, value, eventTime: e.time }],
            result: 'applied' as const,
          };
        },
        (tx, next) =>
          deps.tenants.updateTenantSummaries(
            next.map(n => ({ tenantId: n.tenantId, release: n.value.release })),
            undefined,
            tx,
          ),
      );
    },
  };
}
