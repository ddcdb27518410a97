import type { SourceStale, TenantLifecycle } from './accountLifecycle';

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

/** Tenant health status. `unknown` means not enough data, never healthy. @public */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Every value of {@link HealthStatus}, best first. @public */
export const HEALTH_STATUSES = [
  'healthy',
  'degraded',
  'critical',
  'unknown',
] as const;

/** Alarm counts by CloudWatch `StateValue`. INSUFFICIENT_DATA is its own bucket (CASES H3). @public */
export interface AlarmCounts {
  ALARM: number;
  OK: number;
  INSUFFICIENT_DATA: number;
}

/** One datapoint; `value` null is a period with no data (CASES H2), never zero. @public */
export interface MetricPoint {
  /** Period start, ISO-8601 UTC. */
  timestamp: string;
  value: number | null;
}

/** A metric series for one tenant account. @public */
export interface MetricSeries {
  /** Stable id, e.g. `lambdaErrors`. */
  id: string;
  label: string;
  namespace: string;
  metricName: string;
  /** CloudWatch statistic, e.g. `Sum` or `p95`. */
  stat: string;
  unit: string;
  /** Period in seconds. */
  periodSeconds: number;
  /** Every slot of the window in time order, gaps as `value: null`. */
  points: MetricPoint[];
  /** True when CloudWatch still answered PartialData after following every NextToken. */
  partial: boolean;
}

/** Why a tenant is neither monitored nor scored: its account is not in service. @public */
export interface NotInService {
  lifecycle: TenantLifecycle;
  /** For a person, e.g. `The account is closing (State PENDING_CLOSURE): not monitored, not scored`. */
  reason: string;
}

/** Health of one tenant. @public */
export interface TenantHealth {
  status: HealthStatus;
  /** Why the status is what it is, for a person, e.g. `1 alarm in ALARM: api-5xx`. */
  reason: string;
  alarms: AlarmCounts;
  /** Alarms by name with their state, for the Health tab. */
  alarmList: Array<{
    name: string;
    state: keyof AlarmCounts;
    reason?: string;
    updatedAt?: string;
  }>;
  /** Key metrics over the last 24 h (300 s) and 7 d (3,600 s). */
  series24h: MetricSeries[];
  series7d: MetricSeries[];
  /**
   * Present when the tenant is not monitored because its account is not in service
   * (suspended, closing, …): why. CloudWatch is then not queried for it; `status` is `unknown`
   * only as a placeholder and is never shown.
   */
  notMonitored?: NotInService;
  /** Present when CloudWatch could not be read: the values are the last ones read. */
  stale?: SourceStale;
  /** When this was collected (ISO-8601 UTC). */
  collectedAt: string;
  /**
   * What each region's monitoring sink answered for the tenant: alarm counts there and how many
   * metric series it read (a tenant is read only in the regions of its `regions` tag that are
   * in `tenancy.aws.regions`). Absent in results stored before regions were read.
   */
  regions?: RegionHealth[];
}

/** One region's part of a tenant's health. @public */
export interface RegionHealth {
  region: string;
  alarms: AlarmCounts;
  /** Metric series read in the region (tenant's metrics × 1), 0 when not read there. */
  seriesRead: number;
}

/** What kind of control a guardrail is. @public */
export type GuardrailKind =
  | 'preventive'
  | 'detective'
  | 'threat-detection'
  | 'baseline';

/** A guardrail's status for one tenant. @public */
export type GuardrailStatus =
  /** preventive: the SCP is attached to the account or an OU above it */
  | 'attached'
  | 'not-attached'
  /** detective / baseline */
  | 'compliant'
  | 'non-compliant'
  /** a Config rule with no result: no applicable resources (CASES G1) */
  | 'no-data'
  /** the rule's last evaluation failed (CASES G1) */
  | 'evaluation-failing'
  /**
   * baseline: the instance was skipped because the account is suspended (StackSets `OUTDATED`
   * with DetailedStatus `SKIPPED_SUSPENDED_ACCOUNT`, no StackId); not counted
   */
  | 'suspended'
  /**
   * baseline: the instance is behind the StackSet's latest version (`OUTDATED` / `PENDING` with
   * no operation running); neither a failure nor in progress, counted apart
   */
  | 'behind-latest';

/** One entry of the central guardrail catalog (`guardrails/catalog.yaml`). @public */
export interface Guardrail {
  id: string;
  title: string;
  /** Why the control exists, for a person. */
  why: string;
  kind: GuardrailKind;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** preventive: the SCP's policy name in Organizations. */
  policyName?: string;
  /** preventive: the SCP document (pretty JSON in the catalog; minified before submission). */
  policyDocument?: Record<string, unknown>;
  /** detective: the AWS Config rule name the baseline deploys. */
  configRuleName?: string;
}

/** A guardrail's evaluated status for one tenant. @public */
export interface TenantGuardrailResult {
  guardrailId: string;
  status: GuardrailStatus;
  detail?: string;
}

/**
 * Compliance score that says what it counts (CASES G1): `compliant` of `evaluated`, with the
 * caveats apart, never a bare percentage over rules that produced no result.
 * @public
 */
export interface ComplianceScore {
  compliant: number;
  evaluated: number;
  noData: number;
  evaluationFailing: number;
  /**
   * Baseline instances behind the StackSet's latest version: not a failure, counted apart
   * (absent in scores stored before it was counted: 0).
   */
  behindLatest?: number;
  /** Results not counted because the account is suspended (a skipped StackSet instance; absent: 0). */
  suspended?: number;
  total: number;
  /**
   * The kinds of control the score counts, each with its own `compliant` of `evaluated`
   * (preventive = SCP, detective = Config rule, threat-detection = GuardDuty, baseline =
   * the baseline StackSet); a kind with no evaluated result is absent (all absent in scores stored
   * before kinds were counted).
   */
  byKind?: Partial<
    Record<GuardrailKind, { compliant: number; evaluated: number }>
  >;
}

/**
 * The compliance sources, each read and degraded on its own: `scp` (Organizations policies
 * and targets), `config` (the Config aggregator), `guardDuty` (GuardDuty members and
 * findings), `baseline` (the baseline StackSet's instances).
 * @public
 */
export type ComplianceSourceName = 'scp' | 'config' | 'guardDuty' | 'baseline';

/**
 * Config rules and resources counted apart (AWS Config's ComplianceContributorCount): of the
 * tenant's Config rules with a result, how many are NON_COMPLIANT, and how many resources they
 * name non-compliant in all (the sum of their CappedCount; `resourcesCapped` when one of them
 * had CapExceeded, so the true number is larger).
 * @public
 */
export interface ConfigRuleCounts {
  nonCompliantRules: number;
  /** Rules with a result (COMPLIANT or NON_COMPLIANT). */
  rulesWithResult: number;
  nonCompliantResources: number;
  resourcesCapped: boolean;
}

/**
 * GuardDuty of one account in one region, as the administrator (security) account's detector
 * in that region sees it. GuardDuty is regional: detector, members, organization configuration
 * and findings are all per region.
 * @public
 */
export interface RegionThreatFindings {
  /** The region, e.g. `eu-central-1`. */
  region: string;
  /**
   * `member`: the region's administrator detector lists the account as an `Enabled` member;
   * `not-member`: it does not (not listed, or listed with another relationship status);
   * `not-configured`: the organization has no GuardDuty detector in the region (ListDetectors
   * answered none), so nothing is known there — not the same as no findings.
   */
  status: 'member' | 'not-member' | 'not-configured';
  /** The organization configuration's `autoEnableOrganizationMembers` in the region (`ALL`, `NEW`, `NONE`); absent when not configured. */
  autoEnable?: string;
  /** Unarchived finding counts by severity band in the region (0 when not a member or not configured). */
  low: number;
  medium: number;
  high: number;
  critical: number;
}

/** GuardDuty counts for one tenant, over every region read (`tenancy.aws.regions`). @public */
export interface ThreatFindings {
  /**
   * Whether the account is an enabled GuardDuty member in every region read where the
   * organization has a detector (and there is at least one such region).
   */
  member: boolean;
  /** Unarchived finding counts by severity band, summed over the regions. */
  low: number;
  medium: number;
  high: number;
  critical: number;
  /** The same per region, in `tenancy.aws.regions` order; absent in results stored before regions were read. */
  regions?: RegionThreatFindings[];
}

/** Compliance of one tenant. @public */
export interface TenantCompliance {
  score: ComplianceScore;
  guardrails: TenantGuardrailResult[];
  findings: ThreatFindings;
  /** Baseline StackSet instance status, e.g. `CURRENT`, `OUTDATED`, `FAILED`; null when none. */
  baselineStatus: string | null;
  /** Config rules and resources counted apart; absent before the first read of Config. */
  configRules?: ConfigRuleCounts;
  /**
   * Present when the tenant is not scored because its account is not in service (suspended,
   * closing, …): its lifecycle and why, e.g. `The account is suspended (State SUSPENDED): not
   * monitored, not scored`. Its score is then all zeros and its guardrails empty.
   */
  notScored?: NotInService;
  /** The sources whose values are kept from an earlier read because the latest read failed. */
  stale?: Partial<Record<ComplianceSourceName, SourceStale>>;
  collectedAt: string;
}

/** Cost Explorer record types kept apart (CASES S4). @public */
export interface RecordTypeAmounts {
  /** Decimal USD strings. */
  usage: string;
  tax: string;
  credit: string;
  refund: string;
  /** usage + tax + credit + refund. */
  net: string;
}

/**
 * How a spend amount moved against the amount of its previous period (decimal USD strings):
 * - `ratio`: the previous amount was positive; `ratio` = (current − previous) / previous
 * - `new`: the previous amount was 0.00 and the current is not ("new spend +25.00")
 * - `none`: both are 0.00 (never "new spend")
 * - `unknown`: no previous period is stored (the oldest stored month), `reason` says so
 * @public
 */
export type SpendChange =
  | { kind: 'ratio'; ratio: number; delta: string }
  | { kind: 'new'; delta: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

/**
 * A part of the spend snapshot whose last Cost Explorer call failed: its values are the last
 * ones read (at `lastSuccessAt`, null when never), shown as stale with the error.
 * @public
 */
export interface SpendStalePart {
  /** `recordTypes`, `services`, `daily`, `tags`, `organizationTotal`. */
  part: string;
  /** What the part feeds, for a person, e.g. `monthly amounts by record type`. */
  feeds: string;
  /** The AWS error, e.g. `DataUnavailableException: Data is not available…`. */
  error: string;
  /** When it failed (ISO-8601 UTC). */
  failedAt: string;
  lastSuccessAt: string | null;
}

/** Spend of one tenant. @public */
export interface TenantSpend {
  /** Cost Explorer metric the amounts are in, e.g. `AmortizedCost`. */
  metric: string;
  currency: 'USD';
  /** The headline amount: usage + tax month to date (CASES S4). */
  monthToDate: string;
  /** Local forecast to month end (usage + tax); null when there is not enough data. */
  forecastMonthEnd: string | null;
  /** Previous full month (usage + tax). */
  lastMonth: string;
  /** Month-over-month change ratio of month to date vs last month; null when last month was 0 ("new spend"). */
  changeRatio: number | null;
  /** Up to 13 calendar months, oldest first; `month` is `YYYY-MM`. */
  monthly: Array<{
    month: string;
    amounts: RecordTypeAmounts;
    estimated: boolean;
  }>;
  /**
   * Current month by day; `date` is `YYYY-MM-DD`, `amount` is usage + tax. `estimated` is Cost
   * Explorer's `Estimated`; `provisional` marks today's point (the UTC day still being billed).
   */
  daily: Array<{
    date: string;
    amount: string;
    estimated: boolean;
    provisional?: boolean;
  }>;
  /** Current month by service (usage + tax), largest first. */
  byService: Array<{ service: string; amount: string }>;
  /** True when Cost Explorer has no data for the account yet (a new tenant). */
  noData: boolean;
  /**
   * Why there is no data, for a person, e.g. `no billing data yet (account created 2026-12-04;
   * new accounts appear within a day of first usage, sometimes up to 4)`; null when there is.
   */
  noDataReason?: string | null;
  /** Month to date against the same days of the previous month. */
  change?: SpendChange;
  /** Why `forecastMonthEnd` is null, e.g. `forecast needs 3 complete days of data; 2 so far`. */
  forecastNote?: string | null;
  /** Parts of the snapshot whose last refresh failed (their values are the last read). */
  stale?: SpendStalePart[];
}

/** A row of the tenants overview. @public */
export interface TenantSummary extends Tenant {
  healthStatus: HealthStatus | null;
  complianceScore: ComplianceScore | null;
  spendMonthToDate: string | null;
  spendChangeRatio: number | null;
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
  /** Case-insensitive substring of tenant id, account name or account id. */
  q?: string;
}

/**
 * One flag per permission-guarded summary column of the tenants list: `spend`
 * (`spendMonthToDate`, `spendChangeRatio`; `tenants.spend.read`), `health` (`healthStatus`;
 * `tenants.health.read`) and `compliance` (`complianceScore`; `tenants.compliance.read`).
 * @public
 */
export interface TenantListColumns {
  spend: boolean;
  health: boolean;
  compliance: boolean;
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

/** Finance view of one calendar month (`GET /spend/fleet?month=YYYY-MM`). @public */
export interface FleetSpend {
  month: string;
  metric: string;
  currency: 'USD';
  /**
   * Organization total: Cost Explorer's ungrouped total of the month and metric (usage + tax).
   * tenants + shared + unallocated + notAttributed = total, to the cent.
   */
  total: string;
  /**
   * The part of the total that no LINKED_ACCOUNT group carries (ungrouped total − sum of the
   * groups), shown as its own line "not attributed to an account". Absent from older backends.
   */
  notAttributed?: string;
  tenantsTotal: string;
  /** Spend in non-tenant accounts (management, Security, Infrastructure). */
  shared: string;
  /** Spend that carries no tenant tag and sits in no tenant account. */
  unallocated: string;
  previousMonthTotal: string;
  /**
   * False for the oldest stored month: its previous month is not stored, so
   * `previousMonthTotal` is no value and every change is `unknown`. Absent from older backends.
   */
  previousMonthKnown?: boolean;
  tenants: Array<{
    tenantId: string;
    accountId: string;
    amount: string;
    previousAmount: string;
    /** null when the previous month was not positive (see `change`). */
    changeRatio: number | null;
    /** The change against the previous month; `unknown` for the oldest stored month. */
    change?: SpendChange;
    /** Set when Cost Explorer has no data for the tenant's account yet. */
    noDataReason?: string | null;
  }>;
  /** Top movers by absolute change, largest first (none for the oldest stored month). */
  movers: Array<{
    tenantId: string;
    change: string;
    changeRatio: number | null;
  }>;
  byService: Array<{ service: string; amount: string }>;
  estimated: boolean;
  /**
   * The UTC months (`YYYY-MM`, inclusive) `GET /spend/fleet` answers: the month of the spend
   * snapshot and the 12 before it. Any other month is a 400. Absent from older backends.
   */
  availableMonths?: { from: string; to: string };
  /** Parts of the snapshot whose last refresh failed (their values are the last read). */
  stale?: SpendStalePart[];
}
