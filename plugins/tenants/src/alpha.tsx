/**
 * The Tenancy frontend plugin for Backstage's new frontend system
 * (`@backstage/frontend-plugin-api`): the same pages, Tenant entity page content and API as the
 * legacy plugin in the main entry point.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createApiFactory,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  financeApiRef,
  FinanceClient,
  tenantsApiRef,
  TenantsClient,
} from './api';
import { costsRouteRef, rootRouteRef } from './routes';

/** Tenant entities only. */
const TENANTS = 'kind:tenant';

/** `tenantsApiRef` implemented by `TenantsClient` (discoveryApi + fetchApi). */
const tenantsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: tenantsApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new TenantsClient({ discoveryApi, fetchApi }),
      }),
    ),
});

/** `financeApiRef` implemented by `FinanceClient` (the finance routes). */
const financeApi = ApiBlueprint.make({
  name: 'finance',
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: financeApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new FinanceClient({ discoveryApi, fetchApi }),
      }),
    ),
});

/** `/tenants`: the overview for support staff (the page draws its own header). */
const overviewPage = PageBlueprint.make({
  params: {
    path: '/tenants',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/TenantsOverviewPage').then(m =>
        compatWrapper(<m.TenantsOverviewPage />),
      ),
  },
});

/** `/tenants/costs`: the finance page. */
const costsPage = PageBlueprint.make({
  name: 'costs',
  params: {
    path: '/tenants/costs',
    noHeader: true,
    loader: () =>
      import('./components/CostsPage').then(m =>
        compatWrapper(<m.TenantsCostsPage />),
      ),
  },
});

/** Tenant entity page: account, OU path, state, owner, tier, regions, console links. */
const overviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: TENANTS,
    loader: () =>
      import('./components/TenantEntity/TenantOverviewCard').then(m =>
        compatWrapper(<m.TenantOverviewCard />),
      ),
  },
});

/** Tenant entity page tabs; each checks its permission and says when it is missing. */
const healthContent = EntityContentBlueprint.make({
  name: 'health',
  params: {
    path: 'health',
    title: 'Health',
    filter: TENANTS,
    loader: () =>
      import('./components/TenantEntity/TenantHealthContent').then(m =>
        compatWrapper(<m.TenantHealthContent />),
      ),
  },
});

const guardrailsContent = EntityContentBlueprint.make({
  name: 'guardrails',
  params: {
    path: 'guardrails',
    title: 'Guardrails',
    filter: TENANTS,
    loader: () =>
      import('./components/TenantEntity/TenantGuardrailsContent').then(m =>
        compatWrapper(<m.TenantGuardrailsContent />),
      ),
  },
});

const spendContent = EntityContentBlueprint.make({
  name: 'spend',
  params: {
    path: 'spend',
    title: 'Spend',
    filter: TENANTS,
    loader: () =>
      import('./components/TenantEntity/TenantSpendContent').then(m =>
        compatWrapper(<m.TenantSpendContent />),
      ),
  },
});

const deploymentsContent = EntityContentBlueprint.make({
  name: 'deployments',
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: TENANTS,
    loader: () =>
      import('./components/TenantEntity/TenantDeploymentsContent').then(m =>
        compatWrapper(<m.TenantDeploymentsContent />),
      ),
  },
});

const activityContent = EntityContentBlueprint.make({
  name: 'activity',
  params: {
    path: 'activity',
    title: 'Activity',
    filter: TENANTS,
    loader: () =>
      import('./components/TenantEntity/TenantActivityContent').then(m =>
        compatWrapper(<m.TenantActivityContent />),
      ),
  },
});

/**
 * The Tenancy frontend plugin for the new frontend system. Extensions: `api:tenants`,
 * `page:tenants` (`/tenants`), `page:tenants/costs` (`/tenants/costs`),
 * `entity-card:tenants/overview` and `entity-content:tenants/{health,guardrails,spend,deployments,activity}`
 * (Tenant entities only). Install it with `features: [tenantsPlugin]` in `createApp`.
 * @alpha
 */
const tenantsPlugin = createFrontendPlugin({
  pluginId: 'tenants',
  routes: convertLegacyRouteRefs({ root: rootRouteRef, costs: costsRouteRef }),
  extensions: [
    tenantsApi,
    financeApi,
    overviewPage,
    costsPage,
    overviewCard,
    healthContent,
    guardrailsContent,
    spendContent,
    deploymentsContent,
    activityContent,
  ],
});

export default tenantsPlugin;
