import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import type { Tenant } from '@tenancy/plugin-tenants-common';
import {
  ANNOTATION_TENANT_ACCOUNT_ID,
  TENANT_API_VERSION,
  type TenantEntityV1alpha1,
} from '../kind/TenantEntity';

/** Location the provider's entities are managed by. @public */
export const TENANTS_PROVIDER_LOCATION = 'tenants:aws-organizations';

/**
 * The Tenant entity of a tenant from the inventory. Untagged owner and tier fall back to
 * `defaultOwner` and `unassigned`.
 * @public
 */
export function tenantToEntity(
  tenant: Tenant,
  options: { defaultOwner: string },
): TenantEntityV1alpha1 {
  return {
    apiVersion: TENANT_API_VERSION,
    kind: 'Tenant',
    metadata: {
      name: tenant.tenantId,
      title: tenant.accountName || tenant.tenantId,
      description: `AWS account ${tenant.accountId} in ${tenant.ouPath}`,
      annotations: {
        [ANNOTATION_TENANT_ACCOUNT_ID]: tenant.accountId,
        [ANNOTATION_LOCATION]: TENANTS_PROVIDER_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: TENANTS_PROVIDER_LOCATION,
      },
    },
    spec: {
      owner: tenant.owner ?? options.defaultOwner,
      accountId: tenant.accountId,
      ...(tenant.accountName
        ? { accountName: tenant.accountName.slice(0, 50) }
        : {}),
      ouPath: tenant.ouPath,
      state: tenant.state,
      tier: tenant.tier ?? 'unassigned',
      regions: tenant.regions,
    },
  };
}
