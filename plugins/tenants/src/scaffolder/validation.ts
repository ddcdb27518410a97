/*
 * The checks behind the New tenant template's form fields: the same rules the vending actions
 * apply (tenants-common), so a person sees which rule a value breaks before anything is sent to
 * AWS.
 */
import {
  validateAccountEmail,
  validateTenantId,
  ValidationIssue,
} from '@tenancy/plugin-tenants-common';

/**
 * What a form field validator may do: add an error message shown under the field (the
 * `FieldValidation` of the scaffolder's form).
 * @public
 */
export type TenancyFieldValidation = { addError(message: string): void };

function report(issues: ValidationIssue[], field: TenancyFieldValidation) {
  for (const issue of issues) {
    field.addError(issue.message);
  }
}

/**
 * Validates a tenant id for the form with every rule of `validateTenantId`; each broken rule
 * adds one error naming it, e.g. `… (rule tenantId.pattern)`. An empty value breaks the length rule.
 * @public
 */
export function tenantIdValidation(
  value: string | undefined,
  field: TenancyFieldValidation,
): void {
  report(validateTenantId(value ?? ''), field);
}

/**
 * Validates an account email for the form with AWS's rules (`validateAccountEmail`); an empty
 * value passes, as it means "use the default derived from the tenant id".
 * @public
 */
export function accountEmailValidation(
  value: string | undefined,
  field: TenancyFieldValidation,
): void {
  if (value) {
    report(validateAccountEmail(value), field);
  }
}
