import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The tenants overview, `/tenants`. */
export const rootRouteRef = createRouteRef({ id: 'tenants' });

/** The finance page, `/tenants/costs`. */
export const costsRouteRef = createSubRouteRef({
  id: 'tenants-costs',
  parent: rootRouteRef,
  path: '/costs',
});
