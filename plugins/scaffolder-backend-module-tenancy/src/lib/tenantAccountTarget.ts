import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ConflictError, InputError } from '@backstage/errors';
import { sameTenantId } from '@tenancy/plugin-tenants-common';
import { accountLocation } from './accountLocation';
import { accountTags } from './organizations';

/** Whose account a vending step is about to change, and where tenants live. */
export interface TenantAccountTarget {
  accountId: string;
  /** The tenant the step runs for, when it knows it. */
  tenantId?: string;
  /** Tag key carrying the tenant id, e.g. `tenant`. */
  tagKey: string;
  /** Root of the tenants OU tree, e.g. `/Tenants`. */
  tenantsOuPath: string;
  /** The action, e.g. `tenancy:account:move`. */
  action: string;
}

/**
 * Checks, read-only and before the step's first write, that the account it was given is a
 * tenant's, with the same rules `tenancy:account:create` adopts by: an account tagged for
 * another tenant (tenant ids compared case-insensitively) is refused (rule `account.oneTenant`);
 * one with no tenant tag outside the root and the tenants OU tree — a log archive in
 * `/Security`, shared services in `/Infrastructure` — is not a tenant (rule
 * `account.notTenant`, naming its OU). Central accounts are refused before, by
 * `assertTenantAccountId`, with no AWS call.
 * Calls ListTagsForResource, and for an untagged account ListParents, ListRoots,
 * ListOrganizationalUnitsForParent and DescribeOrganizationalUnit.
 * @throws ConflictError, InputError naming the rule.
 */
export async function assertTenantAccountTarget(
  org: OrganizationsClient,
  t: TenantAccountTarget,
): Promise<void> {
  const tag =
    (await accountTags(org, t.accountId)).find(x => x.Key === t.tagKey)
      ?.Value || undefined;
  if (tag !== undefined) {
    if (t.tenantId !== undefined && !sameTenantId(tag, t.tenantId)) {
      throw new ConflictError(
        `Account ${t.accountId} belongs to tenant ${tag} (tag ${t.tagKey}=${tag}); ${t.action} for tenant ${t.tenantId} refuses it, an account belongs to at most one tenant (rule account.oneTenant)`,
      );
    }
    return;
  }
  const where = await accountLocation(org, t.accountId, t.tenantsOuPath);
  if (where.kind === 'elsewhere') {
    throw new InputError(
      `Account ${t.accountId} is in OU ${where.path} (${where.parentId}), outside the root and the tenants OU tree ${t.tenantsOuPath}, with no ${t.tagKey} tag: it is not a tenant account, so ${t.action} refuses it (rule account.notTenant)`,
    );
  }
}
