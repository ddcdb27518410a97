import {
  startTransition,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useSearchParams } from 'react-router-dom';
import type {
  AccountState,
  BudgetFilter,
  DeploymentStatus,
  HealthStatus,
  TenantListColumns,
  TenantListQuery,
  TenantSortField,
} from '@tenancy/plugin-tenants-common';
import {
  BUDGET_FILTERS,
  TENANT_SORT_FIELDS,
} from '@tenancy/plugin-tenants-common';

const SORT_FIELDS: readonly TenantSortField[] = TENANT_SORT_FIELDS;
/** Page sizes offered; the browser never holds more than 100 rows. */
export const PAGE_SIZES = [25, 50, 100];

/** The overview's view state, kept in the URL query string so a view can be shared. */
export interface TenantListView {
  page: number;
  pageSize: number;
  sort?: TenantSortField;
  order?: 'asc' | 'desc';
  state: AccountState[];
  tier: string[];
  owner: string[];
  health: HealthStatus[];
  /** Release statuses of the tenant stack (`behind`, `failed`, …). */
  release: DeploymentStatus[];
  /** Tenants over their budget, or forecast over it (needs spend on every tenant). */
  budget?: BudgetFilter;
  q: string;
}

/** Parses the query string (unknown values ignored, page size capped at 100). */
export function parseView(params: URLSearchParams): TenantListView {
  const pageSize = Number(params.get('pageSize'));
  const page = Number(params.get('page'));
  const sort = params.get('sort') as TenantSortField | null;
  const order = params.get('order');
  const budget = params.get('budget') as BudgetFilter | null;
  return {
    page: Number.isInteger(page) && page > 0 ? page : 0,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 50,
    sort: sort && SORT_FIELDS.includes(sort) ? sort : undefined,
    order: order === 'asc' || order === 'desc' ? order : undefined,
    state: params.getAll('state') as AccountState[],
    tier: params.getAll('tier'),
    owner: params.getAll('owner'),
    health: params.getAll('health') as HealthStatus[],
    release: params.getAll('release') as DeploymentStatus[],
    budget: budget && BUDGET_FILTERS.includes(budget) ? budget : undefined,
    q: params.get('q') ?? '',
  };
}

/** Sort fields that order by a permission-guarded column. */
const GUARDED_SORT: Partial<Record<TenantSortField, keyof TenantListColumns>> =
  {
    spend: 'spend',
    health: 'health',
    compliance: 'compliance',
  };

/**
 * The change that drops the sort and the health or release filter of `view` the user may not be allowed
 * (the server answers 403 to those), judged by `columns` of the last answer (unknown before
 * the first answer: then every guarded sort or filter is dropped); undefined when there is
 * none to drop.
 */
export function withoutGuardedView(
  view: TenantListView,
  columns?: TenantListColumns,
): Partial<TenantListView> | undefined {
  const sortColumn = view.sort && GUARDED_SORT[view.sort];
  const dropSort = Boolean(sortColumn && !columns?.[sortColumn]);
  const dropHealth = view.health.length > 0 && !columns?.health;
  const dropRelease = view.release.length > 0 && !columns?.release;
  // Where a budget stands compares spend with its amount: the spend column's permission.
  const dropBudget = view.budget !== undefined && !columns?.spend;
  if (!dropSort && !dropHealth && !dropRelease && !dropBudget) return undefined;
  return {
    page: 0,
    ...(dropSort ? { sort: undefined, order: undefined } : {}),
    ...(dropHealth ? { health: [] } : {}),
    ...(dropRelease ? { release: [] } : {}),
    ...(dropBudget ? { budget: undefined } : {}),
  };
}

/** The backend query of a view. */
export function viewToQuery(view: TenantListView): TenantListQuery {
  return {
    limit: view.pageSize,
    offset: view.page * view.pageSize,
    sort: view.sort,
    order: view.sort ? view.order ?? 'asc' : undefined,
    state: view.state,
    tier: view.tier,
    owner: view.owner,
    health: view.health,
    release: view.release,
    ...(view.budget ? { budget: view.budget } : {}),
    q: view.q || undefined,
  };
}

function viewToParams(view: TenantListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  for (const key of ['state', 'tier', 'owner', 'health', 'release'] as const) {
    for (const v of view[key]) params.append(key, v);
  }
  if (view.budget) params.set('budget', view.budget);
  if (view.sort) {
    params.set('sort', view.sort);
    params.set('order', view.order ?? 'asc');
  }
  if (view.page > 0) params.set('page', String(view.page));
  if (view.pageSize !== 50) params.set('pageSize', String(view.pageSize));
  return params;
}

/**
 * The view, read from the URL and written back to it; changing a filter goes back to the first
 * page. `onChange` hears of a change before anything renders (the overview starts its request
 * there). The view itself updates at once (it drives the request); the URL follows after the
 * view has rendered, as a React transition, so neither writing the history entry nor
 * re-rendering everything that listens to the location delays the rows.
 */
export function useTenantListParams(onChange?: (next: TenantListView) => void) {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const [view, setView] = useState(() => parseView(params));
  // The URL changed from outside (back/forward, a shared link): follow it.
  useEffect(() => {
    setView(current => {
      const fromUrl = parseView(new URLSearchParams(key));
      return JSON.stringify(fromUrl) === JSON.stringify(current)
        ? current
        : fromUrl;
    });
  }, [key]);
  // The view changed here: write it to the URL once it is on screen.
  const unwritten = useRef(false);
  useEffect(() => {
    if (!unwritten.current) return;
    unwritten.current = false;
    startTransition(() => {
      setParams(viewToParams(view), { replace: true });
    });
  }, [view, setParams]);
  // `update` keeps one identity so memoized children do not re-render on every change.
  const latest = useRef({ view, onChange });
  latest.current = { view, onChange };
  const update = useCallback((change: Partial<TenantListView>) => {
    const next = { ...latest.current.view, ...change };
    const filterChanged = Object.keys(change).some(
      k => k !== 'page' && k !== 'pageSize' && k !== 'sort' && k !== 'order',
    );
    if (filterChanged && change.page === undefined) next.page = 0;
    latest.current.view = next;
    latest.current.onChange?.(next);
    unwritten.current = true;
    setView(next);
  }, []);
  return { view, update };
}
