/**
 * The view of an organization's account that the billing and observability generators need.
 * Built from the sandbox organization (see `src/model/organization.ts`) by `toDataAccounts`.
 */

/** What an account is for; shared accounts carry no tenant tag. */
export type DataAccountKind = 'tenant' | 'shared' | 'management';

/** One member account, as the data generators see it. */
export interface DataAccount {
  /** 12-digit AWS account id. */
  accountId: string;
  /** Account name (Cost Explorer's LINKED_ACCOUNT description). */
  name: string;
  /** Value of the `tenant` tag; undefined for shared and management accounts. */
  tenantId?: string;
  /** Value of the `tier` tag, e.g. `standard`, `premium`, `enterprise`. */
  tier?: string;
  kind: DataAccountKind;
  /** When the account joined the organization (UTC). No data exists before it. */
  createdAt: Date;
  /** Organizations account State, e.g. ACTIVE, SUSPENDED, PENDING_CLOSURE. */
  state?: string;
  /** Regions the account runs workloads in (the `regions` tag), home region first. */
  regions?: string[];
}

/** A stable small integer for an account, used in hashing. */
export function accountKey(account: DataAccount): number {
  // 12 decimal digits do not fit 32 bits: fold the two halves.
  const id = account.accountId;
  const hi = Number(id.slice(0, 6));
  const lo = Number(id.slice(6));
  return (Math.imul(hi, 1_000_003) ^ lo) >>> 0;
}

/** Tier multiplier for the size of an account's spend and traffic. */
export function tierScale(tier: string | undefined): number {
  switch (tier) {
    case 'enterprise':
      return 6;
    case 'premium':
      return 2.5;
    case 'free':
    case 'trial':
      return 0.25;
    default:
      return 1;
  }
}
