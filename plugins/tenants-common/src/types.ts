import type { ComplianceScore } from './complianceTypes';
import type { DeploymentStatus, TenantRelease } from './deploymentTypes';
import type { HealthStatus } from './healthTypes';

/**
 * Domain types shared by the Tenancy backend, frontend and scaffolder actions.
 *
 * Conventions: dates are UTC (`YYYY-MM-DD` calendar dates or ISO-8601 timestamps ending in `Z`);
 * money is a decimal string in USD with two decimals (`"126.00"`), never a float summed blindly.
 *
 * @packageDocumentation
 */

/** Every value of {@link AccountState}, in AWS's lifecycle order. @public */
export const ACCOUNT_STATES = [
  'PENDING_ACTIVATION',
  'ACTIVE',
  'SUSPENDED',
  'PENDING_CLOSURE',
  'CLOSED',
] as const;

/** Account state as AWS Organizations reports it in `Account.State` (not the retired `Status`). @public */
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** One tenant: one AWS account in the tenants OU tree. @public */
export interface Tenant {
  /** Tenant id: the catalog entity name and the value of the account's `tenant` tag. */
  tenantId: string;
  /** 12-digit AWS account id. */
  accountId: string;
  accountName: string;
  /** Root email of the account. */
  email: string;
  /** Id of the parent OU (`ou-…`). */
  ouId: string;
  /** Path of the parent OU from the root, e.g. `/Tenants/premium`. */
  ouPath: string;
  state: AccountState;
  /** From the `tier` tag; null when untagged. */
  tier: string | null;
  /** Owner group entity ref from the `owner` tag, e.g. `group:default/team-acme`; null when untagged. */
  owner: string | null;
  /** Regions the tenant runs in (from the `regions` tag, comma separated), may be empty. */
  regions: string[];
  tags: Record<string, string>;
  /** When the account joined the organization (ISO-8601 UTC). */
  joinedAt: string;
}

/** A row of the tenants overview. @public */
export interface TenantSummary extends Tenant {
  healthStatus: HealthStatus | null;
  complianceScore: ComplianceScore | null;
  spendMonthToDate: string | null;
  spendChangeRatio: number | null;
  /** The tenant stack's release it runs; null when it has no stack instance or before the first read. */
  release: TenantRelease | null;
}

/** Sortable columns of the tenants list. @public */
export type TenantSortField = (typeof TENANT_SORT_FIELDS)[number];

/** Every value of {@link TenantSortField}. @public */
export const TENANT_SORT_FIELDS = [
  'name',
  'state',
  'tier',
  'owner',
  'joined',
  'spend',
  'health',
  'compliance',
] as const;

/**
 * The overview's budget filters: `over` keeps tenants whose actual spend exceeds their vend-time
 * budget; `forecast-over` those whose forecast does (the `over` ones included). @public
 */
export const BUDGET_FILTERS = ['over', 'forecast-over'] as const;

/** A value of {@link BUDGET_FILTERS}. @public */
export type BudgetFilter = (typeof BUDGET_FILTERS)[number];

/** Query of `GET /tenants`. @public */
export interface TenantListQuery {
  /** 1–100, default 50. */
  limit?: number;
  /** 0-based offset. */
  offset?: number;
  sort?: TenantSortField;
  order?: 'asc' | 'desc';
  state?: AccountState[];
  tier?: string[];
  owner?: string[];
  health?: HealthStatus[];
  /** Tenants whose release status is one of these (e.g. `behind`, `failed`). */
  release?: DeploymentStatus[];
  /** Tenants over their budget, or forecast over it (needs `tenants.spend.read` for every tenant). */
  budget?: BudgetFilter;
  /** Case-insensitive substring of tenant id, account name or account id. */
  q?: string;
}

/**
 * One flag per permission-guarded summary column of the tenants list: `spend`
 * (`spendMonthToDate`, `spendChangeRatio`; `tenants.spend.read`), `health` (`healthStatus`;
 * `tenants.health.read`), `compliance` (`complianceScore`; `tenants.compliance.read`) and
 * `release` (`release`; `tenants.deployments.read`).
 * @public
 */
export interface TenantListColumns {
  spend: boolean;
  health: boolean;
  compliance: boolean;
  release: boolean;
}

/**
 * Answer of `GET /tenants`. A summary column the caller may not read is null on the rows it
 * is not allowed for: on every row when the policy denies its permission, on the rows outside
 * the condition when the policy answers a conditional decision (e.g. an owner group's own
 * tenants).
 * @public
 */
export interface TenantListResponse {
  items: TenantSummary[];
  /** Matching tenants the caller may read, across all pages. */
  totalCount: number;
  limit: number;
  offset: number;
  /**
   * Columns the caller may read on every tenant (the policy allows the column's permission
   * unconditionally). Only these can be sorted (`sort=spend|health|compliance`) or filtered
   * (`health=`) by; asking for another answers 403.
   */
  columns: TenantListColumns;
  /**
   * Columns the caller may read on some tenants only (a conditional decision): their values
   * are on the rows the condition allows and null on the others. Never true where `columns`
   * is.
   */
  conditionalColumns: TenantListColumns;
  /**
   * The regions the regional sources (CloudWatch, GuardDuty, AWS Config, StackSet instances)
   * are read in (`tenancy.aws.regions`, in order): nothing in any other region is in the
   * health and compliance columns. Absent from older backends.
   */
  regionsRead?: string[];
}

/** A refresh run. @public */
export interface RefreshRun {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  /** AWS calls made, by `Service.Operation`, e.g. `{ "Organizations.ListAccountsForParent": 3 }`. */
  awsCalls: Record<string, number>;
  /** Per-tenant errors (one tenant's failure never fails the run). */
  errors: Array<{
    tenantId?: string;
    accountId?: string;
    collector: string;
    /** The source of the collector that failed, e.g. `guardDuty`; its values are kept, stale. */
    source?: string;
    message: string;
  }>;
  tenantCount: number;
  durationSeconds: number | null;
  /**
   * The sources the run read (`inventory`, `health`, `spend`, `compliance`, …) when it was one
   * source's scheduled refresh; absent for a full refresh (every source: "Refresh now").
   */
  sources?: string[];
}

/**
 * How fresh one source's data is (`GET /freshness`): each source is refreshed on its own
 * cadence. Times are ISO-8601 UTC.
 * @public
 */
export interface SourceFreshness {
  /** `inventory`, `alarms` (CloudWatch alarms), `health` (CloudWatch metrics), `spend`, `compliance`, … */
  source: string;
  /** Start of the last run that read the source successfully; null = not read yet. */
  refreshedAt: string | null;
  /** Start of the last run that tried to read it. */
  attemptedAt: string | null;
  /**
   * Why the last attempt failed (the values are kept from `refreshedAt`, stale); else null.
   * The read's error for users who may read every tenant, `The last read failed` for others.
   */
  error: string | null;
  /** A run is reading the source now. */
  refreshing: boolean;
  /** How often it is read on schedule, in seconds (`tenancy.refresh.cadence.<source>`). */
  cadenceSeconds: number;
  /**
   * Set for a source kept live by events (`alarms`) while the events consumer runs: when it last
   * finished a poll of the queue (ISO-8601 UTC), within its poll window. Absent otherwise.
   */
  liveAt?: string;
  /**
   * Parts of the source whose last read failed while the rest was read (e.g. compliance's
   * `guardDuty` denied): their values are kept, stale. `error` is the read's error for users
   * who may read every tenant, `The last read failed` for others. Absent when none.
   */
  staleParts?: Array<{ part: string; error: string }>;
}

/** An activity entry for a tenant: a vending task step or a refresh. @public */
export interface TenantActivity {
  id: string;
  tenantId: string;
  kind: 'vending' | 'refresh' | 'aws-change';
  /** Short text for a person, e.g. `Account created (tenancy:account:create)`. */
  summary: string;
  /** Scaffolder task id, when the entry comes from a vending task. */
  taskId?: string;
  actor?: string;
  at: string;
}

export * from './healthTypes';
export * from './complianceTypes';
export * from './deploymentTypes';
export * from './spendTypes';
