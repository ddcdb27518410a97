import { InputError } from '@backstage/errors';
import {
  validateTenantInputs,
  ValidationIssue,
} from '@tenancy/plugin-tenants-common';

/**
 * Checks the tenant inputs again in the action, before any AWS call (owner form included).
 * @throws InputError listing every broken rule.
 */
export function assertValidTenantInputs(input: {
  tenantId: string;
  email?: string;
  accountName?: string;
  owner?: string;
}): void {
  const issues: ValidationIssue[] = validateTenantInputs(input);
  if (issues.length > 0) {
    throw new InputError(issues.map(i => i.message).join('; '));
  }
}

/** @throws InputError when `accountId` is not a 12-digit AWS account id. */
export function assertAccountId(accountId: string): void {
  if (!/^\d{12}$/.test(accountId)) {
    throw new InputError(
      `accountId must be a 12-digit AWS account id, got '${accountId}' (rule accountId.format)`,
    );
  }
}
