import { InputError } from '@backstage/errors';
import type { CentralAccount } from '@tenancy/plugin-tenants-node';
import { assertAccountId } from './validate';

/** Placeholder account id of a dry run (the account `tenancy:account:create` would create). */
export const DRY_RUN_ACCOUNT_ID = '000000000000';

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
 * dry runs.
 * @throws InputError breaking rule `accountId.format` or `account.central`.
 */
export function assertTenantAccountId(
  accountId: string,
  central: readonly CentralAccount[],
  action: string,
  isDryRun?: boolean,
): void {
  assertAccountId(accountId);
  // A dry run of the template hands the next steps the placeholder of the account it would
  // create; that placeholder is not a real account.
  if (isDryRun && accountId === DRY_RUN_ACCOUNT_ID) return;
  const found = centralAccountOf(accountId, central);
  if (found) throw centralAccountError(found, action);
}
