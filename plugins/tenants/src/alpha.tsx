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
  createRouteRef,
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
  EntityHeaderLayoutBlueprint,
  type EntityHeaderLayoutProps,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantContentGuard } from './components/TenantEntity/TenantContentGuard';
import type { GuardedTenantContent } from './components/TenantEntity/permittedTabs';
import {
  financeApiRef,
  FinanceClient,
  tenantsApiRef,
  TenantsClient,
} from './api';
import { costsRouteRef, rootRouteRef } from './routes';
import TenantsIcon from '@mui/icons-material/AccountTree';
import CostsIcon from '@mui/icons-material/AttachMoney';

/**
 * The finance page's own route ref in the new frontend system, so it has a nav item; links
 * inside the plugin use the legacy sub route `costsRouteRef` (`/tenants/costs`).
 */
const costsPageRouteRef = createRouteRef();

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

/** `/tenants`: the overview for support staff (the page draws its own header), nav item "Tenants". */
const overviewPage = PageBlueprint.make({
  params: {
    path: '/tenants',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'Tenants',
    icon: <TenantsIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/TenantsOverviewPage').then(m =>
        compatWrapper(<m.TenantsOverviewPage />),
      ),
  },
});

/** `/tenants/costs`: the finance page, nav item "Tenant costs". */
const costsPage = PageBlueprint.make({
  name: 'costs',
  params: {
    path: '/tenants/costs',
    routeRef: costsPageRouteRef,
    title: 'Tenant costs',
    icon: <CostsIcon fontSize="inherit" />,
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

/**
 * A Tenant entity page tab at `path` (= its extension name). A guarded tab renders only for a
 * user holding its permission on the tenant and sends anyone else to the Overview; the Tenant
 * header leaves the tab out for them (see `tenantHeader`).
 */
function tenantContent<TName extends string>(
  name: TName,
  title: string,
  load: () => Promise<JSX.Element>,
  guard?: GuardedTenantContent,
) {
  return EntityContentBlueprint.make({
    name,
    params: {
      path: name,
      title,
      filter: TENANTS,
      loader: async () => {
        const content = await load();
        return compatWrapper(
          guard ? (
            <TenantContentGuard content={guard}>{content}</TenantContentGuard>
          ) : (
            content
          ),
        );
      },
    },
  });
}

const healthContent = tenantContent(
  'health',
  'Health',
  () =>
    import('./components/TenantEntity/TenantHealthContent').then(m => (
      <m.TenantHealthContent />
    )),
  'health',
);

const guardrailsContent = tenantContent(
  'guardrails',
  'Guardrails',
  () =>
    import('./components/TenantEntity/TenantGuardrailsContent').then(m => (
      <m.TenantGuardrailsContent />
    )),
  'guardrails',
);

const spendContent = tenantContent(
  'spend',
  'Spend',
  () =>
    import('./components/TenantEntity/TenantSpendContent').then(m => (
      <m.TenantSpendContent />
    )),
  'spend',
);

const deploymentsContent = tenantContent(
  'deployments',
  'Deployments',
  () =>
    import('./components/TenantEntity/TenantDeploymentsContent').then(m => (
      <m.TenantDeploymentsContent />
    )),
  'deployments',
);

const activityContent = tenantContent('activity', 'Activity', () =>
  import('./components/TenantEntity/TenantActivityContent').then(m => (
    <m.TenantActivityContent />
  )),
);

/**
 * The header of a Tenant's entity page: title, kind, tier, owner, and only the tabs the user
 * may open (the permission decisions are per tenant, which the tabs' entity filters cannot
 * express).
 */
const tenantHeader = EntityHeaderLayoutBlueprint.make({
  name: 'tenant',
  params: {
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'tenant',
    loader: () =>
      import('./components/TenantEntity/TenantEntityHeader').then(
        m => (props: EntityHeaderLayoutProps) =>
          compatWrapper(<m.TenantEntityHeader {...props} />),
      ),
  },
});

/** `ui:field: TenantIdField` of the New tenant template, for the scaffolder's form. */
const tenantIdField = FormFieldBlueprint.make({
  name: 'tenant-id',
  params: {
    field: () =>
      import('./scaffolder/formFields').then(m => m.tenantIdFormField),
  },
});

/** `ui:field: AccountEmailField` of the New tenant template, for the scaffolder's form. */
const accountEmailField = FormFieldBlueprint.make({
  name: 'account-email',
  params: {
    field: () =>
      import('./scaffolder/formFields').then(m => m.accountEmailFormField),
  },
});

/**
 * The Tenancy frontend plugin for the new frontend system. Extensions: `api:tenants`,
 * `page:tenants` (`/tenants`), `page:tenants/costs` (`/tenants/costs`),
 * `entity-card:tenants/overview`, `entity-content:tenants/{health,guardrails,spend,deployments,activity}`
 * and `entity-header-layout:tenants/tenant` (Tenant entities only; the header shows only the
 * tabs the user holds the permission for), and the New tenant template's form fields
 * `scaffolder-form-field:tenants/{tenant-id,account-email}`. Install it with
 * `features: [tenantsPlugin]` in `createApp`.
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
    tenantHeader,
    tenantIdField,
    accountEmailField,
  ],
});

export default tenantsPlugin;
