import {
  DescribeOrganizationalUnitCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  ouAncestors,
  parentOf,
  resolveOuPath,
} from '@tenancy/plugin-tenants-node';
import { aws } from './organizations';

/**
 * Where an account sits in the organization, as the identity checks need it:
 * `root` (directly under the root: where CreateAccount puts a new account), `tenants` (the
 * tenants OU or any OU below it) or `elsewhere` (any other OU, e.g. `/Security`).
 */
export interface AccountLocation {
  kind: 'root' | 'tenants' | 'elsewhere';
  /** Id of the account's parent (`r-…` or `ou-…`). */
  parentId: string;
  /**
   * Path of the parent from the root for `elsewhere`, e.g. `/Security`; `/` for the root; the
   * tenants OU path (e.g. `/Tenants`) for `tenants`.
   */
  path: string;
}

/** `/Security/Logs` for the chain `[ou-logs, ou-security, r-…]` (DescribeOrganizationalUnit per OU). */
async function pathOf(
  org: OrganizationsClient,
  chain: string[],
): Promise<string> {
  const names: string[] = [];
  for (const id of chain.filter(x => x.startsWith('ou-')).reverse()) {
    const res = await aws('Organizations.DescribeOrganizationalUnit', () =>
      org.send(
        new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }),
      ),
    );
    names.push(res.OrganizationalUnit?.Name ?? id);
  }
  return `/${names.join('/')}`;
}

/**
 * Finds where `accountId` sits: ListParents for the account and each OU up to the root
 * (tenants-node `parentOf`, `ouAncestors`), the tenants OU resolved from `tenantsOuPath` by
 * name (ListOrganizationalUnitsForParent per level; compared by id, so an OU named
 * `TenantsArchive` is not in the tree), and DescribeOrganizationalUnit for the path's names.
 * Read-only. `tenantsOuPath` `/` makes every OU part of the tenants tree.
 * @throws Error when Organizations answers no parent for the account; mapped AWS errors.
 */
export async function accountLocation(
  org: OrganizationsClient,
  accountId: string,
  tenantsOuPath: string,
): Promise<AccountLocation> {
  const parentId = await aws('Organizations.ListParents', () =>
    parentOf(org, accountId),
  );
  if (!parentId) {
    throw new Error(
      `Organizations answered no parent for account ${accountId}`,
    );
  }
  if (parentId.startsWith('r-')) return { kind: 'root', parentId, path: '/' };
  const chain =
    (
      await aws('Organizations.ListParents', () => ouAncestors(org, [parentId]))
    ).get(parentId) ?? [];
  const rootId = chain.find(id => id.startsWith('r-'));
  const tenants =
    rootId && tenantsOuPath !== '/'
      ? await aws('Organizations.ListOrganizationalUnitsForParent', () =>
          resolveOuPath(org, rootId, tenantsOuPath),
        )
      : undefined;
  const tenantsOuId = tenants && !tenants.missing ? tenants.ou.id : undefined;
  const inTree =
    tenantsOuPath === '/' || (!!tenantsOuId && chain.includes(tenantsOuId));
  return {
    kind: inTree ? 'tenants' : 'elsewhere',
    parentId,
    path: inTree ? tenantsOuPath : await pathOf(org, chain),
  };
}
