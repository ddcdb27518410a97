import type { Knex } from 'knex';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  ComplianceScore,
  HealthStatus,
  RefreshRun,
  Tenant,
  TenantActivity,
  TenantListQuery,
  TenantRelease,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';

/**
 * A store-level condition on tenants, produced from a permission policy's conditional decision
 * by the `tenants-tenant` permission rules (see `permissions/rules.ts`).
 * @public
 */
export type TenantCondition = {
  /** The tenant's owner (entity ref) is one of `values`. */
  key: 'owner';
  values: string[];
};

/** Criteria of {@link TenantCondition}s (allOf / anyOf / not). @public */
export type TenantPermissionFilter = PermissionCriteria<TenantCondition>;

/** A tenants list query after validation (limit and offset resolved). @public */
export type ResolvedTenantListQuery = Omit<
  TenantListQuery,
  'limit' | 'offset'
> & {
  limit: number;
  offset: number;
};

/** Summary values the spend, health, compliance and deployments collectors write per tenant. @public */
export interface TenantSummaryUpdate {
  tenantId: string;
  healthStatus?: HealthStatus | null;
  complianceScore?: ComplianceScore | null;
  /** Decimal USD string, e.g. `"126.00"`. */
  spendMonthToDate?: string | null;
  spendChangeRatio?: number | null;
  /** The tenant stack's release (deployments source); null: no stack instance. */
  release?: TenantRelease | null;
  /** Where the tenant's vend-time budget stands (finance source); null: no budget found. */
  budgetState?: 'under' | 'forecast-over' | 'over' | null;
}

/** A tenant as stored, with when its tags were last read. @public */
export interface StoredTenant extends Tenant {
  /** When ListTagsForResource last read the tags (ISO-8601 UTC). */
  tagsReadAt: string;
}

/** Result of {@link TenantsStore.replaceInventory}. @public */
export interface InventoryChange {
  /** Tenant ids added, updated (any field changed) and removed by this inventory. */
  added: string[];
  updated: string[];
  removed: string[];
}

/** Refresh run as stored; `queued` runs were requested but have not started. @public */
export type StoredRefreshRun = Omit<RefreshRun, 'status'> & {
  status: RefreshRun['status'] | 'queued';
  trigger: 'schedule' | 'manual';
  actor: string | null;
  requestedAt: string;
};

/** A refresh run being requested (queued) or started: who or what asked for it. @public */
export interface RefreshRunRequest {
  id: string;
  trigger: 'schedule' | 'manual';
  /** The user entity ref of a manual run. */
  actor?: string;
  /** The sources it reads (one source's scheduled refresh); absent = every source. */
  sources?: string[];
}

/** How a refresh run ended, recorded by {@link TenantsStore.finishRefreshRun}. @public */
export type RefreshRunResult = Pick<
  RefreshRun,
  'status' | 'awsCalls' | 'errors' | 'tenantCount'
> & {
  finishedAt: Date;
};

/**
 * Persistence of the tenants backend: the tenant inventory and its summary columns, the refresh
 * runs and the tenant activity. Implemented with knex on SQLite and PostgreSQL.
 * @public
 */
export interface TenantsStore {
  /**
   * Makes the stored inventory equal to `tenants` (one entry per account): inserts new accounts,
   * updates changed ones, deletes accounts no longer in the tenants OU tree. Summary columns of
   * kept tenants are preserved. Runs in one transaction.
   */
  replaceInventory(tenants: StoredTenant[]): Promise<InventoryChange>;
  /** Every stored tenant, ordered by tenant id. */
  listAllTenants(): Promise<StoredTenant[]>;
  /** One page of tenant summaries with the total count of matching tenants. */
  listTenants(
    query: ResolvedTenantListQuery,
    filter?: TenantPermissionFilter,
  ): Promise<{ items: TenantSummary[]; totalCount: number }>;
  /** A tenant summary by tenant id, or undefined. */
  getTenant(tenantId: string): Promise<TenantSummary | undefined>;
  /** Tenant summaries by tenant id (unknown ids are left out). */
  getTenants(tenantIds: string[]): Promise<TenantSummary[]>;
  /**
   * Writes summary values; fields left undefined are not touched. Unknown tenants are ignored.
   * With `readAt` (a refresh's values, read from AWS then; ISO-8601 UTC), a tenant's health
   * status, compliance score or release is left alone when its snapshot row holds a live event
   * newer than `readAt` (the event's value stays). With `transaction`, written in it (a live
   * event's write of a snapshot row and the summary it changes commit together).
   */
  updateTenantSummaries(
    updates: TenantSummaryUpdate[],
    readAt?: string,
    transaction?: Knex.Transaction,
  ): Promise<void>;

  /** Records a requested run (status `queued`). */
  queueRefreshRun(
    run: RefreshRunRequest & { requestedAt: Date },
  ): Promise<void>;
  /** The oldest queued run, if any. */
  getQueuedRefreshRun(): Promise<StoredRefreshRun | undefined>;
  /**
   * The newest running run that reads exactly `sources` (absent: a full refresh, every
   * source), if any.
   */
  getRunningRefreshRun(
    sources?: string[],
  ): Promise<StoredRefreshRun | undefined>;
  /** Marks a run running (creating it when it was not queued). */
  startRefreshRun(run: RefreshRunRequest & { startedAt: Date }): Promise<void>;
  /** Records the end of a run and its duration (seconds since it started). */
  finishRefreshRun(id: string, result: RefreshRunResult): Promise<void>;
  /** Runs newest first. */
  listRefreshRuns(limit: number): Promise<StoredRefreshRun[]>;
  getRefreshRun(id: string): Promise<StoredRefreshRun | undefined>;

  /** Stored tenants of these accounts (at most 200 ids; unknown ones are left out). */
  getTenantsByAccountIds(accountIds: string[]): Promise<StoredTenant[]>;
  /** The path of an OU some stored tenant is in, or undefined. */
  ouPathOf(ouId: string): Promise<string | undefined>;
  /** Writes one tenant's inventory columns (a live event applied); summary columns are kept. */
  putTenantInventory(tenant: StoredTenant): Promise<void>;

  /** Appends activity entries. */
  addActivity(entries: TenantActivity[]): Promise<void>;
  /** A tenant's activity, newest first. */
  listActivity(tenantId: string, limit: number): Promise<TenantActivity[]>;
}
