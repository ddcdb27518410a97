import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  tenantComplianceReadPermission,
  tenantDeploymentsReadPermission,
  tenantHealthReadPermission,
  tenantSpendReadPermission,
  type TenantListColumns,
  type TenantSortField,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import type { TenantAccess, TenantDecision } from '../permissions/TenantAccess';
import type { ResolvedTenantListQuery } from './store/types';

/** A permission-guarded summary column of the tenants list. */
export type TenantColumn = keyof TenantListColumns;

/** The permission each summary column needs. */
export const TENANT_COLUMN_PERMISSIONS = {
  spend: tenantSpendReadPermission,
  health: tenantHealthReadPermission,
  compliance: tenantComplianceReadPermission,
  release: tenantDeploymentsReadPermission,
};

/** The sort fields that order by a guarded column. */
const SORT_COLUMN: Partial<Record<TenantSortField, TenantColumn>> = {
  spend: 'spend',
  health: 'health',
  compliance: 'compliance',
};

/** What the caller may read of each summary column, decided once per request. */
export type TenantColumnDecisions = Record<TenantColumn, TenantDecision>;

/**
 * The decisions on the four column permissions for `credentials`, in one
 * `authorizeConditional` call.
 */
export function decideColumns(
  access: TenantAccess,
  credentials: BackstageCredentials,
): Promise<TenantColumnDecisions> {
  return access.decisions(TENANT_COLUMN_PERMISSIONS, credentials);
}

/**
 * Throws NotAllowedError (403) when `query` sorts or filters by a column the caller may not
 * read on every tenant: the order or the matches would reveal the values of tenants whose
 * column they may not see. E.g. `Sorting tenants by spend needs tenants.spend.read for every
 * tenant`.
 */
export function assertQueryColumns(
  query: ResolvedTenantListQuery,
  decisions: TenantColumnDecisions,
): void {
  const needs = (column: TenantColumn, what: string) => {
    const { permission, result } = decisions[column];
    if (result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${what} needs ${permission.name} for every tenant`,
      );
    }
  };
  const sortColumn = query.sort && SORT_COLUMN[query.sort];
  if (sortColumn) needs(sortColumn, `Sorting tenants by ${query.sort}`);
  if (query.health?.length) needs('health', 'Filtering tenants by health');
  if (query.release?.length) needs('release', 'Filtering tenants by release');
  // Where a budget stands is a budget amount compared: spend, like the spend column.
  if (query.budget) needs('spend', 'Filtering tenants by budget');
}

/** The columns whose decision is `result`. */
function columnsWith(
  decisions: TenantColumnDecisions,
  result: AuthorizeResult,
): TenantListColumns {
  return {
    spend: decisions.spend.result === result,
    health: decisions.health.result === result,
    compliance: decisions.compliance.result === result,
    release: decisions.release.result === result,
  };
}

/** The `columns` and `conditionalColumns` of a list answer. */
export function listColumns(decisions: TenantColumnDecisions): {
  columns: TenantListColumns;
  conditionalColumns: TenantListColumns;
} {
  return {
    columns: columnsWith(decisions, AuthorizeResult.ALLOW),
    conditionalColumns: columnsWith(decisions, AuthorizeResult.CONDITIONAL),
  };
}

/**
 * `tenant` with each column the caller may not read on it set to null: every row on DENY, the
 * rows outside the conditions on CONDITIONAL, none on ALLOW.
 */
export function maskColumns(
  tenant: TenantSummary,
  decisions: TenantColumnDecisions,
): TenantSummary {
  const masked = { ...tenant };
  if (!decisions.spend.allows(tenant)) {
    masked.spendMonthToDate = null;
    masked.spendChangeRatio = null;
  }
  if (!decisions.health.allows(tenant)) masked.healthStatus = null;
  if (!decisions.compliance.allows(tenant)) masked.complianceScore = null;
  if (!decisions.release.allows(tenant)) masked.release = null;
  return masked;
}
