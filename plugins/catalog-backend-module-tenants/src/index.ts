/**
 * Catalog backend module for Tenancy: the `Tenant` kind (apiVersion `tenancy.dev/v1alpha1`)
 * and an entity provider keeping one Tenant entity per tenant AWS account.
 *
 * @packageDocumentation
 */
export { catalogModuleTenants as default } from './module';
export { catalogModuleTenants } from './module';
export * from './kind/TenantEntity';
export { TenantEntitiesProcessor } from './kind/TenantEntitiesProcessor';
export {
  TenantEntityProvider,
  TENANT_VENDED_TOPIC,
  type TenantEntityProviderOptions,
} from './provider/TenantEntityProvider';
export {
  DISPLAY_NAME_TAG,
  tenantToEntity,
  TENANTS_PROVIDER_LOCATION,
} from './provider/tenantToEntity';
export {
  createTenantEntityReadDecision,
  type TenantEntityReadDecisionOptions,
} from './permissions/tenantEntityDecision';
