import { Route, Routes } from 'react-router-dom';
import { TenantsOverviewPage } from './TenantsOverviewPage';
import { TenantsCostsPage } from './CostsPage';

/** `/tenants` → the overview; `/tenants/costs` → the finance page. */
export function TenantsRouter() {
  return (
    <Routes>
      <Route path="/" element={<TenantsOverviewPage />} />
      <Route path="/costs" element={<TenantsCostsPage />} />
    </Routes>
  );
}
