/**
 * The scaffolder module with the Tenancy vending actions: create or adopt the tenant AWS
 * account, move it into the tenants OU, attach the guardrail SCPs, apply the baseline StackSet,
 * create the budget, register the Tenant entity and optionally run a Step Functions state machine.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTenancy as default } from './module';
export { scaffolderModuleTenancy } from './module';
export * from './actions';
export type { TenancyActionDeps } from './deps';
export { readVendingSettings } from './settings';
export type { VendingSettings, BudgetSettings } from './settings';
export type { ActivityRecorder, VendingActivity } from './lib/activity';
export type { ActionClock } from './lib/clock';
export { systemClock } from './lib/clock';
export {
  CatalogTenantRegistrar,
  tenantEntity,
  TENANT_VENDED_TOPIC,
  type TenantRegistrar,
  type TenantRegistration,
  type TenantRegistrationResult,
} from './lib/registrar';
export { DRY_RUN_ACCOUNT_ID } from './actions/tenancyAccountCreate';
export type { OffboardingSettings } from './offboardingSettings';
export {
  BackendTenantPortal,
  type OffboardingState,
  type TenantPortal,
  type TenantPortalOptions,
  type TenantPortalView,
} from './lib/offboarding/tenantPortal';
export { readReleaseSettings } from './lib/releases/releaseSettings';
export type {
  ReleaseDeps,
  ReleaseSettings,
} from './lib/releases/releaseSettings';
export { KnexReleaseStore } from './lib/releases/releaseStore';
export type {
  InstanceResultRecord,
  ReleaseRecord,
  ReleaseStore,
  RolloutRecord,
} from './lib/releases/releaseStore';
