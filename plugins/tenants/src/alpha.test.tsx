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

  it('offers the legacy route refs as its routes', () => {
    expect(tenantsPlugin.pluginId).toBe('tenants');
    expect(Object.keys(tenantsPlugin.routes).sort()).toEqual(['costs', 'root']);
  });
});
