import { usePermission } from '@backstage/plugin-permission-react';
import {
  tenantComplianceReadPermission,
  tenantDeploymentsReadPermission,
  tenantHealthReadPermission,
  tenantSpendReadPermission,
} from '@tenancy/plugin-tenants-common';
import { useTenantId } from './useTenantId';

/**
 * Which permission-guarded Tenant entity page contents the signed-in user may see, for the
 * tenant on the page.
 * @public
 */
export interface TenantContentAccess {
  /** True until every decision below has been answered by the permission backend. */
  loading: boolean;
  /** Health tab: `tenants.health.read` on this tenant. */
  health: boolean;
  /** Guardrails tab: `tenants.compliance.read` on this tenant. */
  guardrails: boolean;
  /** Spend tab: `tenants.spend.read` on this tenant. */
  spend: boolean;
  /** Deployments tab: `tenants.deployments.read` on this tenant. */
  deployments: boolean;
}

/**
 * The permission decisions behind the Tenant entity page tabs (the tenant is the entity on the
 * page, its `metadata.name` the resource ref), so an app can leave out a tab its user may not
 * open instead of showing one that only says "no permission". A decision the permission
 * backend could not give counts as denied. Use it inside an `EntityProvider` of a Tenant.
 * @public
 */
export function useTenantContentAccess(): TenantContentAccess {
  const resourceRef = useTenantId();
  const health = usePermission({
    permission: tenantHealthReadPermission,
    resourceRef,
  });
  const guardrails = usePermission({
    permission: tenantComplianceReadPermission,
    resourceRef,
  });
  const spend = usePermission({
    permission: tenantSpendReadPermission,
    resourceRef,
  });
  const deployments = usePermission({
    permission: tenantDeploymentsReadPermission,
    resourceRef,
  });
  return {
    loading:
      health.loading ||
      guardrails.loading ||
      spend.loading ||
      deployments.loading,
    health: health.allowed,
    guardrails: guardrails.allowed,
    spend: spend.allowed,
    deployments: deployments.allowed,
  };
}
