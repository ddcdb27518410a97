import { createDevApp } from '@backstage/dev-utils';
import { Content, Header, Page } from '@backstage/core-components';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { Entity } from '@backstage/catalog-model';
import Grid from '@mui/material/Grid';
import {
  DemoTenantsClient,
  EntityTenantActivityContent,
  EntityTenantDeploymentsContent,
  EntityTenantGuardrailsContent,
  EntityTenantHealthContent,
  EntityTenantOverviewCard,
  EntityTenantSpendContent,
  TenantsPage,
  tenantsApiRef,
  tenantsPlugin,
} from '../src';

const demoTenant: Entity = {
  apiVersion: 'tenancy.dev/v1alpha1',
  kind: 'Tenant',
  metadata: { name: 'acme', namespace: 'default' },
  spec: {
    accountId: '100000000000',
    ouPath: '/Tenants/standard',
    state: 'ACTIVE',
    owner: 'group:default/team-acme',
    tier: 'standard',
    regions: ['eu-west-1', 'eu-central-1'],
  },
};

const TenantDemoPage = () => (
  <Page themeId="tool">
    <Header title="Tenant acme (demo)" />
    <Content>
      <EntityProvider entity={demoTenant}>
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <EntityTenantOverviewCard />
          </Grid>
          <Grid item xs={12}>
            <EntityTenantHealthContent />
          </Grid>
          <Grid item xs={12}>
            <EntityTenantGuardrailsContent />
          </Grid>
          <Grid item xs={12}>
            <EntityTenantSpendContent />
          </Grid>
          <Grid item xs={12}>
            <EntityTenantDeploymentsContent />
          </Grid>
          <Grid item xs={12}>
            <EntityTenantActivityContent />
          </Grid>
        </Grid>
      </EntityProvider>
    </Content>
  </Page>
);

createDevApp()
  .registerPlugin(tenantsPlugin)
  .registerApi({
    api: tenantsApiRef,
    deps: {},
    factory: () => new DemoTenantsClient({ count: 50 }),
  })
  .registerApi({
    api: permissionApiRef,
    deps: {},
    factory: () => ({
      authorize: async () => ({ result: 'ALLOW' as any }),
    }),
  })
  .addPage({ element: <TenantsPage />, title: 'Tenants', path: '/tenants' })
  .addPage({
    element: <TenantDemoPage />,
    title: 'Tenant acme',
    path: '/tenant-acme',
  })
  .render();
