/**
 * CloudWatch alarms of the monitoring account: a few alarms per tenant account, each on a
 * cross-account metric query carrying the tenant's `AccountId`, in state OK, ALARM or
 * INSUFFICIENT_DATA, named `tenancy/<tenant>/<check>`. DescribeAlarms pages them in name order.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { DataAccount } from '../../core/dataAccounts';
import { orgAccounts } from '../../core/context';
import { compare } from '../../core/compare';
import { rand, randInt } from '../../core/random';
import { MONITORING_ACCOUNT_ID } from '../../core/organization/organization';
import { cwError } from './getMetricData';
import { cloudWatchData, metricProfile } from './data';
import { MetricProfile } from './metricModel';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/**
 * Home region of every generated tenant, where its alarms certainly are. Alarms are regional:
 * the monitoring account has a tenant's alarms in each region the tenant runs in. @public
 */
export const ALARM_REGION = 'us-east-1';

interface AlarmCheck {
  check: string;
  namespace: string;
  metricName: string;
  stat: string;
  threshold: number;
  comparison: string;
  treatMissing: string;
  /** Trouble that puts it in ALARM. */
  firesOn: MetricProfile['trouble'];
}

/** Alarm templates, sorted by check name (so alarm names sort per tenant). */
export const ALARM_CHECKS: readonly AlarmCheck[] = [
  {
    check: 'api-5xx',
    namespace: 'AWS/ApiGateway',
    metricName: '5XXError',
    stat: 'Sum',
    threshold: 25,
    comparison: 'GreaterThanThreshold',
    treatMissing: 'notBreaching',
    firesOn: 'errors',
  },
  {
    check: 'api-latency-p95',
    namespace: 'AWS/ApiGateway',
    metricName: 'Latency',
    stat: 'p95',
    threshold: 1500,
    comparison: 'GreaterThanThreshold',
    treatMissing: 'missing',
    firesOn: 'latency',
  },
  {
    check: 'dynamodb-throttles',
    namespace: 'AWS/DynamoDB',
    metricName: 'ThrottledRequests',
    stat: 'Sum',
    threshold: 0,
    comparison: 'GreaterThanThreshold',
    treatMissing: 'missing',
    firesOn: 'throttles',
  },
  {
    check: 'lambda-duration-p95',
    namespace: 'AWS/Lambda',
    metricName: 'Duration',
    stat: 'p95',
    threshold: 3000,
    comparison: 'GreaterThanThreshold',
    treatMissing: 'missing',
    firesOn: 'latency',
  },
  {
    check: 'lambda-errors',
    namespace: 'AWS/Lambda',
    metricName: 'Errors',
    stat: 'Sum',
    threshold: 10,
    comparison: 'GreaterThanThreshold',
    treatMissing: 'notBreaching',
    firesOn: 'errors',
  },
  {
    check: 'lambda-throttles',
    namespace: 'AWS/Lambda',
    metricName: 'Throttles',
    stat: 'Sum',
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    treatMissing: 'notBreaching',
    firesOn: 'throttles',
  },
];

/** Which checks a tenant has (3 to 6, always the error alarm). */
export function checksOf(seed: number, p: MetricProfile): AlarmCheck[] {
  const count = randInt(3, ALARM_CHECKS.length, seed, p.key, 51);
  const ranked = ALARM_CHECKS.map((c, i) => ({
    c,
    k: c.check === 'lambda-errors' ? -1 : rand(seed, p.key, i, 52),
  }))
    .sort((a, b) => a.k - b.k)
    .slice(0, count)
    .map(x => x.c);
  return ALARM_CHECKS.filter(c => ranked.includes(c));
}

/** The state of one alarm at `now`. */
export function alarmState(
  seed: number,
  p: MetricProfile,
  check: AlarmCheck,
  now: number,
): { state: string; reason: string; since: number } {
  const i = ALARM_CHECKS.indexOf(check);
  const since = Math.max(
    p.since,
    now - randInt(3_600, 7 * 86_400, seed, p.key, i, 53) * 1000,
  );
  if (now < p.since + 86_400_000 || p.idleShare >= 1) {
    return {
      state: 'INSUFFICIENT_DATA',
      reason: 'Insufficient Data: 1 datapoint was unknown.',
      since: Math.min(now, p.since),
    };
  }
  const fires =
    (p.trouble && check.firesOn === p.trouble) ||
    rand(seed, p.key, i, 54) < 0.01;
  if (fires) {
    return {
      state: 'ALARM',
      reason: `Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold (${check.threshold}).`,
      since,
    };
  }
  if (
    check.treatMissing === 'missing' &&
    (p.idleShare > 0.25 || check.metricName === 'ThrottledRequests') &&
    rand(seed, p.key, i, 55) < 0.5
  ) {
    return {
      state: 'INSUFFICIENT_DATA',
      reason: 'Insufficient Data: 1 datapoint was unknown.',
      since,
    };
  }
  return {
    state: 'OK',
    reason: `Threshold Crossed: 1 out of the last 1 datapoints was not greater than the threshold (${check.threshold}).`,
    since,
  };
}

function sortedTenants(ctx: OperationContext): DataAccount[] {
  const data = cloudWatchData(ctx);
  const source = orgAccounts(ctx);
  const cached = data.alarmOrder;
  if (cached && cached.from === source) return cached.list;
  const list = source
    .filter(a => a.kind === 'tenant' && a.tenantId)
    // Sorted as the alarm names sort: `tenancy/<tenant>/…` (so `acme-2/` after `acme/`).
    .map(a => ({ a, k: `${a.tenantId}/` }))
    .sort((x, y) => compare(x.k, y.k))
    .map(x => x.a);
  data.alarmOrder = { from: source, list };
  return list;
}

/** An alarm as DescribeAlarms answers it. */
export function renderAlarm(
  region: string,
  p: MetricProfile,
  check: AlarmCheck,
  state: ReturnType<typeof alarmState>,
) {
  const name = `tenancy/${p.account.tenantId}/${check.check}`;
  const arnBase = `arn:aws:cloudwatch:${region}:${MONITORING_ACCOUNT_ID}`;
  return {
    AlarmName: name,
    AlarmArn: `${arnBase}:alarm:${name}`,
    AlarmDescription: `${check.check} of tenant ${p.account.tenantId} (account ${p.account.accountId})`,
    AlarmConfigurationUpdatedTimestamp: new Date(p.since),
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [
      `arn:aws:sns:${region}:${MONITORING_ACCOUNT_ID}:tenancy-alarms`,
    ],
    InsufficientDataActions: [],
    StateValue: state.state,
    StateReason: state.reason,
    StateUpdatedTimestamp: new Date(state.since),
    StateTransitionedTimestamp: new Date(state.since),
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: check.threshold,
    ComparisonOperator: check.comparison,
    TreatMissingData: check.treatMissing,
    Metrics: [
      {
        Id: 'm1',
        AccountId: p.account.accountId,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: check.namespace,
            MetricName: check.metricName,
            Dimensions: [],
          },
          Period: 300,
          Stat: check.stat,
        },
      },
    ],
  };
}

/** The DescribeAlarms handler (metric alarms only; the organization has no composite alarms). */
export function describeAlarms(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const max = input.MaxRecords ?? 50;
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw cwError(
      'ValidationError',
      `1 validation error detected: Value '${max}' at 'maxRecords' failed to satisfy constraint: Member must have value ${
        max < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'
      }`,
    );
  }
  const names: string[] | undefined =
    Array.isArray(input.AlarmNames) && input.AlarmNames.length
      ? input.AlarmNames
      : undefined;
  if (names && input.AlarmNamePrefix) {
    throw cwError(
      'InvalidParameterCombination',
      'AlarmNamePrefix and AlarmNames cannot be specified together.',
    );
  }
  if (names && names.length > 100) {
    throw cwError(
      'ValidationError',
      `1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  }
  const state = input.StateValue;
  if (
    state !== undefined &&
    !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(state)
  ) {
    throw cwError(
      'ValidationError',
      `1 validation error detected: Value '${state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
    );
  }
  const types: string[] | undefined =
    Array.isArray(input.AlarmTypes) && input.AlarmTypes.length
      ? input.AlarmTypes
      : undefined;
  const wantMetric = !types || types.includes('MetricAlarm');
  const empty = { MetricAlarms: [], CompositeAlarms: [] };
  if (!wantMetric || ctx.callerAccountId !== MONITORING_ACCOUNT_ID) {
    return empty;
  }
  if (input.ChildrenOfAlarmName || input.ParentsOfAlarmName) return empty;

  const fp = requestFingerprint(input, 'NextToken');
  const position = decodePageToken(input.NextToken, fp, {
    invalid: () =>
      cwError(
        'InvalidNextToken',
        'The NextToken is invalid or belongs to another request.',
      ),
  }) ?? { i: 0, c: 0 };
  const seed = ctx.data.seed;
  const now = ctx.now().getTime();
  const tenants = sortedTenants(ctx);
  const prefix: string | undefined = input.AlarmNamePrefix || undefined;
  const wanted = names ? new Set(names) : undefined;
  const out: OperationOutput[] = [];
  let next: { i: number; c: number } | undefined;
  for (let i = position.i; i < tenants.length && !next; i++) {
    const tenantPrefix = `tenancy/${tenants[i].tenantId}/`;
    if (
      prefix &&
      !tenantPrefix.startsWith(prefix) &&
      !prefix.startsWith(tenantPrefix)
    )
      continue;
    const p = metricProfile(ctx, tenants[i].accountId);
    if (!p) continue;
    const checks = checksOf(seed, p);
    for (let c = i === position.i ? position.c : 0; c < checks.length; c++) {
      const name = tenantPrefix + checks[c].check;
      if (prefix && !name.startsWith(prefix)) continue;
      if (wanted && !wanted.has(name)) continue;
      // A flip changed the alarm of its own Region only (CloudWatch alarms are regional).
      const flipped = ctx.state.alarmOverrides?.[name];
      const st =
        flipped && (flipped.region ?? ALARM_REGION) === ctx.region
          ? flipped
          : alarmState(seed, p, checks[c], now);
      if (state && st.state !== state) continue;
      if (out.length === max) {
        next = { i, c };
        break;
      }
      out.push(renderAlarm(ctx.region, p, checks[c], st));
    }
  }
  return {
    MetricAlarms: out,
    CompositeAlarms: [],
    ...(next
      ? {
          NextToken: encodePageToken(fp, next),
        }
      : {}),
  };
}
