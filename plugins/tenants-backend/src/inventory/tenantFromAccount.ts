import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Account } from '@aws-sdk/client-organizations';
import {
  ACCOUNT_STATES,
  validateTenantId,
  type AccountState,
} from '@tenancy/plugin-tenants-common';
import type { StoredTenant } from './store/types';

const STATES: ReadonlySet<string> = new Set(ACCOUNT_STATES);

/**
 * The account state from `Account.State`. The retired `Status` is read only when an endpoint
 * does not send `State` at all (older emulators); `State` always wins.
 */
export function accountState(account: Account): AccountState | undefined {
  const state = account.State ?? account.Status;
  return state && STATES.has(state) ? (state as AccountState) : undefined;
}

/**
 * The owner group entity ref from the `owner` tag, in lower case as the catalog compares refs:
 * `team-acme` → `group:default/team-acme`, `group:ops/team-a` kept, `group:default/Team-Alpha`
 * (tagged by hand) → `group:default/team-alpha`; undefined when the tag is not an entity ref.
 */
export function ownerRef(tag: string | undefined): string | undefined {
  if (!tag?.trim()) return undefined;
  try {
    const ref = parseEntityRef(tag.trim(), {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    const valid = (part: string) =>
      part.length <= 63 && /^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/.test(part);
    if (
      !valid(ref.name) ||
      !valid(ref.namespace) ||
      !/^[a-zA-Z]+$/.test(ref.kind)
    ) {
      return undefined;
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** Tenant id from an account name when the `tenant` tag is missing: `Acme Corp` → `acme-corp`. */
export function tenantIdFromName(name: string, accountId: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return id && validateTenantId(id).length === 0 ? id : `account-${accountId}`;
}

/** Regions from the `regions` tag (comma or space separated), sorted, without duplicates. */
export function regionsFromTag(tag: string | undefined): string[] {
  return [
    ...new Set(
      (tag ?? '')
        .split(/[\s,]+/)
        .map(r => r.trim())
        .filter(r => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)),
    ),
  ].sort();
}

/**
 * Builds a tenant from an Organizations account, its tags and its parent OU. Returns the
 * tenant and the problems found (bad `tenant` or `owner` tag), for the run's error list.
 */
export function tenantFromAccount(
  account: Account,
  tags: Record<string, string>,
  ou: { id: string; path: string },
  tagsReadAt: string,
): { tenant?: StoredTenant; problems: string[] } {
  const problems: string[] = [];
  const accountId = account.Id ?? '';
  const state = accountState(account);
  if (!state) {
    return {
      problems: [
        `Account ${accountId} has no known State (${account.State ?? 'none'})`,
      ],
    };
  }
  let tenantId: string | undefined = tags.tenant?.trim();
  if (tenantId && validateTenantId(tenantId).length > 0) {
    problems.push(
      `Tag tenant=${tenantId} is not a valid tenant id: ${validateTenantId(
        tenantId,
      )
        .map(i => i.message)
        .join('; ')}`,
    );
    tenantId = undefined;
  }
  if (!tenantId) {
    tenantId = tenantIdFromName(account.Name ?? '', accountId);
  }
  const owner = ownerRef(tags.owner);
  if (tags.owner && !owner) {
    problems.push(`Tag owner=${tags.owner} is not a group entity ref`);
  }
  return {
    tenant: {
      tenantId,
      accountId,
      accountName: account.Name ?? '',
      email: account.Email ?? '',
      ouId: ou.id,
      ouPath: ou.path,
      state,
      tier: tags.tier?.trim() || null,
      owner: owner ?? null,
      regions: regionsFromTag(tags.regions),
      tags,
      joinedAt: (account.JoinedTimestamp ?? new Date(0)).toISOString(),
      tagsReadAt,
    },
    problems,
  };
}
