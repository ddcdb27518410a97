/**
 * The organization model: root, organizational units, accounts, tags and service control
 * policies, as AWS Organizations holds them. Services read it through the accessors below
 * (ordered, deterministic); Organizations handlers also mutate it.
 */

/** Account state as Organizations reports it in `Account.State`. @public */
export type SandboxAccountState =
  | 'PENDING_ACTIVATION'
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'PENDING_CLOSURE'
  | 'CLOSED';

/** `tenant`: a tenant account (tagged `tenant`, `tier`, `owner`); `shared`: management, monitoring, security, log archive, shared services. @public */
export type SandboxAccountKind = 'tenant' | 'shared';

/** One member account. Dates are ISO-8601 UTC strings. @public */
export interface SandboxAccount {
  id: string;
  arn: string;
  name: string;
  email: string;
  state: SandboxAccountState;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedAt: string;
  /** Id of the parent root (`r-…`) or OU (`ou-…`). */
  parentId: string;
  kind: SandboxAccountKind;
  /** Tags; tenant accounts carry `tenant`, `tier`, `owner` (a group entity ref) and `regions`. */
  tags: Record<string, string>;
  /** When CloseAccount was called (epoch ms of sandbox time), for accounts closed through the API. */
  closeRequestedAtMs?: number;
}

/** One organizational unit. @public */
export interface SandboxOrganizationalUnit {
  id: string;
  arn: string;
  name: string;
  parentId: string;
  tags: Record<string, string>;
}

/** The organization root. @public */
export interface SandboxRoot {
  id: string;
  arn: string;
  name: string;
  tags: Record<string, string>;
}

/** A service control policy. `content` is the policy document text as submitted. @public */
export interface SandboxPolicy {
  id: string;
  arn: string;
  name: string;
  description: string;
  type: 'SERVICE_CONTROL_POLICY';
  awsManaged: boolean;
  content: string;
  tags: Record<string, string>;
}

/** Plain JSON form of an {@link Organization} (what the state file holds). @public */
export interface OrganizationData {
  id: string;
  managementAccountId: string;
  root: SandboxRoot;
  ous: SandboxOrganizationalUnit[];
  accounts: SandboxAccount[];
  policies: SandboxPolicy[];
  /** Policy ids attached to each target (root, OU or account id), in attach order. */
  attachments: Record<string, string[]>;
}

/** The management account id. @public */
export const MANAGEMENT_ACCOUNT_ID = '000000000000';
/** The monitoring account (CloudWatch cross-account observability sink). @public */
export const MONITORING_ACCOUNT_ID = '000000000001';
/** The security account (Config aggregator, GuardDuty administrator). @public */
export const SECURITY_ACCOUNT_ID = '000000000002';
/** The log archive account (Security OU). @public */
export const LOG_ARCHIVE_ACCOUNT_ID = '000000000003';
/** The shared services account (Infrastructure OU), a source of shared cost. @public */
export const SHARED_SERVICES_ACCOUNT_ID = '000000000004';
/** The path of the tenants OU tree (one sub-OU per tier below it). @public */
export const TENANTS_OU_PATH = '/Tenants';
/** Tenant tiers, each an OU under `/Tenants`. @public */
export const TENANT_TIERS = ['standard', 'premium', 'enterprise'] as const;
/** Id of the AWS managed FullAWSAccess policy. @public */
export const FULL_AWS_ACCESS_POLICY_ID = 'p-FullAWSAccess';

/**
 * The organization. Accessors return live objects in creation order; treat them as read-only
 * outside Organizations handlers.
 * @public
 */
export class Organization {
  readonly id: string;
  readonly managementAccountId: string;
  readonly root: SandboxRoot;
  readonly #ous = new Map<string, SandboxOrganizationalUnit>();
  readonly #accounts = new Map<string, SandboxAccount>();
  readonly #emails = new Map<string, string>();
  readonly #childOus = new Map<string, string[]>();
  readonly #childAccounts = new Map<string, string[]>();
  readonly #policies = new Map<string, SandboxPolicy>();
  readonly #attachments = new Map<string, string[]>();

  constructor(data: OrganizationData) {
    this.id = data.id;
    this.managementAccountId = data.managementAccountId;
    this.root = data.root;
    data.ous.forEach(ou => this.addOu(ou));
    data.accounts.forEach(a => this.addAccount(a));
    data.policies.forEach(p => this.addPolicy(p));
    for (const [target, ids] of Object.entries(data.attachments)) {
      this.#attachments.set(target, [...ids]);
    }
  }

  /** ARN of the organization. */
  get arn(): string {
    return `arn:aws:organizations::${this.managementAccountId}:organization/${this.id}`;
  }

  /** The management account. */
  get managementAccount(): SandboxAccount {
    return this.#accounts.get(this.managementAccountId)!;
  }

  // ---- accounts

  /** Every account (CLOSED ones included), in the order they joined. */
  accounts(): SandboxAccount[] {
    return [...this.#accounts.values()];
  }
  /** Tenant accounts only, in the order they joined. */
  tenantAccounts(): SandboxAccount[] {
    return this.accounts().filter(a => a.kind === 'tenant');
  }
  account(id: string): SandboxAccount | undefined {
    return this.#accounts.get(id);
  }
  /** The account with this email, compared case-insensitively as AWS does. */
  accountByEmail(email: string): SandboxAccount | undefined {
    const id = this.#emails.get(email.toLowerCase());
    return id ? this.#accounts.get(id) : undefined;
  }
  /** The tenant account whose `tenant` tag is `tenantId`. */
  accountByTenant(tenantId: string): SandboxAccount | undefined {
    return this.tenantAccounts().find(a => a.tags.tenant === tenantId);
  }
  addAccount(account: SandboxAccount): void {
    this.#accounts.set(account.id, account);
    this.#emails.set(account.email.toLowerCase(), account.id);
    this.#push(this.#childAccounts, account.parentId, account.id);
  }
  moveAccount(accountId: string, destinationParentId: string): void {
    const account = this.#accounts.get(accountId)!;
    this.#remove(this.#childAccounts, account.parentId, accountId);
    account.parentId = destinationParentId;
    this.#push(this.#childAccounts, destinationParentId, accountId);
  }

  // ---- tree

  ou(id: string): SandboxOrganizationalUnit | undefined {
    return this.#ous.get(id);
  }
  ous(): SandboxOrganizationalUnit[] {
    return [...this.#ous.values()];
  }
  addOu(ou: SandboxOrganizationalUnit): void {
    this.#ous.set(ou.id, ou);
    this.#push(this.#childOus, ou.parentId, ou.id);
  }
  /** true when `id` is the root or an OU. */
  isParent(id: string): boolean {
    return id === this.root.id || this.#ous.has(id);
  }
  childOus(parentId: string): SandboxOrganizationalUnit[] {
    return (this.#childOus.get(parentId) ?? []).map(id => this.#ous.get(id)!);
  }
  childAccounts(parentId: string): SandboxAccount[] {
    return (this.#childAccounts.get(parentId) ?? []).map(
      id => this.#accounts.get(id)!,
    );
  }
  /** Parent id of an account or OU. */
  parentOf(id: string): string | undefined {
    return this.#accounts.get(id)?.parentId ?? this.#ous.get(id)?.parentId;
  }
  /** Path of an OU (or the root, `/`) by names, e.g. `/Tenants/premium`. */
  pathOf(parentId: string): string {
    const names: string[] = [];
    let id: string | undefined = parentId;
    while (id && id !== this.root.id) {
      const ou = this.#ous.get(id);
      if (!ou) return '';
      names.unshift(ou.name);
      id = ou.parentId;
    }
    return `/${names.join('/')}`;
  }
  /** The OU (or root for `/`) at a path of names, e.g. `/Tenants/premium`. */
  parentByPath(path: string): string | undefined {
    let id = this.root.id;
    for (const name of path.split('/').filter(Boolean)) {
      const next = this.childOus(id).find(ou => ou.name === name);
      if (!next) return undefined;
      id = next.id;
    }
    return id;
  }
  /** `parentId` and every OU below it, depth first. */
  subtree(parentId: string): string[] {
    const out = [parentId];
    for (const child of this.#childOus.get(parentId) ?? []) {
      out.push(...this.subtree(child));
    }
    return out;
  }
  /** Accounts directly in `parentId`, or anywhere below it when `recursive`. */
  accountsUnder(parentId: string, recursive = false): SandboxAccount[] {
    const parents = recursive ? this.subtree(parentId) : [parentId];
    return parents.flatMap(p => this.childAccounts(p));
  }

  // ---- tags

  /** The tags object of a root, OU, account or policy (live), or undefined when no such resource. */
  tagsOf(resourceId: string): Record<string, string> | undefined {
    if (resourceId === this.root.id) return this.root.tags;
    return (
      this.#accounts.get(resourceId)?.tags ??
      this.#ous.get(resourceId)?.tags ??
      this.#policies.get(resourceId)?.tags
    );
  }

  // ---- policies

  policy(id: string): SandboxPolicy | undefined {
    return this.#policies.get(id);
  }
  policies(): SandboxPolicy[] {
    return [...this.#policies.values()];
  }
  addPolicy(policy: SandboxPolicy): void {
    this.#policies.set(policy.id, policy);
  }
  /** Policy ids attached to a target, in attach order. */
  policiesFor(targetId: string): string[] {
    return this.#attachments.get(targetId) ?? [];
  }
  /** Target ids a policy is attached to. */
  targetsFor(policyId: string): string[] {
    const out: string[] = [];
    for (const [target, ids] of this.#attachments) {
      if (ids.includes(policyId)) out.push(target);
    }
    return out;
  }
  attach(policyId: string, targetId: string): void {
    this.#push(this.#attachments, targetId, policyId);
  }
  detach(policyId: string, targetId: string): void {
    this.#remove(this.#attachments, targetId, policyId);
  }

  /** Plain JSON form, for the state file. */
  toJSON(): OrganizationData {
    return {
      id: this.id,
      managementAccountId: this.managementAccountId,
      root: this.root,
      ous: this.ous(),
      accounts: this.accounts(),
      policies: this.policies(),
      attachments: Object.fromEntries(this.#attachments),
    };
  }

  #push(map: Map<string, string[]>, key: string, value: string) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  #remove(map: Map<string, string[]>, key: string, value: string) {
    const list = map.get(key);
    const i = list?.indexOf(value) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }
}
