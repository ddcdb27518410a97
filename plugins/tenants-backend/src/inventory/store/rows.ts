import type {
  AccountState,
  ComplianceScore,
  DeploymentStatus,
  HealthStatus,
  TenantActivity,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import type { StoredRefreshRun, StoredTenant } from './types';

/** Row of the `tenants` table. */
export interface TenantRow {
  account_id: string;
  tenant_id: string;
  account_name: string;
  email: string;
  ou_id: string;
  ou_path: string;
  state: string;
  tier: string | null;
  owner: string | null;
  regions: string;
  tags: string;
  joined_at: string;
  tags_read_at: string;
  search_text: string;
  health_status: string | null;
  health_rank: number | null;
  compliance: string | null;
  compliance_ratio: number | null;
  spend_mtd: string | null;
  spend_mtd_cents: number | string | null;
  spend_change_ratio: number | null;
  release_version: string | null;
  release_status: string | null;
  /** under, forecast-over, over; null: no budget read. */
  budget_state: string | null;
  updated_at: string;
}

/** Row of the `refresh_runs` table. */
export interface RefreshRunRow {
  id: string;
  status: string;
  trigger: string;
  actor: string | null;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  aws_calls: string;
  errors: string;
  tenant_count: number;
  duration_seconds: number | null;
  /** JSON array of the sources read; null = every source. */
  sources: string | null;
}

/** Row of the `tenant_activity` table. */
export interface ActivityRow {
  id: string;
  tenant_id: string;
  kind: string;
  summary: string;
  task_id: string | null;
  actor: string | null;
  at: string;
}

/** The inventory columns (not the summary columns) of a tenant. */
export function inventoryColumns(
  t: StoredTenant,
): Omit<
  TenantRow,
  | 'health_status'
  | 'health_rank'
  | 'compliance'
  | 'compliance_ratio'
  | 'spend_mtd'
  | 'spend_mtd_cents'
  | 'spend_change_ratio'
  | 'release_version'
  | 'release_status'
  | 'budget_state'
  | 'updated_at'
> {
  return {
    account_id: t.accountId,
    tenant_id: t.tenantId,
    account_name: t.accountName,
    email: t.email,
    ou_id: t.ouId,
    ou_path: t.ouPath,
    state: t.state,
    tier: t.tier,
    owner: t.owner,
    regions: JSON.stringify(t.regions),
    tags: JSON.stringify(sortKeys(t.tags)),
    joined_at: t.joinedAt,
    tags_read_at: t.tagsReadAt,
    search_text: [t.tenantId, t.accountName, t.accountId]
      .join(' ')
      .toLowerCase(),
  };
}

function sortKeys(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).sort(([a], [b]) => a.localeCompare(b, 'en')),
  );
}

/** Maps a `tenants` row to a stored tenant. */
export function toStoredTenant(row: TenantRow): StoredTenant {
  return {
    tenantId: row.tenant_id,
    accountId: row.account_id,
    accountName: row.account_name,
    email: row.email,
    ouId: row.ou_id,
    ouPath: row.ou_path,
    state: row.state as AccountState,
    tier: row.tier,
    owner: row.owner,
    regions: JSON.parse(row.regions),
    tags: JSON.parse(row.tags),
    joinedAt: row.joined_at,
    tagsReadAt: row.tags_read_at,
  };
}

/** Maps a `tenants` row to the API's tenant summary. */
export function toTenantSummary(row: TenantRow): TenantSummary {
  const { tagsReadAt: _tagsReadAt, ...tenant } = toStoredTenant(row);
  return {
    ...tenant,
    healthStatus: (row.health_status as HealthStatus | null) ?? null,
    complianceScore: row.compliance
      ? (JSON.parse(row.compliance) as ComplianceScore)
      : null,
    spendMonthToDate: row.spend_mtd ?? null,
    spendChangeRatio:
      row.spend_change_ratio === null || row.spend_change_ratio === undefined
        ? null
        : Number(row.spend_change_ratio),
    release: row.release_status
      ? {
          version: row.release_version ?? '',
          status: row.release_status as DeploymentStatus,
        }
      : null,
  };
}

/** Maps a `refresh_runs` row. */
export function toRefreshRun(row: RefreshRunRow): StoredRefreshRun {
  return {
    id: row.id,
    status: row.status as StoredRefreshRun['status'],
    trigger: row.trigger as StoredRefreshRun['trigger'],
    actor: row.actor,
    requestedAt: row.requested_at,
    startedAt: row.started_at ?? row.requested_at,
    finishedAt: row.finished_at,
    awsCalls: JSON.parse(row.aws_calls),
    errors: JSON.parse(row.errors),
    tenantCount: Number(row.tenant_count),
    durationSeconds:
      row.duration_seconds === null ? null : Number(row.duration_seconds),
    ...(row.sources ? { sources: JSON.parse(row.sources) as string[] } : {}),
  };
}

/** Maps a `tenant_activity` row. */
export function toActivity(row: ActivityRow): TenantActivity {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as TenantActivity['kind'],
    summary: row.summary,
    ...(row.task_id ? { taskId: row.task_id } : {}),
    ...(row.actor ? { actor: row.actor } : {}),
    at: row.at,
  };
}
