import { ReactElement } from 'react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  financeApiRef,
  type FinanceApi,
  TenantsApi,
  tenantsApiRef,
} from '../api';
import { rootRouteRef } from '../routes';

/** A Tenant entity as the catalog module emits it. */
export const tenantEntity: Entity = {
  apiVersion: 'tenancy.dev/v1alpha1',
  kind: 'Tenant',
  metadata: { name: 'acme', namespace: 'default' },
  spec: {
    accountId: '111111111111',
    ouPath: '/Tenants/premium',
    state: 'ACTIVE',
    owner: 'group:default/team-acme',
    tier: 'premium',
    regions: ['eu-west-1', 'eu-central-1'],
  },
};

/**
 * The Tenant entity under another name. Permission decisions are cached per resource ref for
 * the test file, so a test that denies a permission uses a tenant of its own.
 */
export function entityNamed(name: string): Entity {
  return { ...tenantEntity, metadata: { ...tenantEntity.metadata, name } };
}

/** `GET /freshness` answering no sources, for tests of pages that show the freshness line. */
export const NO_FRESHNESS: Pick<TenantsApi, 'listSourceFreshness'> = {
  listSourceFreshness: async () => ({ items: [] }),
};

/**
 * Renders `element` in a test app with the given (partial) TenantsApi, a permission API that
 * allows everything except the permission names in `deny` (and tells `onAuthorize` of each
 * request), optionally a Tenant entity and the finance API.
 */
export function renderWithTenants(
  element: ReactElement,
  options: {
    api: Partial<TenantsApi>;
    deny?: string[];
    onAuthorize?: (request: Parameters<PermissionApi['authorize']>[0]) => void;
    entity?: Entity;
    route?: string;
    /** Registers the finance API (absent otherwise, as in an app without it). */
    financeApi?: Partial<FinanceApi>;
  },
) {
  const permissionApi = mockApis.permission({
    authorize: request => {
      options.onAuthorize?.(request);
      return (options.deny ?? []).includes(request.permission.name)
        ? ('DENY' as any)
        : ('ALLOW' as any);
    },
  });
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [tenantsApiRef, { ...NO_FRESHNESS, ...options.api } as TenantsApi],
        [permissionApiRef, permissionApi],
        ...(options.financeApi
          ? [[financeApiRef, options.financeApi as FinanceApi] as const]
          : []),
      ]}
    >
      {content}
    </TestApiProvider>,
    {
      routeEntries: options.route ? [options.route] : undefined,
      mountedRoutes: {
        '/tenants': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

/** A `ResponseError`-like rejection as the TenantsClient throws it. */
export function responseError(status: number, name: string, message: string) {
  return Object.assign(new Error(`Request failed with ${status}`), {
    name: 'ResponseError',
    statusCode: status,
    body: { error: { name, message }, response: { statusCode: status } },
  });
}
