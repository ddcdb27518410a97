export { TenantsCostsPage } from './TenantsCostsPage';
