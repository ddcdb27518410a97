/**
 * The Tenancy backend plugin: the tenant inventory from AWS Organizations, the scheduled
 * refresh of the fleet snapshot, the store and the REST API with permission checks.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
export {
  tenantsPlugin,
  tenantsCollectorsExtensionPoint,
  type TenantsCollectorsExtensionPoint,
} from './plugin';
export type {
  CollectorContext,
  CollectorError,
  TenantsCollector,
  TenantsCollectorRegistry,
} from './collectors/types';
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
} from './store/types';
export { TenantAccess, type TenantScope } from './permissions/TenantAccess';
export type {
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from './routes/context';
