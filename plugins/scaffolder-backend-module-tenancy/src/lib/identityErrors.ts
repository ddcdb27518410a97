import type { Account } from '@aws-sdk/client-organizations';
import { ConflictError, InputError } from '@backstage/errors';
import type { AccountLocation } from './accountLocation';

/** What the identity messages name: the request, never another tenant's email. */
export interface IdentityRequest {
  /** The email the request gave (the caller's own input). */
  email: string;
  tenantId: string;
  /** Tag key carrying the tenant id, e.g. `tenant`. */
  tagKey: string;
  /** Root of the tenants OU tree, e.g. `/Tenants`. */
  tenantsOuPath: string;
  /** The action, e.g. `tenancy:account:create`. */
  action: string;
}

/** An account tagged for a tenant: the account and its tag value as written. */
export interface TaggedAccount {
  account: Account;
  tag: string;
}

/**
 * The account found by the request's email carries another tenant's tag (rule
 * `account.oneTenant`): names that tenant and the account id, never its email.
 */
export function otherTenantError(
  q: IdentityRequest,
  found: TaggedAccount,
): ConflictError {
  const { tag } = found;
  return new ConflictError(
    `Email ${q.email} belongs to account ${found.account.Id} of tenant ${tag} (tag ${q.tagKey}=${tag}); tenant ${q.tenantId} cannot adopt it, an account belongs to at most one tenant. Give tenant ${q.tenantId} its own email, or vend tenant ${tag} instead (rule account.oneTenant)`,
  );
}

/**
 * The account found by the request's email is tagged for this tenant in other letter case
 * (e.g. `tenant=ACME` set by hand, request `acme`): tenant ids compare case-insensitively, so it
 * is this tenant's account, but adopting it would re-tag it (rule `tenant.idCase`).
 */
export function tenantIdCaseError(
  q: IdentityRequest,
  found: TaggedAccount,
): ConflictError {
  return new ConflictError(
    `Email ${q.email} belongs to account ${found.account.Id}, tagged ${q.tagKey}=${found.tag}: tenant ${q.tenantId} in other letter case (tenant ids compare case-insensitively, as catalog entity names do). Vend it as tenant ${found.tag}, or correct the tag to ${q.tagKey}=${q.tenantId} in AWS Organizations first (rule tenant.idCase)`,
  );
}

/**
 * The tenant (compared case-insensitively) already has an account other than the one the
 * request's email names, or the email names none (rule `tenant.oneAccount`): names the account
 * ids and their tags, never their emails.
 */
export function tenantHasAccountError(
  q: IdentityRequest,
  existing: TaggedAccount[],
): ConflictError {
  const list = existing
    .map(e => {
      const state = e.account.State ?? e.account.Status;
      const note = state && state !== 'ACTIVE' ? `, ${state}` : '';
      return `${e.account.Id} (tag ${q.tagKey}=${e.tag}${note})`;
    })
    .join(', ');
  const cased = existing.some(e => e.tag !== q.tenantId)
    ? '; tenant ids compare case-insensitively, as catalog entity names do'
    : '';
  const s = existing.length > 1 ? 's' : '';
  return new ConflictError(
    `Tenant ${q.tenantId} already has account${s} ${list}${cased}; a tenant has exactly one account, so ${q.action} creates or adopts no other for email ${q.email}. Run it with that account's email to adopt it, or choose another tenant id (rule tenant.oneAccount)`,
  );
}

/**
 * The account found by email carries no tenant tag and sits outside the root and the tenants
 * OU tree (e.g. a log-archive account in `/Security`): not a tenant, never adopted (rule
 * `account.notTenant`). Names the account's OU and the rule.
 */
export function notTenantError(
  q: IdentityRequest,
  accountId: string,
  where: AccountLocation,
): InputError {
  return new InputError(
    `Email ${q.email} belongs to account ${accountId} in OU ${where.path} (${where.parentId}), outside the root and the tenants OU tree ${q.tenantsOuPath}, with no ${q.tagKey} tag: it is not a tenant account, so ${q.action} will not adopt it. Give tenant ${q.tenantId} its own email (rule account.notTenant)`,
  );
}
