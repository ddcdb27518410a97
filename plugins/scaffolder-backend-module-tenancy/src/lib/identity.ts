import {
  Account,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ConflictError } from '@backstage/errors';
import { sameAccountEmail } from '@tenancy/plugin-tenants-common';
import { type CentralAccount, collectAll } from '@tenancy/plugin-tenants-node';
import { centralAccountError, centralAccountOf } from './centralAccounts';
import { accountTags, aws } from './organizations';

/** What the vending looks up for a tenant. */
export interface TenantAccountQuery {
  /** The tenant's account email (compared case-insensitively, as AWS does). */
  email: string;
  /** The AWS account name the vending would give the account. */
  accountName: string;
  tenantId: string;
  /** Tag key carrying the tenant id, e.g. `tenant`. */
  tagKey: string;
  /** The organization's central accounts: never adopted. */
  central: readonly CentralAccount[];
  /** The action, for messages, e.g. `tenancy:account:create`. */
  action: string;
}

async function tenantTagOf(
  org: OrganizationsClient,
  accountId: string,
  tagKey: string,
): Promise<string | undefined> {
  const tags = await accountTags(org, accountId);
  return tags.find(t => t.Key === tagKey)?.Value || undefined;
}

function otherTenantError(
  q: TenantAccountQuery,
  account: Account,
  owner: string,
  how: string,
): ConflictError {
  return new ConflictError(
    `${how} account ${account.Id} of tenant ${owner} (tag ${q.tagKey}=${owner}); tenant ${q.tenantId} cannot adopt it, an account belongs to at most one tenant. Give tenant ${q.tenantId} its own email, or vend tenant ${owner} instead (rule account.oneTenant)`,
  );
}

/**
 * Finds the account a tenant may adopt, enforcing the identity invariants before any write:
 *
 * - the account whose email equals `q.email` case-insensitively (ListAccounts, every page) is
 *   adopted when it carries no tenant tag (a partial vend) or this tenant's tag; one tagged for
 *   another tenant is never adopted (ConflictError naming that tenant and the account id);
 * - else an account named `q.accountName` (case-insensitively) that carries this tenant's tag;
 *   one whose tag differs from the tenant id only in letter case is another tenant with the
 *   same catalog name (ConflictError);
 * - a central account (management, monitoring, security, StackSet admin) is never adopted,
 *   whichever way it was found (InputError naming its role).
 *
 * Calls ListAccounts and ListTagsForResource only (no writes).
 * @returns the account to adopt, or undefined when the tenant has none yet.
 * @throws ConflictError (rule `account.oneTenant`), InputError (rule `account.central`).
 */
export async function findTenantAccount(
  org: OrganizationsClient,
  q: TenantAccountQuery,
): Promise<Account | undefined> {
  const accounts = await aws('Organizations.ListAccounts', () =>
    collectAll(
      t => org.send(new ListAccountsCommand({ NextToken: t })),
      p => p.Accounts,
      p => p.NextToken,
    ),
  );
  const byEmail = accounts.find(
    a => a.Id && a.Email && sameAccountEmail(a.Email, q.email),
  );
  if (byEmail?.Id) {
    const central = centralAccountOf(byEmail.Id, q.central);
    if (central) throw centralAccountError(central, q.action);
    const owner = await tenantTagOf(org, byEmail.Id, q.tagKey);
    if (owner !== undefined && owner !== q.tenantId) {
      throw otherTenantError(q, byEmail, owner, `Email ${q.email} belongs to`);
    }
    return byEmail;
  }
  const name = q.accountName.toLowerCase();
  for (const a of accounts.filter(
    x => x.Id && x.Name?.toLowerCase() === name,
  )) {
    const owner = await tenantTagOf(org, a.Id!, q.tagKey);
    if (owner === undefined) continue;
    if (owner.toLowerCase() !== q.tenantId.toLowerCase()) continue;
    const central = centralAccountOf(a.Id!, q.central);
    if (central) throw centralAccountError(central, q.action);
    if (owner !== q.tenantId) {
      throw otherTenantError(
        q,
        a,
        owner,
        `Tenant id ${q.tenantId} differs only in letter case from`,
      );
    }
    return a;
  }
  return undefined;
}
