export { tenantsApiRef } from './TenantsApi';
export type { TenantsApi } from './TenantsApi';
export { TenantsClient } from './TenantsClient';
export { DemoTenantsClient } from './DemoTenantsClient';
