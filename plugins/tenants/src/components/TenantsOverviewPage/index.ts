export { TenantsOverviewPage } from './TenantsOverviewPage';
