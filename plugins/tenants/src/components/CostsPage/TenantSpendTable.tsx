import { useMemo } from 'react';
import { DataGrid, GridColDef } from '@mui/x-data-grid';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { usdToCents, type FleetSpend } from '@tenancy/plugin-tenants-common';
import { formatDollars } from '../common/format';
import { changeSortKey, formatSpendChange } from './spendChange';

type Row = FleetSpend['tenants'][number];

function TenantLink(props: { tenantId: string }) {
  const entityRoute = useRouteRef(entityRouteRef);
  return (
    <Link
      to={`${entityRoute({
        namespace: 'default',
        kind: 'tenant',
        name: props.tenantId,
      })}/spend`}
    >
      {props.tenantId}
    </Link>
  );
}

/** A right-aligned USD column: sorted exactly in cents, shown as `$1,234.50`. */
function usdColumn(
  field: 'amount' | 'previousAmount',
  headerName: string,
  width: number,
): GridColDef<Row> {
  return {
    field,
    headerName,
    width,
    align: 'right',
    headerAlign: 'right',
    // A previous amount is null when its month is not stored (the oldest stored month).
    sortComparator: (a: string | null, b: string | null) =>
      (a === null ? -Infinity : usdToCents(a)) -
        (b === null ? -Infinity : usdToCents(b)) || 0,
    valueFormatter: (v: string | null) =>
      v === null ? 'not stored' : formatDollars(v),
  };
}

function makeColumns(previousLabel: string): GridColDef<Row>[] {
  return [
    {
      field: 'tenantId',
      headerName: 'Tenant',
      flex: 1,
      renderCell: p => <TenantLink tenantId={p.row.tenantId} />,
    },
    { field: 'accountId', headerName: 'Account', width: 150 },
    usdColumn('amount', 'Spend (USD)', 150),
    usdColumn('previousAmount', previousLabel, 220),
    {
      field: 'change',
      headerName: 'Change',
      width: 170,
      align: 'right',
      headerAlign: 'right',
      valueGetter: (_v: unknown, row: Row) => row,
      sortComparator: (a: Row, b: Row) =>
        changeSortKey(a.change) - changeSortKey(b.change),
      renderCell: p =>
        p.row.noDataReason ? (
          <span title={p.row.noDataReason}>no billing data yet</span>
        ) : (
          formatSpendChange(p.row.change, p.row.changeRatio)
        ),
    },
  ];
}

/**
 * Per-tenant spend of one month, paged in the browser (25 rows a page), largest first.
 * `previousLabel` names what the previous amounts cover (the same days of the previous month
 * for the current month, else the whole previous month).
 */
export function TenantSpendTable(props: {
  tenants: FleetSpend['tenants'];
  previousLabel?: string;
  disableVirtualization?: boolean;
}) {
  const previousLabel = props.previousLabel ?? 'Previous month';
  const columns = useMemo(() => makeColumns(previousLabel), [previousLabel]);
  return (
    <div style={{ height: 520, width: '100%' }}>
      <DataGrid
        rows={props.tenants}
        getRowId={r => r.tenantId}
        columns={columns}
        density="compact"
        initialState={{
          sorting: { sortModel: [{ field: 'amount', sort: 'desc' }] },
          pagination: { paginationModel: { pageSize: 25, page: 0 } },
        }}
        pageSizeOptions={[25, 50, 100]}
        disableColumnMenu
        disableRowSelectionOnClick
        disableVirtualization={props.disableVirtualization}
        localeText={{ noRowsLabel: 'No tenant spend in this month' }}
      />
    </div>
  );
}
