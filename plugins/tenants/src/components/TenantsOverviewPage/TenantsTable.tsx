import { memo, useCallback, useMemo, useRef } from 'react';
import {
  DataGrid,
  GridColDef,
  GridPaginationModel,
  GridSortDirection,
  GridSortModel,
} from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MuiLink from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import { Link as RouterLink } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  TenantListResponse,
  TenantSortField,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import {
  complianceCaveats,
  formatChange,
  formatComplianceScore,
  formatComplianceShort,
  formatDollars,
  shortRef,
} from '../common/format';
import { HealthChip } from '../common/StatusChips';
import { PAGE_SIZES, TenantListView } from './useTenantListParams';

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

/**
 * A compact compliance cell, readable at any column width: `10/13 compliant` plus a chip per
 * caveat; the full sentence is the tooltip (and the accessible name).
 */
function ComplianceCell(props: { score: TenantSummary['complianceScore'] }) {
  const { score } = props;
  const caveats = score ? complianceCaveats(score) : [];
  return (
    <Tooltip title={formatComplianceScore(score)}>
      <Box
        display="flex"
        alignItems="center"
        gap={0.5}
        height="100%"
        overflow="hidden"
        whiteSpace="nowrap"
      >
        <span>{formatComplianceShort(score)}</span>
        {caveats.map(c => (
          <Chip key={c} size="small" variant="outlined" label={c} />
        ))}
      </Box>
    </Tooltip>
  );
}

/** The grid's columns; the tenant cell is a plain router link (cheap to mount, 100 at a time). */
function makeColumns(entityPath: EntityPath): GridColDef<TenantSummary>[] {
  return [
    {
      field: 'tenantId',
      headerName: 'Tenant',
      flex: 1.2,
      minWidth: 160,
      renderCell: p => (
        <MuiLink
          component={RouterLink}
          to={entityPath(p.row.tenantId)}
          underline="hover"
        >
          {p.row.tenantId}
        </MuiLink>
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
      renderCell: p => <HealthChip status={p.row.healthStatus} />,
    },
    {
      field: 'complianceScore',
      headerName: 'Compliance',
      flex: 1.6,
      minWidth: 280,
      renderCell: p => <ComplianceCell score={p.row.complianceScore} />,
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
 * only ever holds the current page (≤ 100 rows) and renders the visible ones.
 */
export const TenantsTable = memo(function TenantsTableView(props: {
  view: TenantListView;
  data?: TenantListResponse;
  loading: boolean;
  onChange: (change: Partial<TenantListView>) => void;
  disableVirtualization?: boolean;
}) {
  const { view, data, loading, onChange } = props;
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
        rows={data?.items ?? NO_ROWS}
        getRowId={getRowId}
        columns={columns}
        rowCount={data?.totalCount ?? 0}
        loading={loading}
        density="compact"
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        paginationModel={paginationModel}
        onPaginationModelChange={onPaginationModelChange}
        pageSizeOptions={PAGE_SIZES}
        sortModel={sortModel}
        sortingOrder={SORTING_ORDER}
        onSortModelChange={onSortModelChange}
        disableColumnFilter
        disableColumnMenu
        disableRowSelectionOnClick
        disableVirtualization={props.disableVirtualization}
        localeText={LOCALE_TEXT}
      />
    </div>
  );
});
