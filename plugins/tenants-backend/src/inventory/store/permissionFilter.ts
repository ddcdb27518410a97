import type { Knex } from 'knex';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { TenantCondition, TenantPermissionFilter } from './types';

const COLUMNS: Record<TenantCondition['key'], string> = { owner: 'owner' };

/**
 * Adds a permission filter (allOf / anyOf / not of tenant conditions) to a query on `tenants`.
 * An empty `values` list matches no tenant.
 */
export function applyPermissionFilter(
  qb: Knex.QueryBuilder,
  filter: TenantPermissionFilter,
): void {
  if (isAndCriteria(filter)) {
    qb.where(inner => {
      for (const f of filter.allOf)
        inner.andWhere(q => applyPermissionFilter(q, f));
    });
  } else if (isOrCriteria(filter)) {
    qb.where(inner => {
      for (const f of filter.anyOf)
        inner.orWhere(q => applyPermissionFilter(q, f));
    });
  } else if (isNotCriteria(filter)) {
    qb.whereNot(inner => applyPermissionFilter(inner, filter.not));
  } else if (filter.values.length === 0) {
    qb.whereRaw('1 = 0');
  } else {
    qb.whereIn(COLUMNS[filter.key], filter.values);
  }
}
