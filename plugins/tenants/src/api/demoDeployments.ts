import type {
  TenantDeployments,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';

/**
 * The demo's tenant stack deployments of one tenant: its release, one us-east-1 instance and the
 * last operation (a failed release carries AWS's StatusReason), as of `now`.
 */
export function demoDeployments(
  tenant: TenantSummary,
  now: Date,
): TenantDeployments {
  const { release } = tenant;
  const at = (days: number) =>
    new Date(now.getTime() - days * 86400000).toISOString();
  const failed = release?.status === 'failed';
  const reason = failed
    ? 'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.'
    : '';
  return {
    stackSetName: 'tenant-stack',
    latestVersion: '2.0.0',
    release,
    instances: release
      ? [
          {
            region: 'us-east-1',
            awsStatus: release.status === 'current' ? 'CURRENT' : 'OUTDATED',
            detailedStatus: failed ? 'FAILED' : 'SUCCEEDED',
            driftStatus: 'NOT_CHECKED',
            status: release.status,
            version: release.version,
            reason,
            lastOperationId: 'tr-2-0-0-demo-w2-a0-u',
          },
        ]
      : [],
    history: release
      ? [
          {
            version: '2.0.0',
            at: at(1),
            by: 'user:default/guest',
            operationId: 'tr-2-0-0-demo-w2-a0-u',
            result: failed ? 'FAILED' : 'SUCCEEDED',
            reason,
          },
        ]
      : [],
    collectedAt: at(0),
  };
}
