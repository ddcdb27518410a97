export { tenantsApiRef } from './TenantsApi';
export type { TenantsApi } from './TenantsApi';
export { TenantsClient } from './TenantsClient';
export { DemoTenantsClient } from './DemoTenantsClient';
export { financeApiRef, FinanceClient } from './FinanceApi';
export type {
  FinanceApi,
  FinanceFleet,
  TenantFinance,
  ChargebackReport,
  TenantBudget,
} from './FinanceApi';
