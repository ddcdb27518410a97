import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogPlugin } from '@backstage/plugin-catalog';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { TenantsApi, tenantsApiRef } from '@tenancy/plugin-tenants';
import { TenantEntityPage } from './TenantEntityPage';

// What each demo user may do on a tenant (packages/backend/src/permissionPolicy.ts):
// sam (support) has no spend; fran (finance) has no health, compliance nor deployments.
const DENIED = {
  platformEngineer: [],
  support: ['tenants.spend.read'],
  finance: [
    'tenants.health.read',
    'tenants.compliance.read',
    'tenants.deployments.read',
  ],
};

function tenant(name: string): Entity {
  return {
    apiVersion: 'tenancy.dev/v1alpha1',
    kind: 'Tenant',
    metadata: { name, namespace: 'default' },
    spec: {
      accountId: '111111111111',
      ouPath: '/Tenants/premium',
      state: 'ACTIVE',
      owner: 'group:default/team-acme',
      tier: 'premium',
      regions: ['eu-west-1'],
    },
  };
}

// The tab contents load their data lazily; none of it is under test here.
const pending = () => new Promise<never>(() => {});
const tenantsApi: Partial<TenantsApi> = {
  getTenant: pending,
  getTenantActivity: pending,
  getTenantHealth: pending,
  getTenantCompliance: pending,
  getTenantSpend: pending,
  listGuardrails: pending,
  listSourceFreshness: pending,
};

// The page asks the catalog only for a parent entity, which a Tenant does not have.
const catalogApi = {} as typeof catalogApiRef.T;

/** Renders the Tenant page of `entity` at `path` for a user denied the `denied` permissions. */
async function renderTenantPage(entity: Entity, denied: string[], path = '/') {
  const permissionApi = mockApis.permission({
    authorize: request =>
      (denied.includes(request.permission.name) ? 'DENY' : 'ALLOW') as any,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [permissionApiRef, permissionApi],
        [catalogApiRef, catalogApi],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [tenantsApiRef, tenantsApi as TenantsApi],
        [
          scmIntegrationsApiRef,
          ScmIntegrationsApi.fromConfig(new MockConfigApi({})),
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <Routes>
          <Route path="/*" element={<TenantEntityPage />} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/catalog': catalogPlugin.routes.catalogIndex,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

async function tabLabels(): Promise<string[]> {
  const tabs = await screen.findAllByRole('tab');
  return tabs.map(t => t.textContent ?? '');
}

async function selectedTabLabels(): Promise<string[]> {
  const tabs = await screen.findAllByRole('tab');
  return tabs
    .filter(t => t.getAttribute('aria-selected') === 'true')
    .map(t => t.textContent ?? '');
}

// The first render loads the catalog's entity page modules; slow on a busy machine.
jest.setTimeout(20_000);

// Permission decisions are cached per resource ref for the file: one tenant name per test.
describe('TenantEntityPage', () => {
  it('shows every tab to a platform engineer', async () => {
    await renderTenantPage(tenant('tabs-all'), DENIED.platformEngineer);
    expect(await tabLabels()).toEqual([
      'Overview',
      'Health',
      'Guardrails',
      'Spend',
      'Deployments',
      'Activity',
    ]);
  });

  it('has no Spend tab for support (no tenants.spend.read)', async () => {
    await renderTenantPage(tenant('tabs-support'), DENIED.support);
    expect(await tabLabels()).toEqual([
      'Overview',
      'Health',
      'Guardrails',
      'Deployments',
      'Activity',
    ]);
    expect(screen.queryByRole('tab', { name: 'Spend' })).toBeNull();
  });

  it('has no Health, Guardrails or Deployments tab for finance, and a link to Spend opens Spend', async () => {
    await renderTenantPage(tenant('tabs-finance'), DENIED.finance, '/spend');
    expect(await tabLabels()).toEqual(['Overview', 'Spend', 'Activity']);
    expect(await selectedTabLabels()).toEqual(['Spend']);
  });

  it('opens the Overview, not a permission message, on a link to a tab the user may not see', async () => {
    await renderTenantPage(tenant('tabs-link'), DENIED.support, '/spend');
    expect(await selectedTabLabels()).toEqual(['Overview']);
    expect(screen.queryByText(/permission/i)).toBeNull();
  });
});
