import {
  Account,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { sameAccountEmail, sameTenantId } from '@tenancy/plugin-tenants-common';
import { type CentralAccount, collectAll } from '@tenancy/plugin-tenants-node';
import { accountLocation } from './accountLocation';
import { centralAccountError, centralAccountOf } from './centralAccounts';
import {
  type IdentityRequest,
  notTenantError,
  otherTenantError,
  type TaggedAccount,
  tenantHasAccountError,
  tenantIdCaseError,
} from './identityErrors';
import { accountTags, aws } from './organizations';

/** What the vending looks up for a tenant. */
export interface TenantAccountQuery extends IdentityRequest {
  /** The tenant's account email (compared case-insensitively, as AWS does). */
  email: string;
  /** The AWS account name the vending would give the account. */
  accountName: string;
  /** The organization's central accounts: never adopted. */
  central: readonly CentralAccount[];
}

/** Parallel ListTagsForResource calls of the tenant-tag scan. */
const TAG_READS_IN_PARALLEL = 4;

async function tenantTagOf(
  org: OrganizationsClient,
  accountId: string,
  tagKey: string,
): Promise<string | undefined> {
  const tags = await accountTags(org, accountId);
  return tags.find(t => t.Key === tagKey)?.Value || undefined;
}

/**
 * The accounts whose tenant tag names `q.tenantId` in any letter case (tags written by the
 * vending or by hand): ListTagsForResource for every account, {@link TAG_READS_IN_PARALLEL} at a
 * time, in ListAccounts order.
 */
async function accountsTaggedFor(
  org: OrganizationsClient,
  accounts: Account[],
  q: TenantAccountQuery,
): Promise<TaggedAccount[]> {
  const tags: Array<string | undefined> = new Array(accounts.length);
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const i = next++;
      tags[i] = await tenantTagOf(org, accounts[i].Id!, q.tagKey);
    }
  };
  await Promise.all(
    Array.from({ length: TAG_READS_IN_PARALLEL }, () => worker()),
  );
  return accounts.flatMap((account, i) => {
    const tag = tags[i];
    return tag !== undefined && sameTenantId(tag, q.tenantId)
      ? [{ account, tag }]
      : [];
  });
}

/**
 * Refuses the organization's management account as AWS names it (DescribeOrganization
 * `MasterAccountId`), so it is never adopted even when `tenancy.aws.managementAccountId` is not
 * configured.
 */
async function assertNotManagementAccount(
  org: OrganizationsClient,
  account: Account,
  action: string,
): Promise<void> {
  const res = await aws('Organizations.DescribeOrganization', () =>
    org.send(new DescribeOrganizationCommand({})),
  );
  if (res?.Organization?.MasterAccountId === account.Id) {
    throw centralAccountError(
      {
        accountId: account.Id!,
        role: 'management',
        configKey: 'DescribeOrganization MasterAccountId',
      },
      action,
    );
  }
}

/**
 * Finds the account a tenant may adopt, enforcing the identity invariants before any write
 * (ListAccounts, ListTagsForResource, ListParents, ListOrganizationalUnitsForParent,
 * DescribeOrganizationalUnit, DescribeOrganization; no writes):
 *
 * - a central account (management, monitoring, security, StackSet admin) is never adopted,
 *   whichever way it was found (InputError naming its role, rule `account.central`); nor is the
 *   management account DescribeOrganization names, configured or not;
 * - the account whose email equals `q.email` case-insensitively (every ListAccounts page) is
 *   adopted when it carries this tenant's tag as spelled; one tagged for another tenant never
 *   (rule `account.oneTenant`, naming that tenant and the account id, never its email); one
 *   tagged for this tenant in other letter case is not re-tagged (rule `tenant.idCase`);
 * - one with no tenant tag (a partial vend) is adopted only when it sits at the root or in the
 *   tenants OU tree — anywhere else (e.g. a log-archive account in `/Security`) it is not a
 *   tenant (rule `account.notTenant`, naming its OU) — and only when no other account is tagged
 *   for this tenant;
 * - otherwise, an account tagged for this tenant in any letter case (tenant ids compare
 *   case-insensitively) means the tenant already has its account: when it is the only one, tagged
 *   exactly as `q.tenantId` and no other account has the request's email, it is adopted (CASES V4:
 *   found by its tenant tag, e.g. with the saved state lost or another email given; its own
 *   email stays); else no second one is created or adopted (rule `tenant.oneAccount`, or
 *   `tenant.idCase` for a tag in other letter case, naming the account ids). Central accounts
 *   are left out of this scan: they are never a tenant's, whatever their tags say.
 *
 * @returns the account to adopt, or undefined when the tenant has none yet (CreateAccount).
 * @throws ConflictError (rules `account.oneTenant`, `tenant.idCase`, `tenant.oneAccount`),
 *   InputError (rules `account.central`, `account.notTenant`).
 */
export async function findTenantAccount(
  org: OrganizationsClient,
  q: TenantAccountQuery,
): Promise<Account | undefined> {
  const accounts = (
    await aws('Organizations.ListAccounts', () =>
      collectAll(
        t => org.send(new ListAccountsCommand({ NextToken: t })),
        p => p.Accounts,
        p => p.NextToken,
      ),
    )
  ).filter(a => a.Id);
  const byEmail = accounts.find(
    a => a.Email && sameAccountEmail(a.Email, q.email),
  );
  if (byEmail) {
    const central = centralAccountOf(byEmail.Id!, q.central);
    if (central) throw centralAccountError(central, q.action);
    const tag = await tenantTagOf(org, byEmail.Id!, q.tagKey);
    if (tag !== undefined) {
      const found = { account: byEmail, tag };
      if (!sameTenantId(tag, q.tenantId)) throw otherTenantError(q, found);
      if (tag !== q.tenantId) throw tenantIdCaseError(q, found);
      await assertNotManagementAccount(org, byEmail, q.action);
      return byEmail;
    }
    const where = await accountLocation(org, byEmail.Id!, q.tenantsOuPath);
    if (where.kind === 'elsewhere') {
      throw notTenantError(q, byEmail.Id!, where);
    }
  }
  // Central accounts are never a tenant's account, whatever their tags say: not read.
  const tagged = await accountsTaggedFor(
    org,
    accounts.filter(a => a !== byEmail && !centralAccountOf(a.Id!, q.central)),
    q,
  );
  if (tagged.length > 0) {
    // V4: with the saved state lost (or another email given), the tenant's one account is found
    // by its tag and adopted — never a second one. Two candidates, or a tag in other letter case,
    // are refused.
    const [only] = tagged;
    if (!byEmail && tagged.length === 1 && only.tag === q.tenantId) {
      await assertNotManagementAccount(org, only.account, q.action);
      return only.account;
    }
    throw tenantHasAccountError(q, tagged);
  }
  if (byEmail) await assertNotManagementAccount(org, byEmail, q.action);
  return byEmail;
}
