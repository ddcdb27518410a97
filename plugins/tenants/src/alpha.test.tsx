import tenantsPlugin from './alpha';

describe('tenants plugin for the new frontend system', () => {
  it('has the pages, the Tenant entity page content and the API', () => {
    const ids = [
      'api:tenants',
      'page:tenants',
      'page:tenants/costs',
      'entity-card:tenants/overview',
      'entity-content:tenants/health',
      'entity-content:tenants/guardrails',
      'entity-content:tenants/spend',
      'entity-content:tenants/deployments',
      'entity-content:tenants/activity',
      'entity-header-layout:tenants/tenant',
      'scaffolder-form-field:tenants/tenant-id',
      'scaffolder-form-field:tenants/account-email',
    ] as const;
    for (const id of ids) {
      expect(tenantsPlugin.getExtension(id)).toBeDefined();
    }
    expect(() =>
      tenantsPlugin.getExtension('page:tenants/other' as any),
    ).toThrow(
      "Attempted to get non-existent extension 'page:tenants/other' from plugin 'tenants'",
    );
  });

  it('loads the New tenant form fields for the scaffolder', async () => {
    const { tenantIdFormField, accountEmailFormField } = await import(
      './scaffolder/formFields'
    );
    expect(tenantIdFormField.$$type).toBe('@backstage/scaffolder/FormField');
    expect(accountEmailFormField.$$type).toBe(
      '@backstage/scaffolder/FormField',
    );
  });

  it('offers the legacy route refs as its routes', () => {
    expect(tenantsPlugin.pluginId).toBe('tenants');
    expect(Object.keys(tenantsPlugin.routes).sort()).toEqual(['costs', 'root']);
  });
});
