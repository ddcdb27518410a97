import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  TenantListQuery,
  TenantListResponse,
} from '@tenancy/plugin-tenants-common';
import type { TenantsApi } from '../../api';

/** The overview's page of tenants and how its request is going. */
export interface TenantPage {
  /** The last page that arrived; kept on screen while the next one loads. */
  value?: TenantListResponse;
  /** Why the request for the current query failed. */
  error?: Error;
  /** True while the current query has no answer yet. */
  loading: boolean;
  /**
   * Starts the request for `query` at once, from the event handler that changes the view, so
   * it is on the network while React renders the change; the load for that query then reuses
   * it (one request per change).
   */
  prefetch(query: TenantListQuery): void;
}

/**
 * One page of tenants for `query` (`GET /tenants`). An answer that arrives after a newer query
 * was asked for is dropped.
 */
export function useTenantPage(
  api: TenantsApi,
  query: TenantListQuery,
): TenantPage {
  const key = JSON.stringify(query);
  const latestQuery = useRef(query);
  latestQuery.current = query;
  const started = useRef(new Map<string, Promise<TenantListResponse>>());
  const prefetch = useCallback(
    (q: TenantListQuery) => {
      const k = JSON.stringify(q);
      if (started.current.has(k)) return;
      const request = api.listTenants(q);
      // Handled by the load that takes it; this only keeps an unused one from being reported.
      request.catch(() => undefined);
      started.current.set(k, request);
    },
    [api],
  );
  const [state, setState] = useState<{
    key?: string;
    value?: TenantListResponse;
    error?: Error;
  }>({});
  useEffect(() => {
    let current = true;
    const request =
      started.current.get(key) ?? api.listTenants(latestQuery.current);
    started.current.clear();
    request.then(
      value => {
        if (current) setState({ key, value });
      },
      error => {
        if (current) setState(prev => ({ key, value: prev.value, error }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, key]);
  return {
    value: state.value,
    error: state.key === key ? state.error : undefined,
    loading: state.key !== key,
    prefetch,
  };
}
