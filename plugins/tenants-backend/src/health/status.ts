import type {
  AlarmCounts,
  HealthStatus,
  NotInService,
  TenantHealth,
} from '@tenancy/plugin-tenants-common';
import type { AlarmInfo } from './cloudWatch';
import {
  CompactSeries,
  expandSeries,
  type MetricDefinition,
} from './metricPlan';

/**
 * The tenants an alarm belongs to: by the `AccountId` of the alarm's metrics (each tenant named
 * once), else by a 12-digit account id in the alarm name (the first that is a tenant's), else by
 * the longest tenant id the name starts with, followed by `-`, `/` or `:` (`acme-api-5xx`);
 * none when nothing matches. Built once per read: an account map and a set of tenant ids, so
 * assigning an alarm costs one look-up per separator in its name, not one per tenant.
 */
export function alarmAssigner(
  tenants: Array<{ tenantId: string; accountId: string }>,
): (alarm: Pick<AlarmInfo, 'name' | 'accountIds'>) => string[] {
  const byAccount = new Map(tenants.map(t => [t.accountId, t.tenantId]));
  const ids = new Set(tenants.map(t => t.tenantId));
  return a => {
    const fromMetrics = new Set<string>();
    for (const id of a.accountIds) {
      const t = byAccount.get(id);
      if (t) fromMetrics.add(t);
    }
    if (fromMetrics.size) return [...fromMetrics];
    for (const id of a.name.match(/\d{12}/g) ?? []) {
      const t = byAccount.get(id);
      if (t) return [t];
    }
    for (let i = a.name.length - 1; i >= 0; i--) {
      const c = a.name[i];
      if (c !== '-' && c !== '/' && c !== ':') continue;
      const prefix = a.name.slice(0, i);
      if (ids.has(prefix)) return [prefix];
    }
    return [];
  };
}

/**
 * Assigns alarms to tenants ({@link alarmAssigner}), each tenant's in the order given. Alarms
 * matching no tenant are left out.
 */
export function assignAlarms(
  alarms: AlarmInfo[],
  tenants: Array<{ tenantId: string; accountId: string }>,
): Map<string, AlarmInfo[]> {
  const tenantsOf = alarmAssigner(tenants);
  const out = new Map<string, AlarmInfo[]>();
  for (const a of alarms) {
    for (const t of tenantsOf(a)) {
      const list = out.get(t);
      if (list) list.push(a);
      else out.set(t, [a]);
    }
  }
  return out;
}

/** Alarm counts by state; INSUFFICIENT_DATA is its own bucket, never OK (docs/aws-behaviours/fleet.md#alarm-states). */
export function countAlarms(alarms: AlarmInfo[]): AlarmCounts {
  const c: AlarmCounts = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
  for (const a of alarms) c[a.state] = (c[a.state] ?? 0) + 1;
  return c;
}

/** Status thresholds (config `tenancy.health.*`). */
export interface HealthRules {
  /** Alarms in ALARM from which a tenant is critical (default 3). */
  criticalAlarmCount: number;
  /**
   * How far back "recent" looks for error signals, seconds (default 3,600): the last whole slots
   * of the series covering this span, counted back from the series' end (the last whole hour).
   */
  recentSeconds: number;
  /** Lambda Errors / Invocations above which a tenant is degraded, percent (default 1). */
  lambdaErrorRatePercent: number;
  /** API Gateway 5XXError / Count above which a tenant is degraded, percent (default 1). */
  apiGateway5xxRatePercent: number;
  /** Lambda Throttles / Invocations above which a tenant is degraded, percent (default 1). */
  lambdaThrottleRatePercent: number;
  /** DynamoDB ThrottledRequests in the recent window above which a tenant is degraded (default 0). */
  dynamoDbThrottledRequests: number;
  /**
   * Errors above which a tenant is degraded when the rate has no denominator (no invocations or
   * requests reported), and for other error signals without a rate (default 10).
   */
  errorCountWithoutTraffic: number;
}

export const DEFAULT_HEALTH_RULES: HealthRules = {
  criticalAlarmCount: 3,
  recentSeconds: 3600,
  lambdaErrorRatePercent: 1,
  apiGateway5xxRatePercent: 1,
  lambdaThrottleRatePercent: 1,
  dynamoDbThrottledRequests: 0,
  errorCountWithoutTraffic: 10,
};

/** The error signals judged as a rate: signal id → denominator id, noun and threshold. */
function rateRules(
  rules: HealthRules,
): Record<string, { per: string; noun: string; maxPercent: number }> {
  return {
    lambdaErrors: {
      per: 'lambdaInvocations',
      noun: 'invocations',
      maxPercent: rules.lambdaErrorRatePercent,
    },
    lambdaThrottles: {
      per: 'lambdaInvocations',
      noun: 'invocations',
      maxPercent: rules.lambdaThrottleRatePercent,
    },
    apiGateway5xx: {
      per: 'apiGatewayCount',
      noun: 'requests',
      maxPercent: rules.apiGateway5xxRatePercent,
    },
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Error signals over their thresholds in the recent sums, each as a reason fragment, e.g.
 * `Lambda errors 2.4 % of 1,250 invocations in the last hour (threshold 1 %)`.
 */
export function errorSignalsOverThreshold(
  sums: Map<string, { label: string; sum: number }>,
  definitions: MetricDefinition[],
  rules: HealthRules,
): string[] {
  const rates = rateRules(rules);
  const out: string[] = [];
  for (const d of definitions) {
    const s = sums.get(d.id);
    if (!d.errorSignal || !s || s.sum <= 0) continue;
    const rate = rates[d.id];
    const per = rate ? sums.get(rate.per)?.sum ?? 0 : 0;
    if (rate && per > 0) {
      const pct = (s.sum / per) * 100;
      if (pct > rate.maxPercent) {
        out.push(
          `${s.label} ${pct.toFixed(1)} % of ${count(per)} ${
            rate.noun
          } in the last hour (threshold ${rate.maxPercent} %)`,
        );
      }
      continue;
    }
    const max =
      d.id === 'dynamoDbThrottles'
        ? rules.dynamoDbThrottledRequests
        : rules.errorCountWithoutTraffic;
    if (s.sum > max) {
      out.push(
        `${s.label} ${count(s.sum)}${
          rate ? ` with no ${rate.noun} reported` : ''
        } in the last hour (threshold ${count(max)})`,
      );
    }
  }
  return out;
}

/**
 * Decides a tenant's status with its reason:
 * - critical: ≥ `criticalAlarmCount` alarms in ALARM
 * - degraded: any alarm in ALARM, or an error signal over its threshold in the last hour: Lambda
 *   errors, Lambda throttles (of invocations) and API Gateway 5XX (of requests) as rates; DynamoDB
 *   throttled requests, and errors without invocations/requests reported, as counts
 * - unknown: no datapoint in the last hour and no alarm in OK/ALARM, or partial data — never healthy
 * - healthy otherwise
 */
export function decideStatus(options: {
  alarms: AlarmInfo[];
  series: CompactSeries[];
  definitions: MetricDefinition[];
  now: Date;
  rules?: HealthRules;
}): { status: HealthStatus; reason: string } {
  const rules = options.rules ?? DEFAULT_HEALTH_RULES;
  const counts = countAlarms(options.alarms);
  const firing = options.alarms
    .filter(a => a.state === 'ALARM')
    .map(a => a.name)
    .sort();
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (counts.ALARM >= rules.criticalAlarmCount) {
    return {
      status: 'critical',
      reason: `${plural(counts.ALARM, 'alarm')} in ALARM: ${firing.join(', ')}`,
    };
  }
  if (counts.ALARM > 0) {
    return {
      status: 'degraded',
      reason: `${plural(counts.ALARM, 'alarm')} in ALARM: ${firing.join(', ')}`,
    };
  }
  let anyRecent = false;
  const sums = new Map<string, { label: string; sum: number }>();
  for (const s of options.series) {
    // The recent slots are the series' last `recentSeconds`, whole slots: with hourly slots
    // ending at the last whole hour, that is the last slot.
    const first =
      s.values.length - Math.ceil(rules.recentSeconds / s.periodSeconds);
    let sum = 0;
    for (let i = Math.max(0, first); i < s.values.length; i++) {
      const v = s.values[i];
      if (v !== null) {
        anyRecent = true;
        sum += v;
      }
    }
    const prev = sums.get(s.id);
    sums.set(s.id, { label: s.label, sum: (prev?.sum ?? 0) + sum });
  }
  const errors = errorSignalsOverThreshold(sums, options.definitions, rules);
  if (errors.length) {
    return {
      status: 'degraded',
      reason: errors.join('; '),
    };
  }
  const partial = options.series.filter(s => s.partial).map(s => s.label);
  if (partial.length) {
    return {
      status: 'unknown',
      reason: `CloudWatch returned partial data for ${partial.join(', ')}`,
    };
  }
  if (!anyRecent && counts.OK === 0) {
    return {
      status: 'unknown',
      reason:
        counts.INSUFFICIENT_DATA > 0
          ? `No metric data in the last hour; ${plural(
              counts.INSUFFICIENT_DATA,
              'alarm',
            )} in INSUFFICIENT_DATA`
          : 'No metric data in the last hour and no alarms',
    };
  }
  // Alarms without data are named too: "healthy" must not read as every alarm being OK.
  const noData =
    counts.INSUFFICIENT_DATA > 0
      ? `, ${plural(counts.INSUFFICIENT_DATA, 'alarm')} in INSUFFICIENT_DATA`
      : '';
  return {
    status: 'healthy',
    reason:
      counts.OK > 0
        ? `${plural(
            counts.OK,
            'alarm',
          )} OK${noData}, no errors in the last hour`
        : `No errors in the last hour${noData}`,
  };
}

/** {@link TenantHealth} as collected and stored: series compact (see {@link CompactSeries}). */
export type StoredHealth = Omit<TenantHealth, 'series24h' | 'series7d'> & {
  series24h: CompactSeries[];
  series7d: CompactSeries[];
  /** Set when the alarms source's last read failed (its alarms are older); shown as `stale`. */
  alarmsStale?: TenantHealth['stale'];
};

/** The API's {@link TenantHealth} of a {@link StoredHealth} (stale when its metrics or its alarms are). */
export function expandHealth(h: StoredHealth): TenantHealth {
  const { alarmsStale, ...rest } = h;
  const stale = rest.stale ?? alarmsStale;
  return {
    ...rest,
    ...(stale ? { stale } : {}),
    series24h: h.series24h.map(expandSeries),
    series7d: h.series7d.map(expandSeries),
  };
}

/** The stored alarm list of `alarms`: by name, each with its state, reason and time. */
export function alarmListOf(alarms: AlarmInfo[]): StoredHealth['alarmList'] {
  return [...alarms]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(a => ({
      name: a.name,
      state: a.state,
      reason: a.reason,
      updatedAt: a.updatedAt,
    }));
}

/** Assembles a tenant's health (compact series). */
export function buildTenantHealth(options: {
  alarms: AlarmInfo[];
  series24h: CompactSeries[];
  series7d: CompactSeries[];
  definitions: MetricDefinition[];
  now: Date;
  rules?: HealthRules;
}): StoredHealth {
  const { status, reason } = decideStatus({
    ...options,
    series: options.series24h,
  });
  return {
    status,
    reason,
    alarms: countAlarms(options.alarms),
    alarmList: alarmListOf(options.alarms),
    series24h: options.series24h,
    series7d: options.series7d,
    collectedAt: options.now.toISOString(),
  };
}

/**
 * The stored health of a tenant that is not monitored (its account is not in service): no
 * alarms, no series, `notMonitored` saying why; `status` is the account's lifecycle
 * (`suspended`, `closing`, …), never `unknown`.
 */
export function notMonitoredHealth(
  notMonitored: NotInService,
  now: Date,
): StoredHealth {
  const { lifecycle } = notMonitored;
  return {
    status: lifecycle === 'active' ? 'unknown' : lifecycle,
    reason: notMonitored.reason,
    notMonitored,
    alarms: { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 },
    alarmList: [],
    series24h: [],
    series7d: [],
    collectedAt: now.toISOString(),
  };
}
