import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import {
  ACCOUNT_NAME_MAX_LENGTH,
  type Tenant,
  type TenantRelease,
} from '@tenancy/plugin-tenants-common';
import {
  ANNOTATION_TENANT_ACCOUNT_ID,
  TENANT_API_VERSION,
  type TenantEntityV1alpha1,
} from '../kind/TenantEntity';

/** Location the provider's entities are managed by. @public */
export const TENANTS_PROVIDER_LOCATION = 'tenants:aws-organizations';

/**
 * The account tag that holds the tenant's display name (how people call it, e.g. `ACME
 * Manufacturing`): written by `tenancy:account:create` from the New tenant form's Display name,
 * read back from the account by every inventory refresh, shown as the entity's title.
 * @public
 */
export const DISPLAY_NAME_TAG = 'displayName';

/**
 * The Tenant entity of a tenant from the inventory. Its title is the account's
 * {@link DISPLAY_NAME_TAG} tag, else the account name, else the tenant id. Untagged owner and
 * tier fall back to `defaultOwner` and `unassigned`. `spec.release` is the tenant's release
 * when the list carries one (the tenants list's release column).
 * @public
 */
export function tenantToEntity(
  tenant: Tenant & { release?: TenantRelease | null },
  options: { defaultOwner: string },
): TenantEntityV1alpha1 {
  return {
    apiVersion: TENANT_API_VERSION,
    kind: 'Tenant',
    metadata: {
      name: tenant.tenantId,
      title:
        tenant.tags[DISPLAY_NAME_TAG]?.trim() ||
        tenant.accountName ||
        tenant.tenantId,
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
        ? { accountName: tenant.accountName.slice(0, ACCOUNT_NAME_MAX_LENGTH) }
        : {}),
      ouPath: tenant.ouPath,
      state: tenant.state,
      tier: tenant.tier ?? 'unassigned',
      regions: tenant.regions,
      ...(tenant.release
        ? {
            release: {
              version: tenant.release.version,
              status: tenant.release.status,
            },
          }
        : {}),
    },
  };
}
