/*
 * The New tenant template's form fields for the new frontend system, loaded by the
 * `scaffolder-form-field:tenants/*` extensions of the plugin's `/alpha` export.
 */
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ValidatedTextField } from './ValidatedTextField';
import { accountEmailValidation, tenantIdValidation } from './validation';

/** `ui:field: TenantIdField`, checked against every tenant id rule. */
export const tenantIdFormField = createFormField({
  name: 'TenantIdField',
  component: ValidatedTextField,
  validation: tenantIdValidation,
});

/** `ui:field: AccountEmailField`, checked against AWS's account email rules; empty passes. */
export const accountEmailFormField = createFormField({
  name: 'AccountEmailField',
  component: ValidatedTextField,
  validation: accountEmailValidation,
});
