/**
 * Simulated changes with their EventBridge events: an alarm flipping state, a new GuardDuty
 * finding, a Config rule's compliance changing. Each changes what the service answers from then
 * on (DescribeAlarms, GuardDuty statistics) and publishes the event AWS sends for it. Used by
 * the admin route `POST /_sandbox/events/{alarm|finding|config}` and by `--demo`, which flips
 * alarms and raises findings on a timer. See docs/aws-behaviours/events.md.
 */
import { publishEvents, type EventBridgeEvent } from '../core/eventBridge';
import { accountById, orgAccounts } from '../core/context';
import { AwsServiceError } from '../core/errors';
import { hexId } from '../core/random';
import type { OperationContext } from '../core/service';
import {
  MONITORING_ACCOUNT_ID,
  SECURITY_ACCOUNT_ID,
} from '../core/organization/organization';
import {
  ALARM_REGION,
  alarmState,
  checksOf,
} from '../services/cloudWatch/alarms';
import { metricProfile } from '../services/cloudWatch/data';
import { recordComplianceChange } from '../services/config/configAggregator';
import {
  FINDING_TYPES,
  memberStatus,
} from '../services/guardDuty/guardDutyModel';

function bad(message: string): AwsServiceError {
  return new AwsServiceError('ValidationError', message);
}

/** CloudWatch's alarm-event timestamp: `2026-03-15T12:00:00.000+0000`. */
const alarmTimestamp = (ms: number) =>
  new Date(ms).toISOString().replace('Z', '+0000');

function tenantAccount(ctx: OperationContext, accountId: string) {
  const a = accountById(ctx, accountId);
  if (!a || a.kind !== 'tenant' || !a.tenantId) {
    throw bad(`Account ${accountId} is not a tenant account of the sandbox`);
  }
  return a;
}

/**
 * Flips one alarm of a tenant (`check`, default its first) to `state` (default: ALARM when it is
 * not in ALARM, else OK) and publishes `CloudWatch Alarm State Change` from the monitoring account.
 */
export function flipAlarm(
  ctx: OperationContext,
  accountId: string,
  options: {
    check?: string;
    state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  } = {},
): EventBridgeEvent {
  const account = tenantAccount(ctx, accountId);
  const p = metricProfile({ ...ctx, region: ALARM_REGION }, accountId);
  if (!p) throw bad(`Account ${accountId} has no alarms in ${ALARM_REGION}`);
  const checks = checksOf(ctx.data.seed, p);
  const check = options.check
    ? checks.find(c => c.check === options.check)
    : checks[0];
  if (!check)
    throw bad(`Tenant ${account.tenantId} has no alarm ${options.check}`);
  const name = `tenancy/${account.tenantId}/${check.check}`;
  const now = ctx.now().getTime();
  const overrides = (ctx.state.alarmOverrides ??= {});
  const before = overrides[name] ?? alarmState(ctx.data.seed, p, check, now);
  const state = options.state ?? (before.state === 'ALARM' ? 'OK' : 'ALARM');
  const reason =
    state === 'ALARM'
      ? `Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold (${check.threshold}).`
      : `Threshold Crossed: 1 out of the last 1 datapoints was not greater than the threshold (${check.threshold}).`;
  overrides[name] = { state, reason, since: now, region: ALARM_REGION };
  const arn = `arn:aws:cloudwatch:${ALARM_REGION}:${MONITORING_ACCOUNT_ID}:alarm:${name}`;
  const [event] = publishEvents(ctx, [
    {
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: MONITORING_ACCOUNT_ID,
      time: new Date(now),
      region: ALARM_REGION,
      resources: [arn],
      detail: {
        alarmName: name,
        state: { value: state, reason, timestamp: alarmTimestamp(now) },
        previousState: {
          value: before.state,
          reason: before.reason,
          timestamp: alarmTimestamp(before.since),
        },
        configuration: {
          description: `${check.check} of tenant ${account.tenantId} (account ${accountId})`,
          metrics: [
            {
              id: 'm1',
              accountId,
              metricStat: {
                metric: {
                  namespace: check.namespace,
                  name: check.metricName,
                  dimensions: {},
                },
                period: 300,
                stat: check.stat,
              },
              returnData: true,
            },
          ],
        },
      },
    },
  ]);
  return event;
}

/**
 * Raises a new GuardDuty finding in a tenant account (type from the sandbox's finding types by
 * `typeIndex`) and publishes `GuardDuty Finding` from the administrator (security) account.
 */
export function raiseFinding(
  ctx: OperationContext,
  accountId: string,
  options: { typeIndex?: number; region?: string } = {},
): EventBridgeEvent {
  const account = tenantAccount(ctx, accountId);
  const t = FINDING_TYPES[(options.typeIndex ?? 0) % FINDING_TYPES.length];
  const region = options.region ?? 'us-east-1';
  const now = ctx.now().getTime();
  if (memberStatus(ctx.data.seed, account, region, now) !== 'Enabled') {
    // The administrator sees (and EventBridge there sends) only its enabled members' findings.
    throw bad(
      `Account ${accountId} is not an enabled GuardDuty member in ${region}`,
    );
  }
  const added = (ctx.state.addedFindings ??= []);
  const id = hexId(32, ctx.data.seed, added.length, 90);
  added.push({
    ...t,
    id,
    accountId,
    region,
    archived: false,
    createdAt: now,
    updatedAt: now,
    count: 1,
  });
  const iso = new Date(now).toISOString();
  const arn = `arn:aws:guardduty:${region}:${accountId}:detector/sandbox/finding/${id}`;
  const [event] = publishEvents(ctx, [
    {
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: SECURITY_ACCOUNT_ID,
      time: new Date(now),
      region,
      resources: [],
      detail: {
        schemaVersion: '2.0',
        accountId,
        region,
        partition: 'aws',
        id,
        arn,
        type: t.type,
        resource: { resourceType: t.resourceType },
        service: {
          serviceName: 'guardduty',
          archived: false,
          count: 1,
          eventFirstSeen: iso,
          eventLastSeen: iso,
        },
        severity: t.severity,
        createdAt: iso,
        updatedAt: iso,
        title: t.title,
        description: t.title,
      },
    },
  ]);
  return event;
}

/**
 * Publishes `Config Rules Compliance Change` for one rule and resource of a tenant account (as
 * the aggregator's source account sends it), and the aggregator answers the rule's new result
 * from then on (COMPLIANT or NON_COMPLIANT; other types are only published).
 */
export function changeCompliance(
  ctx: OperationContext,
  accountId: string,
  options: {
    configRuleName: string;
    complianceType: string;
    resourceId?: string;
  },
): EventBridgeEvent {
  tenantAccount(ctx, accountId);
  const now = ctx.now();
  const resourceId = options.resourceId ?? accountId;
  const region = 'us-east-1';
  const type = options.complianceType;
  if (type === 'COMPLIANT' || type === 'NON_COMPLIANT') {
    recordComplianceChange(ctx, accountId, region, options.configRuleName, {
      complianceType: type,
      at: now.getTime(),
    });
  }
  const [event] = publishEvents(ctx, [
    {
      'detail-type': 'Config Rules Compliance Change',
      source: 'aws.config',
      account: accountId,
      time: now,
      region,
      resources: [],
      detail: {
        resourceId,
        awsRegion: region,
        awsAccountId: accountId,
        configRuleName: options.configRuleName,
        recordVersion: '1.0',
        messageType: 'ComplianceChangeNotification',
        resourceType: 'AWS::::Account',
        notificationCreationTime: now.toISOString(),
        newEvaluationResult: {
          evaluationResultIdentifier: {
            evaluationResultQualifier: {
              configRuleName: options.configRuleName,
              resourceType: 'AWS::::Account',
              resourceId,
            },
            orderingTimestamp: now.toISOString(),
          },
          complianceType: options.complianceType,
          resultRecordedTime: now.toISOString(),
          configRuleInvokedTime: now.toISOString(),
        },
      },
    },
  ]);
  return event;
}

/** Steps after which the demo puts an alarm it raised back to OK (15 s a step by default). */
export const DEMO_ALARM_STEPS = 6;

/**
 * The demo's alarm changes at `step` (1, 2, …) over `tenants` active tenants, by index: one
 * tenant's alarm goes to ALARM, and the one raised {@link DEMO_ALARM_STEPS} steps before goes
 * back to OK (first), so the demo keeps at most that many of its alarms in ALARM at once.
 * Before, each step flipped one alarm's state and a tenant came round again only after every
 * other one: about half the fleet ended up degraded.
 */
export function demoAlarmChanges(
  step: number,
  tenants: number,
): Array<{ index: number; state: 'ALARM' | 'OK' }> {
  const index = (s: number) => (s * 7919 + 104729) % tenants;
  const raise = { index: index(step), state: 'ALARM' as const };
  return step > DEMO_ALARM_STEPS
    ? [{ index: index(step - DEMO_ALARM_STEPS), state: 'OK' as const }, raise]
    : [raise];
}

/**
 * One demo step: the alarm changes of {@link demoAlarmChanges}; every fourth step also a new
 * GuardDuty finding.
 */
export function demoStep(ctx: OperationContext, step: number): void {
  const tenants = orgAccounts(ctx).filter(
    a => a.kind === 'tenant' && a.tenantId && a.state === 'ACTIVE',
  );
  if (!tenants.length) return;
  // A tenant too young for alarms, or not a GuardDuty member in us-east-1, is skipped this step.
  const attempt = (change: () => unknown) => {
    try {
      change();
    } catch {
      // skipped
    }
  };
  for (const { index, state } of demoAlarmChanges(step, tenants.length)) {
    attempt(() => flipAlarm(ctx, tenants[index].accountId, { state }));
  }
  if (step % 4 === 0) {
    const finding = tenants[(step * 7919 + 2 * 104729) % tenants.length];
    attempt(() => raiseFinding(ctx, finding.accountId, { typeIndex: step }));
  }
}
