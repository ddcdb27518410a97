import { InputError } from '@backstage/errors';
import type { CentralAccount } from '@tenancy/plugin-tenants-node';
import { assertAccountId } from './validate';

/**
 * What a dry run of `tenancy:account:create` answers as `accountId` when it would create the
 * account: `(new account)`, a value no AWS account id can be (not 12 digits), so it can never
 * name a real account — not the management account (`000000000000` in the sandbox), nor any
 * other. The later steps of the same dry run accept it only in a dry run (see
 * {@link assertTenantAccountId}) and make no AWS call about it; in a real run it breaks rule
 * `accountId.format`.
 * @public
 */
export const DRY_RUN_ACCOUNT_ID = '(new account)';

/** The central account with this id, if it is one. */
export function centralAccountOf(
  accountId: string,
  central: readonly CentralAccount[],
): CentralAccount | undefined {
  return central.find(c => c.accountId === accountId);
}

/**
 * The error for a central account: names its id, its role and the config key that made it
 * central, and breaks rule `account.central`.
 */
export function centralAccountError(
  account: CentralAccount,
  action: string,
): InputError {
  return new InputError(
    `Account ${account.accountId} is the organization's ${account.role} account (${account.configKey}); it is never a tenant, so ${action} refuses it (rule account.central)`,
  );
}

/**
 * Checks an account id given to a vending action: 12 digits, and not one of the central
 * accounts (management, monitoring, security, StackSet admin). Runs before any AWS call and in
 * dry runs. In a dry run, {@link DRY_RUN_ACCOUNT_ID} (the account the dry run would create) is
 * accepted: the caller then plans for a new account and sends no AWS call naming it.
 * @returns true when `accountId` is that dry-run placeholder (only ever in a dry run).
 * @throws InputError breaking rule `accountId.format` or `account.central`.
 */
export function assertTenantAccountId(
  accountId: string,
  central: readonly CentralAccount[],
  action: string,
  isDryRun?: boolean,
): boolean {
  if (isDryRun && accountId === DRY_RUN_ACCOUNT_ID) return true;
  assertAccountId(accountId);
  const found = centralAccountOf(accountId, central);
  if (found) throw centralAccountError(found, action);
  return false;
}
