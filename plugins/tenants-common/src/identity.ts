/**
 * The identity rules of a tenant, shared by the vending actions and every reader: how account
 * emails compare and what a tenant owner may be. Browser-safe; no AWS or catalog calls.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type { ValidationIssue } from './validation';

/**
 * The form of an account email that AWS Organizations compares: AWS treats root emails
 * case-insensitively (`Tenant-ACME@corp.example` is the address of `tenant-acme@corp.example`),
 * so every comparison lower-cases the whole address. Surrounding whitespace is dropped.
 * @public
 */
export function normalizeAccountEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * True when two account emails are the same address for AWS (compared case-insensitively).
 * @public
 */
export function sameAccountEmail(a: string, b: string): boolean {
  return normalizeAccountEmail(a) === normalizeAccountEmail(b);
}

/**
 * The owner as a full Group entity ref in lower case, the form the catalog compares entity refs
 * in (case-insensitively): `team-acme` → `group:default/team-acme`, `group:team-acme` →
 * `group:default/team-acme`, `Group:Default/Team-Alpha` → `group:default/team-alpha`. Any other
 * kind is kept (lower-cased) so that {@link validateOwnerRef} can name it.
 * @throws TypeError (from `parseEntityRef`) when `owner` is not an entity ref.
 * @public
 */
export function ownerGroupRef(owner: string): string {
  const ref = parseEntityRef(owner.trim(), {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
}

/**
 * The form of a tenant id that identity checks compare: the tenant id becomes a catalog entity
 * name, and the catalog compares entity names case-insensitively, so `Acme`, `ACME` and `acme`
 * are one tenant. Used for every "is this the same tenant" check (account tags written by the
 * vending or by hand, the inventory's one-account-per-tenant rule); the id itself keeps the
 * letter case it was given.
 * @public
 */
export function normalizeTenantId(tenantId: string): string {
  return tenantId.trim().toLocaleLowerCase('en-US');
}

/**
 * True when two tenant ids name the same tenant (compared case-insensitively, see
 * {@link normalizeTenantId}): `sameTenantId('Acme', 'acme')` is true.
 * @public
 */
export function sameTenantId(a: string, b: string): boolean {
  return normalizeTenantId(a) === normalizeTenantId(b);
}

/**
 * Checks the tenant owner's form: a Group entity ref (`group:default/team-acme`, `group:team-acme`
 * or a bare group name). A User (`user:default/alex`) or any other kind breaks rule
 * `owner.kind`; an empty or unparsable ref breaks `owner.format`. Whether the Group exists is
 * the catalog's answer, checked by the vending actions before any AWS call.
 * @public
 */
export function validateOwnerRef(owner: string): ValidationIssue[] {
  let ref: string;
  try {
    ref = ownerGroupRef(owner);
  } catch {
    return [
      {
        field: 'owner',
        rule: 'owner.format',
        message: `Owner must be a Group entity ref like group:default/team-acme; got '${owner}' (rule owner.format)`,
      },
    ];
  }
  const kind = ref.split(':')[0];
  if (kind !== 'group') {
    return [
      {
        field: 'owner',
        rule: 'owner.kind',
        message: `Owner must be a Group, not a ${kind[0].toUpperCase()}${kind.slice(
          1,
        )}: got '${owner}'; a tenant is owned by a team (rule owner.kind)`,
      },
    ];
  }
  return [];
}
