/**
 * Tenancy frontend: the tenants overview, the Tenant entity page tabs and the finance page.
 *
 * @packageDocumentation
 */
export {
  tenantsPlugin,
  TenantsPage,
  EntityTenantOverviewCard,
  EntityTenantHealthContent,
  EntityTenantGuardrailsContent,
  EntityTenantSpendContent,
  EntityTenantActivityContent,
  EntityTenantDeploymentsContent,
} from './plugin';
export {
  rootRouteRef as tenantsRouteRef,
  costsRouteRef as tenantsCostsRouteRef,
} from './routes';
export * from './api';
export {
  useTenantContentAccess,
  type TenantContentAccess,
} from './components/TenantEntity/useTenantContentAccess';
export {
  TenantIdFieldExtension,
  AccountEmailFieldExtension,
} from './scaffolder/fieldExtensions';
export {
  tenantIdValidation,
  accountEmailValidation,
  type TenancyFieldValidation,
} from './scaffolder/validation';
