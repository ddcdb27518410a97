/**
 * Turns part 1's organization model into the {@link DataAccount} list the generators read,
 * cached until an account joins or a `tenant`/`tier` tag changes.
 */
import type { Organization, SandboxAccount } from '../model/organization';
import { DataAccount, DataAccountKind } from './accounts';
import { compare, hashString } from './hash';

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

/** The accounts of an organization, sorted by account id, rebuilt only when they change. */
export class AccountDirectory {
  #org?: Organization;
  #signature = -1;
  #list: DataAccount[] = [];
  #byId = new Map<string, DataAccount>();

  /** Every account of `org`, sorted by account id. */
  accounts(org: Organization): DataAccount[] {
    const raw = org.accounts();
    let sig = raw.length;
    for (const a of raw) {
      sig =
        (Math.imul(sig, 31) +
          hashString(`${a.tags.tenant ?? ''}|${a.tags.tier ?? ''}`)) |
        0;
    }
    if (org !== this.#org || sig !== this.#signature) {
      this.#org = org;
      this.#signature = sig;
      this.#list = raw
        .map(a => toDataAccount(a, org.managementAccountId))
        .sort((x, y) => compare(x.accountId, y.accountId));
      this.#byId = new Map(this.#list.map(a => [a.accountId, a]));
    }
    return this.#list;
  }

  /** One account by id (after {@link AccountDirectory.accounts} was called for the org). */
  account(org: Organization, accountId: string): DataAccount | undefined {
    this.accounts(org);
    return this.#byId.get(accountId);
  }
}
