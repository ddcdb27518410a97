import {
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  type OrganizationalUnit,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { InputError } from '@backstage/errors';
import { toBackstageError } from '../errors';
import { collectAll } from '../pagination';

/**
 * How many parents a walk up the OU tree follows at most. AWS Organizations nests OUs at most
 * five levels below the root, so a chain (OU → … → root) never needs more; the bound only
 * stops a malformed answer from looping.
 * @public
 */
export const MAX_OU_WALK_DEPTH = 10;

/**
 * An OU (or the root) found by path: its id (`ou-…`, `r-…`) and its path from the root
 * (`/Tenants/premium`; `''` for the root).
 * @public
 */
export interface OuRef {
  id: string;
  path: string;
}

/**
 * The organization's root id (ListRoots, every page).
 * @throws InputError when Organizations answers no root; the mapped AWS error when ListRoots fails.
 * @public
 */
export async function findRootId(org: OrganizationsClient): Promise<string> {
  const roots = await collectAll(
    token => org.send(new ListRootsCommand({ NextToken: token })),
    page => page.Roots,
    page => page.NextToken,
  ).catch(e => {
    throw toBackstageError(e, 'Organizations.ListRoots');
  });
  if (!roots[0]?.Id) {
    throw new InputError('Organizations answered no root');
  }
  return roots[0].Id;
}

/**
 * The child OUs of a parent (ListOrganizationalUnitsForParent, every page, including empty
 * pages with a NextToken).
 * @throws the mapped AWS error when the call fails.
 * @public
 */
export function listChildOus(
  org: OrganizationsClient,
  parentId: string,
): Promise<OrganizationalUnit[]> {
  return collectAll<
    { OrganizationalUnits?: OrganizationalUnit[]; NextToken?: string },
    OrganizationalUnit
  >(
    token =>
      org.send(
        new ListOrganizationalUnitsForParentCommand({
          ParentId: parentId,
          NextToken: token,
        }),
      ),
    page => page.OrganizationalUnits,
    page => page.NextToken,
  ).catch(e => {
    throw toBackstageError(e, 'Organizations.ListOrganizationalUnitsForParent');
  });
}

/**
 * Where an OU path walk stopped: the first level with no OU of that name.
 * @public
 */
export interface OuPathMissing {
  /** The name not found. */
  name: string;
  /** Path of the OU (or `''` for the root) under which it was looked for. */
  under: string;
  /** The path walked including the missing name, e.g. `/Tenants/gold`. */
  walked: string;
}

/**
 * Resolves an OU path such as `/Tenants/premium` from `rootId` down, one
 * ListOrganizationalUnitsForParent (every page) per level. `childOus` caches the children of
 * each parent id: give one Map to several walks and each parent is listed once.
 *
 * @returns `{ ou }` when every level exists, else `{ missing }` naming the first missing level
 *   (callers word their own error).
 * @throws the mapped AWS error when a call fails.
 * @public
 */
export async function resolveOuPath(
  org: OrganizationsClient,
  rootId: string,
  path: string,
  childOus: Map<string, Promise<OrganizationalUnit[]>> = new Map(),
): Promise<{ ou: OuRef; missing?: undefined } | { missing: OuPathMissing }> {
  let current: OuRef = { id: rootId, path: '' };
  for (const name of path.split('/').filter(Boolean)) {
    if (!childOus.has(current.id))
      childOus.set(current.id, listChildOus(org, current.id));
    const child = (await childOus.get(current.id)!).find(
      ou => ou.Name === name,
    );
    if (!child?.Id) {
      return {
        missing: {
          name,
          under: current.path,
          walked: `${current.path}/${name}`,
        },
      };
    }
    current = { id: child.Id, path: `${current.path}/${name}` };
  }
  return { ou: current };
}

/**
 * The parent id (OU `ou-…` or root `r-…`) of an account or OU (ListParents).
 * @returns undefined when Organizations answers no parent.
 * @throws the raw AWS error when ListParents fails (callers map it with their own operation name).
 * @public
 */
export async function parentOf(
  org: OrganizationsClient,
  childId: string,
): Promise<string | undefined> {
  const res = await org.send(new ListParentsCommand({ ChildId: childId }));
  return res.Parents?.[0]?.Id || undefined;
}

/**
 * The chain from each OU up to the root (`[ou, parent, …, r-…]`), with ListParents once per
 * distinct OU not in `known` — the calls grow with the OU tree, not with the accounts. A chain
 * stops at the root, at an OU without a parent, or after {@link MAX_OU_WALK_DEPTH} + 1 ids.
 *
 * @param known - parent ids already known (e.g. from the inventory's walk); used without a call.
 * @public
 */
export async function ouAncestors(
  org: OrganizationsClient,
  ouIds: string[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, string[]>> {
  const parents = new Map<string, string>(known);
  const parentCached = async (id: string): Promise<string | undefined> => {
    if (id.startsWith('r-')) return undefined;
    if (!parents.has(id)) parents.set(id, (await parentOf(org, id)) ?? '');
    return parents.get(id) || undefined;
  };
  const out = new Map<string, string[]>();
  for (const ou of [...new Set(ouIds)].sort()) {
    const chain: string[] = [];
    for (let id: string | undefined = ou; id; id = await parentCached(id)) {
      chain.push(id);
      if (chain.length > MAX_OU_WALK_DEPTH) break;
    }
    out.set(ou, chain);
  }
  return out;
}
