import { useEffect, useLayoutEffect, useRef } from 'react';
import type { GridColDef, useGridApiRef } from '@mui/x-data-grid';
import type {
  TenantListColumns,
  TenantListResponse,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';

/** Grid column field → the permission-guarded column of the list answer it shows. */
const GUARDED_FIELD: Record<string, keyof TenantListColumns> = {
  healthStatus: 'health',
  complianceScore: 'compliance',
  spendMonthToDate: 'spend',
  spendChangeRatio: 'spend',
  release: 'release',
};

/** The visibility model with every guarded column shown (the grid's default). */
const ALL_VISIBLE = JSON.stringify(
  Object.fromEntries(Object.keys(GUARDED_FIELD).map(field => [field, true])),
);

/** What the user may read of a guarded column: every tenant, some tenants, none. */
type ColumnAccess = 'all' | 'some' | 'none';

/** From the list answer; before the first answer every column is shown. */
function columnAccess(
  data: TenantListResponse | undefined,
  column: keyof TenantListColumns,
): ColumnAccess {
  if (!data || data.columns[column]) return 'all';
  return data.conditionalColumns[column] ? 'some' : 'none';
}

/**
 * Shows the spend, health, compliance and release columns as the list answer allows: a column the
 * user may not read is hidden (before the browser paints the rows); one readable on some
 * tenants only (an owner group's own) is shown but not sortable, since the server refuses
 * that sort. Applied through the grid's API, and only when the access changes, so the grid's
 * props stay the same.
 */
export function useGuardedColumns(
  apiRef: ReturnType<typeof useGridApiRef>,
  columns: GridColDef<TenantSummary>[],
  data: TenantListResponse | undefined,
): void {
  const spend = columnAccess(data, 'spend');
  const health = columnAccess(data, 'health');
  const compliance = columnAccess(data, 'compliance');
  const release = columnAccess(data, 'release');
  const visibility = useRef(ALL_VISIBLE);
  useLayoutEffect(() => {
    const access = { spend, health, compliance, release };
    const model = Object.fromEntries(
      Object.entries(GUARDED_FIELD).map(([field, column]) => [
        field,
        access[column] !== 'none',
      ]),
    );
    const key = JSON.stringify(model);
    if (visibility.current === key) return;
    visibility.current = key;
    apiRef.current.setColumnVisibilityModel(model);
  }, [apiRef, spend, health, compliance, release]);
  const partial = [
    spend === 'some' && 'spend',
    health === 'some' && 'health',
    compliance === 'some' && 'compliance',
  ]
    .filter(Boolean)
    .join(' ');
  const unsortable = useRef({ columns, partial: '' });
  // A passive effect: it runs after the grid's own, which rebuilds the columns from the
  // `columns` prop (dropping this change) when that prop changes.
  useEffect(() => {
    const previous = unsortable.current;
    unsortable.current = { columns, partial };
    if (
      previous.partial === partial &&
      (previous.columns === columns || partial === '')
    ) {
      return;
    }
    apiRef.current.updateColumns(
      columns
        .filter(c => GUARDED_FIELD[c.field])
        .map(c => ({
          ...c,
          sortable:
            c.sortable !== false &&
            !partial.split(' ').includes(GUARDED_FIELD[c.field]),
        })),
    );
  }, [apiRef, columns, partial]);
}
