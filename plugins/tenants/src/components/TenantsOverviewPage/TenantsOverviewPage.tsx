import { memo, useEffect, useMemo, useRef, useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import type { TenantListQuery } from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { costsRouteRef } from '../../routes';
import { ErrorBox, NoPermission, isForbidden } from '../common/AsyncState';
import { DataFreshness } from './DataFreshness';
import { RegionsRead } from '../common/RegionsRead';
import { TenantsFilters } from './TenantsFilters';
import { TenantsTable } from './TenantsTable';
import {
  useTenantListParams,
  viewToQuery,
  withoutGuardedView,
} from './useTenantListParams';
import { useTenantPage } from './useTenantPage';

/** A page that answers within this time is swapped in without a loading overlay in between. */
const LOADING_DELAY_MS = 250;

/** `flag`, but turning true only after it has stayed true for `delayMs`. */
function useDelayedFlag(flag: boolean, delayMs: number): boolean {
  const [delayed, setDelayed] = useState(false);
  useEffect(() => {
    if (!flag) {
      setDelayed(false);
      return undefined;
    }
    const timer = setTimeout(() => setDelayed(true), delayMs);
    return () => clearTimeout(timer);
  }, [flag, delayMs]);
  return flag && delayed;
}

const EMPTY_SEEN = { tiers: [] as string[], owners: [] as string[] };

/**
 * `/tenants`: the overview for support staff. The page frame has no state and is memoized:
 * Backstage's `Page` gives its subtree a new theme object on every render (a function theme),
 * which makes every `makeStyles` sheet below it detach and re-attach and every styled
 * component re-serialize its styles, so a re-render of the frame restyles the whole page. All
 * view state (URL, request, rows) lives in `TenantsOverview` below it; a sort or filter change
 * re-renders only that.
 */
export const TenantsOverviewPage = memo(
  function TenantsOverviewPageFrame(props: {
    disableVirtualization?: boolean;
  }) {
    return (
      <Page themeId="tool">
        <Header
          title="Tenants"
          subtitle="Every tenant AWS account: health, guardrails and spend"
        />
        <Content>
          <TenantsOverview
            disableVirtualization={props.disableVirtualization}
          />
        </Content>
      </Page>
    );
  },
);

/** The overview's content: tenant count, freshness, filters and the server-side grid. */
function TenantsOverview(props: { disableVirtualization?: boolean }) {
  const api = useApi(tenantsApiRef);
  const costsRoute = useRouteRef(costsRouteRef);
  // A change of view starts its request before React renders it (see useTenantPage).
  const prefetch = useRef<(query: TenantListQuery) => void>();
  const { view, update } = useTenantListParams(next =>
    prefetch.current?.(viewToQuery(next)),
  );
  const query = useMemo(() => viewToQuery(view), [view]);
  const result = useTenantPage(api, query);
  prefetch.current = result.prefetch;
  const { q, health, release, budget, state, tier, owner } = view;
  const filters = useMemo(
    () => ({ q, health, release, budget, state, tier, owner }),
    [q, health, release, budget, state, tier, owner],
  );
  const slowLoading = useDelayedFlag(result.loading, LOADING_DELAY_MS);
  // The previous page stays on screen while the next one loads.
  const shown = result.value;
  // A view sorted or filtered by a column the user may not read on every tenant (a link
  // shared by someone who may) is refused with 403: show the tenants without that sort or
  // filter. A 403 on a view without one is the missing tenants.tenant.read, shown below.
  const forbidden = result.error && isForbidden(result.error);
  const readable = shown?.columns;
  useEffect(() => {
    if (!forbidden) return;
    const change = withoutGuardedView(view, readable);
    if (change) update(change);
  }, [forbidden, view, readable, update]);
  const retrying = Boolean(forbidden && withoutGuardedView(view, readable));
  // Filter suggestions from what has been seen; state changes only when something is new.
  const [seen, setSeen] = useState<{ tiers: string[]; owners: string[] }>(
    EMPTY_SEEN,
  );
  useEffect(() => {
    if (!result.value) return;
    const items = result.value.items;
    setSeen(prev => {
      const tiers = new Set(prev.tiers);
      const owners = new Set(prev.owners);
      for (const t of items) {
        if (t.tier) tiers.add(t.tier);
        if (t.owner) owners.add(t.owner);
      }
      if (
        tiers.size === prev.tiers.length &&
        owners.size === prev.owners.length
      ) {
        return prev;
      }
      return { tiers: [...tiers].sort(), owners: [...owners].sort() };
    });
  }, [result.value]);

  return (
    <>
      <ContentHeader title={shown ? `${shown.totalCount} tenants` : 'Tenants'}>
        {/* The costs page's fleet views need spend on every tenant. */}
        {shown?.columns.spend && (
          <Link to={costsRoute()}>Costs for finance</Link>
        )}
      </ContentHeader>
      <DataFreshness />
      <RegionsRead
        regionsRead={shown?.regionsRead}
        what="Alarms, metrics, GuardDuty findings, Config results and StackSet instances"
      />
      <TenantsFilters
        view={filters}
        tiers={seen.tiers}
        owners={seen.owners}
        showHealth={shown ? shown.columns.health : true}
        showRelease={shown ? shown.columns.release : true}
        showBudget={shown ? shown.columns.spend : true}
        onChange={update}
      />
      {forbidden && !retrying && (
        <NoPermission what="tenants" permission="tenants.tenant.read" />
      )}
      {result.error && !isForbidden(result.error) && (
        <ErrorBox title="Could not load the tenants" error={result.error} />
      )}
      {(!result.error || retrying) && (
        <TenantsTable
          view={view}
          data={shown}
          loading={result.loading && (!shown || slowLoading)}
          onChange={update}
          disableVirtualization={props.disableVirtualization}
        />
      )}
    </>
  );
}
