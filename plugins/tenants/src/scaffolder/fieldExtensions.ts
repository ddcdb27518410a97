/*
 * The New tenant template's form fields for legacy Backstage apps (`@backstage/core-plugin-api`):
 * mount them inside `<ScaffolderFieldExtensions>` under the scaffolder's route.
 */
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { tenantsPlugin } from '../plugin';
import { ValidatedTextField } from './ValidatedTextField';
import { accountEmailValidation, tenantIdValidation } from './validation';

/**
 * `ui:field: TenantIdField`: a text field checked against every tenant id rule
 * ({@link tenantIdValidation}). Legacy frontend system.
 * @public
 */
export const TenantIdFieldExtension = tenantsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'TenantIdField',
    component: ValidatedTextField,
    validation: tenantIdValidation,
  }),
);

/**
 * `ui:field: AccountEmailField`: a text field checked against AWS's account email rules
 * ({@link accountEmailValidation}); empty passes. Legacy frontend system.
 * @public
 */
export const AccountEmailFieldExtension = tenantsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AccountEmailField',
    component: ValidatedTextField,
    validation: accountEmailValidation,
  }),
);
