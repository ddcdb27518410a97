/*
 * Form fields of the New tenant template that check the tenant id and the account email with
 * the same rules the vending actions apply, so a person sees which rule a value
 * breaks before anything is sent to AWS.
 */
import { TextField } from '@material-ui/core';
import {
  createScaffolderFieldExtension,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import {
  validateAccountEmail,
  validateTenantId,
  ValidationIssue,
} from '@tenancy/plugin-tenants-common';

/** What a field validator may do: add an error message shown under the field. */
type FieldValidation = { addError(message: string): void };

const ValidatedTextField = (props: FieldExtensionComponentProps<string>) => {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const errors = rawErrors ?? [];
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title}
      // The form lists the field's errors under it; the helper text keeps the rule description.
      helperText={schema.description}
      required={required}
      value={formData ?? ''}
      onChange={e =>
        onChange(e.target.value === '' ? undefined : e.target.value)
      }
      error={errors.length > 0}
      margin="normal"
      fullWidth
      inputProps={{ autoComplete: 'off' }}
    />
  );
};

function report(issues: ValidationIssue[], field: FieldValidation) {
  for (const issue of issues) {
    field.addError(issue.message);
  }
}

/** Validates a tenant id for the form; the same rules as `validateTenantId`. */
export function tenantIdValidation(value: string, field: FieldValidation) {
  report(validateTenantId(value ?? ''), field);
}

/** Validates an account email for the form; empty means "use the default derived from the tenant id". */
export function accountEmailValidation(value: string, field: FieldValidation) {
  if (value) {
    report(validateAccountEmail(value), field);
  }
}

/** `ui:field: TenantIdField` — a text field checked against every tenant id rule. */
export const TenantIdFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'TenantIdField',
    component: ValidatedTextField,
    validation: tenantIdValidation,
  }),
);

/** `ui:field: AccountEmailField` — a text field checked against AWS's account email rules. */
export const AccountEmailFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AccountEmailField',
    component: ValidatedTextField,
    validation: accountEmailValidation,
  }),
);
