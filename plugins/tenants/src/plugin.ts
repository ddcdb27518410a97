import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  financeApiRef,
  FinanceClient,
  tenantsApiRef,
  TenantsClient,
} from './api';
import { costsRouteRef, rootRouteRef } from './routes';

/**
 * The Tenancy frontend plugin: the tenants overview (`/tenants`), the finance page
 * (`/tenants/costs`) and the Tenant entity page content.
 * @public
 */
export const tenantsPlugin = createPlugin({
  id: 'tenants',
  apis: [
    createApiFactory({
      api: tenantsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TenantsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: financeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FinanceClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, costs: costsRouteRef },
});

/**
 * Routable page at `/tenants`: the overview at `/`, the finance page at `/costs`.
 * @public
 */
export const TenantsPage = tenantsPlugin.provide(
  createRoutableExtension({
    name: 'TenantsPage',
    component: () => import('./components/Router').then(m => m.TenantsRouter),
    mountPoint: rootRouteRef,
  }),
);

/** Tenant entity page: account, OU path, state, owner, tier, regions, console links. @public */
export const EntityTenantOverviewCard = tenantsPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantOverviewCard',
    component: {
      lazy: () =>
        import('./components/TenantEntity/TenantOverviewCard').then(
          m => m.TenantOverviewCard,
        ),
    },
  }),
);

/** Tenant entity page, Health tab. @public */
export const EntityTenantHealthContent = tenantsPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantHealthContent',
    component: {
      lazy: () =>
        import('./components/TenantEntity/TenantHealthContent').then(
          m => m.TenantHealthContent,
        ),
    },
  }),
);

/** Tenant entity page, Guardrails tab. @public */
export const EntityTenantGuardrailsContent = tenantsPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantGuardrailsContent',
    component: {
      lazy: () =>
        import('./components/TenantEntity/TenantGuardrailsContent').then(
          m => m.TenantGuardrailsContent,
        ),
    },
  }),
);

/** Tenant entity page, Spend tab (needs `tenants.spend.read`). @public */
export const EntityTenantSpendContent = tenantsPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantSpendContent',
    component: {
      lazy: () =>
        import('./components/TenantEntity/TenantSpendContent').then(
          m => m.TenantSpendContent,
        ),
    },
  }),
);

/** Tenant entity page, Deployments tab (the tenant stack's release and history). @public */
export const EntityTenantDeploymentsContent = tenantsPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantDeploymentsContent',
    component: {
      lazy: () =>
        import('./components/TenantEntity/TenantDeploymentsContent').then(
          m => m.TenantDeploymentsContent,
        ),
    },
  }),
);

/** Tenant entity page, Activity tab. @public */
export const EntityTenantActivityContent = tenantsPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantActivityContent',
    component: {
      lazy: () =>
        import('./components/TenantEntity/TenantActivityContent').then(
          m => m.TenantActivityContent,
        ),
    },
  }),
);
