import {
  Account,
  CreateAccountStatus,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { InputError } from '@backstage/errors';
import { collectAll, toBackstageError } from '@tenancy/plugin-tenants-node';

/** Runs an AWS call, mapping its error to a Backstage error naming the operation. */
export async function aws<T>(
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toBackstageError(e, operation);
  }
}

/** True for an OU or root id (`ou-…`, `r-…`) rather than a path. */
export function isOuId(value: string): boolean {
  return /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(value);
}

/**
 * Resolves an OU path such as `/Tenants/premium` to its id by walking from the root
 * (ListRoots, then ListOrganizationalUnitsForParent per level, every page).
 * @throws InputError naming the first missing level.
 */
export async function resolveOuPath(
  org: OrganizationsClient,
  ouPath: string,
): Promise<string> {
  const roots = await aws('Organizations.ListRoots', () =>
    collectAll(
      t => org.send(new ListRootsCommand({ NextToken: t })),
      p => p.Roots,
      p => p.NextToken,
    ),
  );
  if (!roots[0]?.Id) throw new Error('Organizations answered no root');
  let parentId = roots[0].Id;
  const walked: string[] = [];
  for (const name of ouPath.split('/').filter(Boolean)) {
    const ParentId = parentId;
    const children = await aws(
      'Organizations.ListOrganizationalUnitsForParent',
      () =>
        collectAll(
          t =>
            org.send(
              new ListOrganizationalUnitsForParentCommand({
                ParentId,
                NextToken: t,
              }),
            ),
          p => p.OrganizationalUnits,
          p => p.NextToken,
        ),
    );
    walked.push(name);
    const child = children.find(c => c.Name === name);
    if (!child?.Id) {
      throw new InputError(
        `OrganizationalUnit /${walked.join(
          '/',
        )} does not exist (looking for ${ouPath}); create it in AWS Organizations or choose another tier`,
      );
    }
    parentId = child.Id;
  }
  return parentId;
}

/** The account's current parent (ListParents; never from saved state, CASES V5). */
export async function currentParent(
  org: OrganizationsClient,
  accountId: string,
): Promise<string> {
  const res = await aws('Organizations.ListParents', () =>
    org.send(new ListParentsCommand({ ChildId: accountId })),
  );
  const id = res.Parents?.[0]?.Id;
  if (!id)
    throw new Error(
      `Organizations answered no parent for account ${accountId}`,
    );
  return id;
}

/**
 * Finds the tenant's account if it exists (CASES V4): the account whose email equals `email`
 * case-insensitively, else an account named `accountName` carrying the tenant tag.
 * ListAccounts (every page), ListTagsForResource only for same-name candidates.
 */
export async function findTenantAccount(
  org: OrganizationsClient,
  q: { email: string; accountName: string; tenantId: string; tagKey: string },
): Promise<Account | undefined> {
  const accounts = await aws('Organizations.ListAccounts', () =>
    collectAll(
      t => org.send(new ListAccountsCommand({ NextToken: t })),
      p => p.Accounts,
      p => p.NextToken,
    ),
  );
  const email = q.email.toLowerCase();
  const byEmail = accounts.find(a => a.Email?.toLowerCase() === email);
  if (byEmail) return byEmail;
  for (const a of accounts.filter(x => x.Name === q.accountName && x.Id)) {
    const tags = await aws('Organizations.ListTagsForResource', () =>
      collectAll(
        t =>
          org.send(
            new ListTagsForResourceCommand({ ResourceId: a.Id, NextToken: t }),
          ),
        p => p.Tags,
        p => p.NextToken,
      ),
    );
    if (tags.some(t => t.Key === q.tagKey && t.Value === q.tenantId)) return a;
  }
  return undefined;
}

/** An IN_PROGRESS CreateAccount request for `accountName` (ListCreateAccountStatus, every page). */
export async function findInFlightRequest(
  org: OrganizationsClient,
  accountName: string,
): Promise<CreateAccountStatus | undefined> {
  const statuses = await aws('Organizations.ListCreateAccountStatus', () =>
    collectAll(
      t =>
        org.send(
          new ListCreateAccountStatusCommand({
            States: ['IN_PROGRESS'],
            NextToken: t,
          }),
        ),
      p => p.CreateAccountStatuses,
      p => p.NextToken,
    ),
  );
  return statuses.find(s => s.AccountName === accountName && s.Id);
}
