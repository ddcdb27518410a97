import type { Config } from '@backstage/config';

/**
 * The organization's own accounts, which are never tenants: what each is for, as a person
 * reads it in a message.
 * @public
 */
export type CentralAccountRole =
  | 'management'
  | 'monitoring'
  | 'security'
  | 'StackSet admin';

/**
 * One central account: its 12-digit id, its role, and the config key it came from
 * (e.g. `tenancy.aws.managementAccountId`).
 * @public
 */
export interface CentralAccount {
  accountId: string;
  role: CentralAccountRole;
  configKey: string;
}

const KEYS: Array<[string, CentralAccountRole]> = [
  ['managementAccountId', 'management'],
  ['monitoringAccountId', 'monitoring'],
  ['securityAccountId', 'security'],
  ['stackSetAdminAccountId', 'StackSet admin'],
];

/**
 * The central accounts from `tenancy.aws.managementAccountId`, `monitoringAccountId`,
 * `securityAccountId` and `stackSetAdminAccountId` (each optional), in that order. One account
 * configured under two keys (the management account is often the StackSet admin) appears once,
 * with its first role.
 * @throws Error naming the key when a value is not a 12-digit account id.
 * @public
 */
export function readCentralAccounts(config: Config): CentralAccount[] {
  const out: CentralAccount[] = [];
  for (const [key, role] of KEYS) {
    const configKey = `tenancy.aws.${key}`;
    const accountId = config.getOptionalString(configKey);
    if (accountId === undefined) continue;
    if (!/^\d{12}$/.test(accountId)) {
      throw new Error(
        `${configKey} must be a 12-digit AWS account id, got '${accountId}'`,
      );
    }
    if (!out.some(c => c.accountId === accountId)) {
      out.push({ accountId, role, configKey });
    }
  }
  return out;
}
