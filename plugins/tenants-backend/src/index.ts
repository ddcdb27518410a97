/**
 * The Tenancy backend plugin: one folder per data source (inventory from AWS Organizations,
 * spend, health, compliance), the scheduled refresh of the fleet snapshot, and the REST API
 * with permission checks. Modules add sources through `tenantsSourcesExtensionPoint` of
 * `@tenancy/plugin-tenants-node`.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
export { tenantsPlugin } from './plugin';
export type {
  CollectorContext,
  CollectorError,
  TenantsCollector,
  TenantsCollectorRegistry,
  TenantsSource,
  TenantsSourceRouteContext,
} from '@tenancy/plugin-tenants-node';
export { tenantsSourcesExtensionPoint } from '@tenancy/plugin-tenants-node';
export {
  tenantPermissionResourceRef,
  tenantsConditions,
  tenantsPermissionRules,
  createTenantsConditionalDecision,
  isTenantOwner,
} from './permissions/rules';
export type {
  TenantsStore,
  TenantSummaryUpdate,
  TenantCondition,
  TenantPermissionFilter,
} from './inventory/store/types';
export { TenantAccess, type TenantScope } from './permissions/TenantAccess';
export type {
  BuiltInTenantsSource,
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from './routeContext';
