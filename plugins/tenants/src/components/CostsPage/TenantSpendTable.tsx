import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  DataGrid,
  GridColDef,
  GridPaginationModel,
  GridSortModel,
} from '@mui/x-data-grid';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  FleetSpend,
  FleetSpendQuery,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { formatDollars } from '../common/format';
import { formatSpendChange } from './spendChange';

type Row = FleetSpend['tenants'][number];

/** A right-aligned USD column (sorted on the server), shown as `$1,234.50`. */
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
    valueFormatter: (v: string | null) =>
      v === null ? 'not stored' : formatDollars(v),
  };
}

/**
 * The table's columns: made once per label and route (memoized by the table), with cells as
 * light as they can be — the tenant link's address is built by `spendLink`, not by a hook in
 * every cell.
 */
function makeColumns(
  previousLabel: string,
  spendLink: (tenantId: string) => string,
): GridColDef<Row>[] {
  return [
    {
      field: 'tenantId',
      headerName: 'Tenant',
      flex: 1,
      renderCell: p => (
        <Link to={spendLink(p.row.tenantId)}>{p.row.tenantId}</Link>
      ),
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
      renderCell: p =>
        p.row.noDataReason ? (
          <span title={p.row.noDataReason}>no billing data yet</span>
        ) : (
          formatSpendChange(p.row.change, p.row.changeRatio)
        ),
    },
  ];
}

/** The backend's sort field of each sortable column. */
const SORT_FIELD: Record<string, NonNullable<FleetSpendQuery['sort']>> = {
  tenantId: 'name',
  accountId: 'account',
  amount: 'amount',
  previousAmount: 'previous',
  change: 'change',
};

/** Rows a page shows first; the costs page asks for this many with its month. */
export const TENANT_PAGE_SIZE = 25;

const DEFAULT_SORT: GridSortModel = [{ field: 'amount', sort: 'desc' }];

// Props of the grid that never change, made once: a new object or function on every render
// would make the grid update its state (and re-render every row) on every page change.
const PAGE_SIZE_OPTIONS = [25, 50, 100];
const LOCALE_TEXT = { noRowsLabel: 'No tenant spend in this month' };
const rowId = (r: Row) => r.tenantId;
const SEARCH_INPUT_PROPS = { 'data-testid': 'costs-tenant-search' };

/** Pages of a month kept in the browser (fetched, or fetched ahead). */
const MAX_KEPT_PAGES = 20;

/**
 * Per-tenant spend of one month, paged, sorted and searched on the server (`GET /spend/fleet`
 * with limit, offset, sort, order and q): `first` is the month's answer for the first page
 * ({@link TENANT_PAGE_SIZE} rows, largest amount first), shown without another request; any
 * other page, order or search is fetched, and the page after the one shown is fetched ahead, so
 * that "next page" shows at once: a page already answered is rendered in the same render as the
 * click, without a loading state in between. `previousLabel` names what the previous amounts cover
 * (the same days of the previous month for the current month, else the whole previous month).
 */
export function TenantSpendTable(props: {
  month: string;
  first: FleetSpend;
  previousLabel?: string;
  disableVirtualization?: boolean;
}) {
  const api = useApi(tenantsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const previousLabel = props.previousLabel ?? 'Previous month';
  const columns = useMemo(
    () =>
      makeColumns(
        previousLabel,
        tenantId =>
          `${entityRoute({
            namespace: 'default',
            kind: 'tenant',
            name: tenantId,
          })}/spend`,
      ),
    [previousLabel, entityRoute],
  );
  const [pagination, setPagination] = useState<GridPaginationModel>({
    page: 0,
    pageSize: TENANT_PAGE_SIZE,
  });
  const [sortModel, setSortModel] = useState<GridSortModel>(DEFAULT_SORT);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(search.trim()), 300, [search]);
  const sort = sortModel[0];
  const isFirst =
    pagination.page === 0 &&
    pagination.pageSize === TENANT_PAGE_SIZE &&
    sort?.field === 'amount' &&
    sort.sort === 'desc' &&
    q === '';
  // Pages asked for (and the next one, fetched ahead), by query, and those answered: "next
  // page" shows at once.
  const pages = useRef(new Map<string, Promise<FleetSpend>>());
  const answered = useRef(new Map<string, FleetSpend>());
  const keyOf = useCallback(
    (offset: number): [string, Omit<FleetSpendQuery, 'month'>] => {
      const query: Omit<FleetSpendQuery, 'month'> = {
        limit: pagination.pageSize,
        offset,
        ...(sort?.sort
          ? { sort: SORT_FIELD[sort.field], order: sort.sort }
          : {}),
        ...(q ? { q } : {}),
      };
      return [JSON.stringify(query), query];
    },
    [pagination.pageSize, sort, q],
  );
  const fetchPage = useCallback(
    (offset: number) => {
      const [key, query] = keyOf(offset);
      let answer = pages.current.get(key);
      if (!answer) {
        answer = api.getFleetSpend(props.month, query);
        answer.then(
          value => answered.current.set(key, value),
          () => pages.current.delete(key),
        );
        pages.current.set(key, answer);
        if (pages.current.size > MAX_KEPT_PAGES) {
          const oldest = pages.current.keys().next().value!;
          pages.current.delete(oldest);
          answered.current.delete(oldest);
        }
      }
      return answer;
    },
    [api, props.month, keyOf],
  );
  const onSortModelChange = useCallback((m: GridSortModel) => {
    setSortModel(m.length ? m : DEFAULT_SORT);
    setPagination(p => ({ ...p, page: 0 }));
  }, []);
  const offset = pagination.page * pagination.pageSize;
  const ready = isFirst ? props.first : answered.current.get(keyOf(offset)[0]);
  const page = useAsync(
    async () => ready ?? fetchPage(offset),
    [ready, fetchPage, offset],
  );
  const data = ready ?? page.value;
  // The page after this one is fetched ahead only once this query's own total is known
  // (`ready`: the answer kept for this very query): while a new search or sort loads,
  // `page.value` is still the last query's answer, and its total would ask for a page that is
  // not there.
  const total = ready?.totalCount;
  useEffect(() => {
    const next = offset + pagination.pageSize;
    if (total !== undefined && next < total)
      fetchPage(next).catch(() => undefined);
  }, [fetchPage, offset, pagination.pageSize, total]);
  return (
    <>
      <TextField
        label="Search tenant or account"
        size="small"
        value={search}
        onChange={e => {
          setSearch(e.target.value);
          setPagination(p => ({ ...p, page: 0 }));
        }}
        sx={{ mb: 1, minWidth: 280 }}
        inputProps={SEARCH_INPUT_PROPS}
      />
      {page.error && (
        <Typography color="error" variant="body2">
          Could not load this page of tenants: {page.error.message}
        </Typography>
      )}
      <div style={{ height: 520, width: '100%' }}>
        <DataGrid
          rows={data?.tenants ?? []}
          rowCount={data?.totalCount ?? data?.tenants.length ?? 0}
          loading={!ready && page.loading}
          getRowId={rowId}
          columns={columns}
          density="compact"
          paginationMode="server"
          sortingMode="server"
          filterMode="server"
          paginationModel={pagination}
          onPaginationModelChange={setPagination}
          sortModel={sortModel}
          onSortModelChange={onSortModelChange}
          pageSizeOptions={PAGE_SIZE_OPTIONS}
          disableColumnMenu
          disableRowSelectionOnClick
          disableVirtualization={props.disableVirtualization}
          localeText={LOCALE_TEXT}
        />
      </div>
    </>
  );
}
