import { getComponentData } from '@backstage/core-plugin-api';
import {
  AccountEmailFieldExtension,
  TenantIdFieldExtension,
} from './fieldExtensions';
import { accountEmailValidation, tenantIdValidation } from './validation';
import { ValidatedTextField } from './ValidatedTextField';

// The key under which `createScaffolderFieldExtension` attaches a field to its element, and
// which `<ScaffolderFieldExtensions>` collects in a legacy app.
const FIELD_KEY = 'scaffolder.extensions.field.v1';

describe('form field extensions for legacy apps', () => {
  it('attach the ui:field names, the text field and the shared validation', () => {
    expect(getComponentData(<TenantIdFieldExtension />, FIELD_KEY)).toEqual({
      name: 'TenantIdField',
      component: ValidatedTextField,
      validation: tenantIdValidation,
    });
    expect(getComponentData(<AccountEmailFieldExtension />, FIELD_KEY)).toEqual(
      {
        name: 'AccountEmailField',
        component: ValidatedTextField,
        validation: accountEmailValidation,
      },
    );
  });
});
