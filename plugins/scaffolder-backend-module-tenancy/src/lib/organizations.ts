import {
  CreateAccountStatus,
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  Tag,
} from '@aws-sdk/client-organizations';
import { InputError } from '@backstage/errors';
import {
  collectAll,
  findRootId,
  parentOf,
  resolveOuPath as resolveOuPathFromRoot,
  toBackstageError,
} from '@tenancy/plugin-tenants-node';

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

/** Every tag on the account (ListTagsForResource, every page), errors mapped as {@link aws} does. */
export async function accountTags(
  org: OrganizationsClient,
  accountId: string,
): Promise<Tag[]> {
  return await aws('Organizations.ListTagsForResource', () =>
    collectAll(
      t =>
        org.send(
          new ListTagsForResourceCommand({
            ResourceId: accountId,
            NextToken: t,
          }),
        ),
      p => p.Tags,
      p => p.NextToken,
    ),
  );
}

/** True for an OU or root id (`ou-…`, `r-…`) rather than a path. */
export function isOuId(value: string): boolean {
  return /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(value);
}

/**
 * Resolves an OU path such as `/Tenants/premium` to its id (tenants-node `findRootId` and
 * `resolveOuPath`: ListRoots, then ListOrganizationalUnitsForParent per level, every page).
 * @throws InputError naming the first missing level.
 */
export async function resolveOuPath(
  org: OrganizationsClient,
  ouPath: string,
): Promise<string> {
  const found = await resolveOuPathFromRoot(org, await findRootId(org), ouPath);
  if (found.missing) {
    throw new InputError(
      `OrganizationalUnit ${found.missing.walked} does not exist (looking for ${ouPath}); create it in AWS Organizations or choose another tier`,
    );
  }
  return found.ou.id;
}

/** The account's current parent (ListParents via tenants-node `parentOf`; never from saved state). */
export async function currentParent(
  org: OrganizationsClient,
  accountId: string,
): Promise<string> {
  const id = await aws('Organizations.ListParents', () =>
    parentOf(org, accountId),
  );
  if (!id)
    throw new Error(
      `Organizations answered no parent for account ${accountId}`,
    );
  return id;
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
