import { InputError } from '@backstage/errors';
import {
  ownerGroupRef,
  validateOwnerRef,
} from '@tenancy/plugin-tenants-common';

/**
 * Answers whether a Group entity exists in the catalog. Built in `module.ts` on the catalog
 * service; tests give a fixed list.
 * @public
 */
export interface OwnerDirectory {
  /** True when the entity `ref` (`group:default/team-acme`) exists in the catalog. */
  groupExists(ref: string): Promise<boolean>;
}

/**
 * Checks the tenant owner: a Group entity ref (rule `owner.kind`) of a Group that exists in the
 * catalog (rule `owner.exists`). Makes no AWS call: the vending actions run it first, so a bad
 * owner never leaves an account, a move, a baseline or a budget behind.
 * @returns the full ref, e.g. `group:default/team-alpha`.
 * @throws InputError naming the rule broken.
 */
export async function assertOwnerGroup(
  owner: string,
  directory: OwnerDirectory,
): Promise<string> {
  const issues = validateOwnerRef(owner);
  if (issues.length > 0) {
    throw new InputError(issues.map(i => i.message).join('; '));
  }
  const ref = ownerGroupRef(owner);
  if (!(await directory.groupExists(ref))) {
    throw new InputError(
      `Owner ${ref} is not a Group in the catalog; create the Group or choose an existing team (rule owner.exists)`,
    );
  }
  return ref;
}
