import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';
import {
  DataGrid,
  GridColDef,
  GridInitialState,
  GridPaginationModel,
  GridSortDirection,
  GridSortModel,
  useGridApiRef,
} from '@mui/x-data-grid';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  TenantListResponse,
  TenantSortField,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { formatChange, formatDollars, shortRef } from '../common/format';
import {
  ComplianceCell,
  GRID_CELL_SX,
  HealthCell,
  ReleaseCell,
  TenantLinkCell,
} from './TenantsGridCells';
import { PAGE_SIZES, TenantListView } from './useTenantListParams';
import { useGuardedColumns } from './useGuardedColumns';

/** Grid column field → backend sort field. */
const SORT_FIELD: Record<string, TenantSortField> = {
  tenantId: 'name',
  owner: 'owner',
  tier: 'tier',
  state: 'state',
  healthStatus: 'health',
  complianceScore: 'compliance',
  spendMonthToDate: 'spend',
};
const FIELD_OF_SORT = Object.fromEntries(
  Object.entries(SORT_FIELD).map(([k, v]) => [v, k]),
);

type EntityPath = (tenantId: string) => string;

// Props handed to the grid keep their identity between renders: a new `getRowId` or
// `localeText` makes the grid rebuild its rows or locale and re-render every row and cell.
const getRowId = (row: TenantSummary) => row.tenantId;
const LOCALE_TEXT = { noRowsLabel: 'No tenants match these filters' };
const SORTING_ORDER: GridSortDirection[] = ['desc', 'asc'];
const NO_ROWS: TenantSummary[] = [];
const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/** The grid's columns; cells are plain elements (see TenantsGridCells), cheap to re-render. */
function makeColumns(entityPath: EntityPath): GridColDef<TenantSummary>[] {
  return [
    {
      field: 'tenantId',
      headerName: 'Tenant',
      flex: 1.2,
      minWidth: 160,
      renderCell: p => (
        <TenantLinkCell
          tenantId={p.row.tenantId}
          to={entityPath(p.row.tenantId)}
        />
      ),
    },
    {
      field: 'owner',
      headerName: 'Owner',
      flex: 1,
      minWidth: 120,
      valueFormatter: (v: string | null) => shortRef(v),
    },
    {
      field: 'tier',
      headerName: 'Tier',
      width: 110,
      valueFormatter: (v: string | null) => v ?? '—',
    },
    { field: 'state', headerName: 'State', width: 150 },
    {
      field: 'healthStatus',
      headerName: 'Health',
      width: 130,
      renderCell: p => (
        <HealthCell
          status={p.row.healthStatus}
          state={p.row.state}
          tags={p.row.tags}
        />
      ),
    },
    {
      field: 'release',
      headerName: 'Release',
      width: 150,
      sortable: false,
      renderCell: p => <ReleaseCell release={p.row.release} />,
    },
    {
      field: 'complianceScore',
      headerName: 'Compliance',
      flex: 1.6,
      minWidth: 280,
      renderCell: p => (
        <ComplianceCell
          score={p.row.complianceScore}
          state={p.row.state}
          tags={p.row.tags}
        />
      ),
    },
    {
      field: 'spendMonthToDate',
      headerName: 'Spend MTD (USD)',
      width: 150,
      align: 'right',
      headerAlign: 'right',
      valueFormatter: (v: string | null) =>
        v === null ? 'no data' : formatDollars(v),
    },
    {
      field: 'spendChangeRatio',
      headerName: 'Change',
      width: 110,
      sortable: false,
      align: 'right',
      headerAlign: 'right',
      valueGetter: (_v, row) =>
        row.spendMonthToDate === null
          ? '—'
          : formatChange(row.spendChangeRatio),
    },
  ];
}

/**
 * The tenants data grid: paging, sorting and filtering all happen on the server; the grid
 * only ever holds the current page (≤ 100 rows) and renders the visible ones. The spend,
 * health and compliance columns follow the answer's `columns` / `conditionalColumns`.
 *
 * The grid's props never change after the first render; the view and the data reach it
 * through its API. Any changed prop re-renders every visible row and cell, and a new `rows`
 * prop is copied into the grid's state only in an effect after such a render, so a sort
 * would render the old rows twice (on the click, and when the answer arrives) before the new
 * ones. Through the API the new rows render once.
 */
export const TenantsTable = memo(function TenantsTableView(props: {
  view: TenantListView;
  data?: TenantListResponse;
  loading: boolean;
  onChange: (change: Partial<TenantListView>) => void;
  disableVirtualization?: boolean;
}) {
  const { view, data, loading, onChange } = props;
  const apiRef = useGridApiRef();
  const entityRoute = useRouteRef(entityRouteRef);
  const columns = useMemo(
    () =>
      makeColumns(tenantId =>
        entityRoute({ namespace: 'default', kind: 'tenant', name: tenantId }),
      ),
    [entityRoute],
  );
  const sortModel: GridSortModel = useMemo(
    () =>
      view.sort && FIELD_OF_SORT[view.sort]
        ? [{ field: FIELD_OF_SORT[view.sort], sort: view.order ?? 'asc' }]
        : [],
    [view.sort, view.order],
  );
  const paginationModel = useMemo(
    () => ({ page: view.page, pageSize: view.pageSize }),
    [view.page, view.pageSize],
  );
  const initialState = useRef<GridInitialState>({
    sorting: { sortModel },
    pagination: { paginationModel, rowCount: data?.totalCount ?? 0 },
  });
  // The view changed outside the grid (back/forward, a shared link, a filter going back to
  // the first page): show it. A change the grid made itself is already shown.
  useEffect(() => {
    const grid = apiRef.current;
    if (!sameJson(grid.getSortModel(), sortModel)) grid.setSortModel(sortModel);
  }, [apiRef, sortModel]);
  useEffect(() => {
    const grid = apiRef.current;
    if (!sameJson(grid.state.pagination.paginationModel, paginationModel)) {
      grid.setPaginationModel(paginationModel);
    }
  }, [apiRef, paginationModel]);
  // New data and the loading flag, before the browser paints.
  useLayoutEffect(() => {
    const grid = apiRef.current;
    grid.setRowCount(data?.totalCount ?? 0);
    grid.setRows(data?.items ?? NO_ROWS);
  }, [apiRef, data]);
  useLayoutEffect(() => {
    apiRef.current.setLoading(loading);
  }, [apiRef, loading]);
  useGuardedColumns(apiRef, columns, data);

  const latest = useRef({ pageSize: view.pageSize, onChange });
  latest.current = { pageSize: view.pageSize, onChange };
  const onPaginationModelChange = useCallback((m: GridPaginationModel) => {
    latest.current.onChange({
      page: m.pageSize !== latest.current.pageSize ? 0 : m.page,
      pageSize: m.pageSize,
    });
  }, []);
  const onSortModelChange = useCallback((m: GridSortModel) => {
    latest.current.onChange({
      sort: m[0] ? SORT_FIELD[m[0].field] : undefined,
      order: m[0]?.sort ?? undefined,
      page: 0,
    });
  }, []);
  return (
    <div style={{ height: 640, width: '100%' }}>
      <DataGrid
        apiRef={apiRef}
        initialState={initialState.current}
        rows={NO_ROWS}
        getRowId={getRowId}
        columns={columns}
        density="compact"
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        onPaginationModelChange={onPaginationModelChange}
        pageSizeOptions={PAGE_SIZES}
        sortingOrder={SORTING_ORDER}
        onSortModelChange={onSortModelChange}
        disableColumnFilter
        disableColumnMenu
        disableRowSelectionOnClick
        disableVirtualization={props.disableVirtualization}
        localeText={LOCALE_TEXT}
        sx={GRID_CELL_SX}
      />
    </div>
  );
});
