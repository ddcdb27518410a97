import {
  type Account,
  ListAccountsForParentCommand,
  ListTagsForResourceCommand,
  type OrganizationalUnit,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { InputError } from '@backstage/errors';
import {
  collectAll,
  findRootId,
  listChildOus,
  resolveOuPath,
  toBackstageError,
  type OuRef,
} from '@tenancy/plugin-tenants-node';
import pLimit from 'p-limit';
import { normalizeTenantId } from '@tenancy/plugin-tenants-common';
import type { CollectorContext } from '@tenancy/plugin-tenants-node';
import type { StoredTenant } from './store/types';
import { tenantFromAccount } from './tenantFromAccount';

/** Settings of the inventory (from `tenancy.tenants` and `tenancy.refresh`). @public */
export interface InventoryOptions {
  /** Path of the tenants OU from the root, e.g. `/Tenants` (default). */
  ouPath: string;
  /**
   * Other OUs holding tenant accounts, e.g. `['/Suspended']` where suspended tenants are moved:
   * only their accounts carrying a `tenant` tag count as tenants.
   */
  extraOuPaths?: string[];
  /** Tags older than this (milliseconds) are read again, a few per run. Default 24 h. */
  tagsMaxAgeMs: number;
  /** At most this many unchanged accounts get their stale tags re-read per run. Default 20. */
  staleTagReadsPerRun: number;
  /** Parallel ListTagsForResource calls. Default 4. */
  tagConcurrency: number;
}

/** What the inventory needs from a run. */
export type InventoryContext = Pick<
  CollectorContext,
  'clients' | 'logger' | 'now' | 'reportError'
> & {
  /** The stored inventory before this run (to skip tag reads of unchanged accounts). */
  previous: StoredTenant[];
  /** Filled with the parent id (OU or root) of every OU the walk listed. */
  ouParents?: Map<string, string>;
};

interface FoundAccount {
  account: Account;
  ou: { id: string; path: string };
  /** Found in an extra OU: a tenant only with a `tenant` tag. */
  requireTenantTag: boolean;
}

/**
 * Reads the tenants OU tree from AWS Organizations (management account): ListRoots, then
 * ListOrganizationalUnitsForParent down the configured path and through every sub-OU, and
 * ListAccountsForParent (20 accounts a page) for each OU, following every NextToken including
 * empty pages. Tags (ListTagsForResource) are read only for new accounts, accounts whose name,
 * email, state or OU changed, and a few whose tags are older than `tagsMaxAgeMs`; other
 * accounts keep their stored tags. So a refresh of N unchanged tenants costs about ⌈N/20⌉ calls
 * plus a few per OU.
 *
 * @throws InputError when the tenants OU path does not exist; AWS errors mapped by
 *   `toBackstageError` when the tree cannot be read (the run fails). A failed tag read only
 *   reports that account.
 * @public
 */
export class InventoryCollector {
  constructor(private readonly options: InventoryOptions) {}

  async collect(ctx: InventoryContext): Promise<StoredTenant[]> {
    const org = await ctx.clients.organizations();
    const childCache = new Map<string, Promise<OrganizationalUnit[]>>();
    const rootId = await findRootId(org);
    const tenantsOu = await this.resolveOuPath(
      org,
      rootId,
      this.options.ouPath,
      childCache,
    );
    const found = await this.listAccounts(org, tenantsOu, false, childCache);
    for (const path of this.options.extraOuPaths ?? []) {
      try {
        const ou = await this.resolveOuPath(org, rootId, path, childCache);
        found.push(...(await this.listAccounts(org, ou, true, childCache)));
      } catch (e) {
        ctx.reportError({ message: (e as Error).message });
      }
    }
    if (ctx.ouParents) {
      for (const [parentId, children] of childCache) {
        for (const ou of await children.catch(() => []))
          if (ou.Id) ctx.ouParents.set(ou.Id, parentId);
      }
    }
    const tenants = await this.buildTenants(org, found, ctx);
    return this.dedupe(tenants, ctx);
  }

  /** Walks `path` (`/Tenants/premium`) down from the root. @throws InputError when an OU is missing. */
  private async resolveOuPath(
    org: OrganizationsClient,
    rootId: string,
    path: string,
    cache: Map<string, Promise<OrganizationalUnit[]>>,
  ): Promise<OuRef> {
    const found = await resolveOuPath(org, rootId, path, cache);
    if (found.missing) {
      throw new InputError(
        `tenancy.tenants OU path ${path}: no OrganizationalUnit named ${
          found.missing.name
        } under ${found.missing.under || '/'}`,
      );
    }
    return found.ou;
  }

  /** Walks the OU tree below `root` breadth-first; every account with its parent OU. */
  private async listAccounts(
    org: OrganizationsClient,
    root: OuRef,
    requireTenantTag: boolean,
    cache: Map<string, Promise<OrganizationalUnit[]>>,
  ): Promise<FoundAccount[]> {
    const found: FoundAccount[] = [];
    let level = [root];
    while (level.length > 0) {
      const next: OuRef[] = [];
      for (const ou of level) {
        if (!cache.has(ou.id)) cache.set(ou.id, listChildOus(org, ou.id));
        const [accounts, children] = await Promise.all([
          collectAll(
            token =>
              org.send(
                new ListAccountsForParentCommand({
                  ParentId: ou.id,
                  MaxResults: 20,
                  NextToken: token,
                }),
              ),
            page => page.Accounts,
            page => page.NextToken,
          ).catch(e => {
            throw toBackstageError(e, 'Organizations.ListAccountsForParent');
          }),
          cache.get(ou.id)!,
        ]);
        for (const account of accounts)
          found.push({ account, ou, requireTenantTag });
        for (const child of children) {
          if (child.Id)
            next.push({ id: child.Id, path: `${ou.path}/${child.Name}` });
        }
      }
      level = next;
    }
    return found;
  }

  private async buildTenants(
    org: OrganizationsClient,
    found: FoundAccount[],
    ctx: InventoryContext,
  ): Promise<StoredTenant[]> {
    const previous = new Map(ctx.previous.map(t => [t.accountId, t]));
    const staleBefore = ctx.now.getTime() - this.options.tagsMaxAgeMs;
    const mustRead = new Set<string>();
    const stale: StoredTenant[] = [];
    for (const { account, ou } of found) {
      const old = previous.get(account.Id ?? '');
      if (
        !old ||
        old.accountName !== account.Name ||
        old.email !== account.Email ||
        old.ouId !== ou.id ||
        old.state !== (account.State ?? account.Status)
      ) {
        mustRead.add(account.Id ?? '');
      } else if (Date.parse(old.tagsReadAt) < staleBefore) {
        stale.push(old);
      }
    }
    stale
      .sort((a, b) => a.tagsReadAt.localeCompare(b.tagsReadAt))
      .slice(0, this.options.staleTagReadsPerRun)
      .forEach(t => mustRead.add(t.accountId));

    const limit = pLimit(this.options.tagConcurrency);
    const nowIso = ctx.now.toISOString();
    const results = await Promise.all(
      found.map(({ account, ou, requireTenantTag }) =>
        limit(async () => {
          const accountId = account.Id ?? '';
          const old = previous.get(accountId);
          let tags = old?.tags;
          let tagsReadAt = old?.tagsReadAt ?? nowIso;
          if (mustRead.has(accountId)) {
            try {
              tags = await this.readTags(org, accountId);
              tagsReadAt = nowIso;
            } catch (e) {
              ctx.reportError({
                accountId,
                tenantId: old?.tenantId,
                message: toBackstageError(
                  e,
                  'Organizations.ListTagsForResource',
                ).message,
              });
              if (!old) return undefined; // a new account without tags waits for the next run
            }
          }
          if (requireTenantTag && !tags?.tenant) return undefined;
          const { tenant, problems } = tenantFromAccount(
            account,
            tags ?? {},
            ou,
            tagsReadAt,
          );
          for (const message of problems) {
            ctx.reportError({ accountId, tenantId: tenant?.tenantId, message });
          }
          return tenant;
        }),
      ),
    );
    return results.filter((t): t is StoredTenant => t !== undefined);
  }

  private async readTags(org: OrganizationsClient, accountId: string) {
    const tags = await collectAll(
      token =>
        org.send(
          new ListTagsForResourceCommand({
            ResourceId: accountId,
            NextToken: token,
          }),
        ),
      page => page.Tags,
      page => page.NextToken,
    );
    return Object.fromEntries(
      tags.filter(t => t.Key !== undefined).map(t => [t.Key!, t.Value ?? '']),
    );
  }

  /**
   * Two accounts claiming one tenant id, compared case-insensitively (`ACME` and `acme` are one
   * catalog name): the earlier-joined keeps it, the other gets `<id>-<accountId>`.
   */
  private dedupe(
    tenants: StoredTenant[],
    ctx: InventoryContext,
  ): StoredTenant[] {
    const sorted = [...tenants].sort(
      (a, b) =>
        a.joinedAt.localeCompare(b.joinedAt) ||
        a.accountId.localeCompare(b.accountId),
    );
    // Tenant ids compare case-insensitively (catalog entity names do): ACME and acme collide.
    const taken = new Set<string>();
    const out: StoredTenant[] = [];
    for (const t of sorted) {
      if (!taken.has(normalizeTenantId(t.tenantId))) {
        taken.add(normalizeTenantId(t.tenantId));
        out.push(t);
        continue;
      }
      const id = `${t.tenantId.slice(0, 50)}-${t.accountId}`;
      ctx.reportError({
        accountId: t.accountId,
        tenantId: t.tenantId,
        message: `Tenant id ${t.tenantId} is already used by another account (tenant ids compare case-insensitively); listed as ${id}`,
      });
      taken.add(normalizeTenantId(id));
      out.push({ ...t, tenantId: id });
    }
    return out.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  }
}
