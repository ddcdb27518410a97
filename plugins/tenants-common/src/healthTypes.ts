import type {
  NotInServiceLifecycle,
  SourceStale,
  TenantLifecycle,
} from './accountLifecycle';

/** Tenant health status. `unknown` means not enough data, never healthy. @public */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Every value of {@link HealthStatus}, best first. @public */
export const HEALTH_STATUSES = [
  'healthy',
  'degraded',
  'critical',
  'unknown',
] as const;

/**
 * The {@link HealthStatus} of a tenant's health, or `null` when it is not monitored (its
 * `status` is then its lifecycle, see {@link TenantHealth.status}).
 * @public
 */
export function healthStatusOf(health: {
  status: TenantHealth['status'];
  notMonitored?: NotInService;
}): HealthStatus | null {
  const { status } = health;
  return !health.notMonitored &&
    (HEALTH_STATUSES as readonly string[]).includes(status)
    ? (status as HealthStatus)
    : null;
}

/** Alarm counts by CloudWatch `StateValue`. INSUFFICIENT_DATA is its own bucket. @public */
export interface AlarmCounts {
  ALARM: number;
  OK: number;
  INSUFFICIENT_DATA: number;
}

/** One datapoint; `value` null is a period with no data, never zero. @public */
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
  /**
   * The health status; for a tenant whose account is not in service (`notMonitored` present)
   * its lifecycle instead (`suspended`, `closing`, `closed`, `activating`), never `unknown`.
   */
  status: HealthStatus | NotInServiceLifecycle;
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
   * (suspended, closing, …): why. CloudWatch is then not queried for it and `status` is the
   * lifecycle (`notMonitored.lifecycle`).
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
  /**
   * The regions CloudWatch is read in (`tenancy.aws.regions`, in order): alarms and metrics in
   * any other region are not included. Absent from older backends.
   */
  regionsRead?: string[];
}

/** One region's part of a tenant's health. @public */
export interface RegionHealth {
  region: string;
  alarms: AlarmCounts;
  /** Metric series read in the region (tenant's metrics × 1), 0 when not read there. */
  seriesRead: number;
}
