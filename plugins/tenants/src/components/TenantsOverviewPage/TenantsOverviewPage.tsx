import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import type { TenantListResponse } from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { costsRouteRef } from '../../routes';
import { ErrorBox, NoPermission, isForbidden } from '../common/AsyncState';
import { DataFreshness } from './DataFreshness';
import { TenantsFilters } from './TenantsFilters';
import { TenantsTable } from './TenantsTable';
import { useTenantListParams, viewToQuery } from './useTenantListParams';

/** `/tenants`: the overview for support staff. */
export function TenantsOverviewPage(props: {
  disableVirtualization?: boolean;
}) {
  const api = useApi(tenantsApiRef);
  const costsRoute = useRouteRef(costsRouteRef);
  const { view, update } = useTenantListParams();
  const query = useMemo(() => viewToQuery(view), [view]);
  const result = useAsync(() => api.listTenants(query), [api, query]);
  // Keep the previous page on screen while the next one loads.
  const [shown, setShown] = useState<TenantListResponse>();
  useEffect(() => {
    if (result.value) setShown(result.value);
  }, [result.value]);
  // Filter suggestions from what has been seen.
  const [seen, setSeen] = useState<{ tiers: string[]; owners: string[] }>({
    tiers: [],
    owners: [],
  });
  useEffect(() => {
    if (!result.value) return;
    setSeen(prev => {
      const tiers = new Set(prev.tiers);
      const owners = new Set(prev.owners);
      for (const t of result.value!.items) {
        if (t.tier) tiers.add(t.tier);
        if (t.owner) owners.add(t.owner);
      }
      return { tiers: [...tiers].sort(), owners: [...owners].sort() };
    });
  }, [result.value]);

  return (
    <Page themeId="tool">
      <Header
        title="Tenants"
        subtitle="Every tenant AWS account: health, guardrails and spend"
      />
      <Content>
        <ContentHeader
          title={shown ? `${shown.totalCount} tenants` : 'Tenants'}
        >
          <Link to={costsRoute()}>Costs for finance</Link>
        </ContentHeader>
        <DataFreshness />
        <TenantsFilters
          view={view}
          tiers={seen.tiers}
          owners={seen.owners}
          onChange={update}
        />
        {result.error && isForbidden(result.error) && (
          <NoPermission what="tenants" permission="tenants.tenant.read" />
        )}
        {result.error && !isForbidden(result.error) && (
          <ErrorBox title="Could not load the tenants" error={result.error} />
        )}
        {!result.error && (
          <TenantsTable
            view={view}
            data={shown}
            loading={result.loading}
            onChange={update}
            disableVirtualization={props.disableVirtualization}
          />
        )}
      </Content>
    </Page>
  );
}
