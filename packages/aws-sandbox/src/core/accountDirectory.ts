/**
 * Turns the organization model (`./organization`) into the {@link DataAccount} list the generators read,
 * cached until an account joins or a `tenant`/`tier` tag changes.
 */
import type { Organization, SandboxAccount } from './organization/organization';
import { DataAccount, DataAccountKind } from './dataAccounts';
import { compare } from './compare';

function kindOf(
  a: SandboxAccount,
  managementAccountId: string,
): DataAccountKind {
  if (a.id === managementAccountId) return 'management';
  return a.kind === 'tenant' ? 'tenant' : 'shared';
}

/** Converts one organization account. */
export function toDataAccount(
  a: SandboxAccount,
  managementAccountId: string,
): DataAccount {
  const tenant = a.kind === 'tenant';
  return {
    accountId: a.id,
    name: a.name,
    tenantId: tenant ? a.tags.tenant : undefined,
    tier: tenant ? a.tags.tier : undefined,
    kind: kindOf(a, managementAccountId),
    createdAt: new Date(a.joinedAt),
    state: a.state,
    regions: a.tags.regions
      ? a.tags.regions.split(',').map(r => r.trim())
      : undefined,
  };
}

/**
 * The accounts of an organization, sorted by account id, rebuilt only when an account joins or
 * its `tenant`, `tier`, `regions` tag or State changes (checked by identity, no hashing: this
 * runs on every call).
 */
export class AccountDirectory {
  #org?: Organization;
  #raw: SandboxAccount[] = [];
  #seen: Array<[string, string?, string?, string?]> = [];
  #list: DataAccount[] = [];
  #byId = new Map<string, DataAccount>();

  /** Every account of `org`, sorted by account id. */
  accounts(org: Organization): DataAccount[] {
    const raw = org.accounts();
    if (org !== this.#org || this.#changed(raw)) {
      this.#org = org;
      this.#raw = raw;
      this.#seen = raw.map(fingerprintOf);
      this.#list = raw
        .map(a => toDataAccount(a, org.managementAccountId))
        .sort((x, y) => compare(x.accountId, y.accountId));
      this.#byId = new Map(this.#list.map(a => [a.accountId, a]));
    }
    return this.#list;
  }

  /** One account by id, from an up-to-date list. */
  account(org: Organization, accountId: string): DataAccount | undefined {
    this.accounts(org);
    return this.#byId.get(accountId);
  }

  /** One account by id from the list as of the last {@link AccountDirectory.accounts} call. */
  lookup(accountId: string): DataAccount | undefined {
    return this.#byId.get(accountId);
  }

  #changed(raw: SandboxAccount[]): boolean {
    if (raw.length !== this.#raw.length) return true;
    for (let i = 0; i < raw.length; i++) {
      const a = raw[i];
      const seen = this.#seen[i];
      if (
        a !== this.#raw[i] ||
        a.state !== seen[0] ||
        a.tags.tenant !== seen[1] ||
        a.tags.tier !== seen[2] ||
        a.tags.regions !== seen[3]
      ) {
        return true;
      }
    }
    return false;
  }
}

function fingerprintOf(a: SandboxAccount): [string, string?, string?, string?] {
  return [a.state, a.tags.tenant, a.tags.tier, a.tags.regions];
}
