/**
 * The EventBridge events the tenants backend applies, parsed from the envelope AWS delivers to
 * SQS (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`, `resources`,
 * `detail`). Anything else — another detail type, a missing field — is an unknown shape, counted
 * and logged by the consumer, never fatal. See docs/aws-behaviours/events.md.
 */

/** Fields every tenant event has. @public */
export interface TenantEventBase {
  /** The EventBridge event id (a redelivered or duplicated message carries the same). */
  id: string;
  detailType: string;
  /** When the change happened, ISO-8601 UTC: the detail's own time where it has one, else the envelope's. */
  time: string;
  /** Accounts the event names; the first known one is the tenant it applies to. */
  accountIds: string[];
}

/** `CloudWatch Alarm State Change`. @public */
export interface AlarmEvent extends TenantEventBase {
  kind: 'alarm';
  alarmName: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason?: string;
  /** The event's `region` (where the alarm lives); absent when the envelope has none. */
  region?: string;
}

/** `GuardDuty Finding` (a new finding, or an update of one: `count` > 1). @public */
export interface FindingEvent extends TenantEventBase {
  kind: 'finding';
  findingId: string;
  /** GuardDuty severity 1.0–10.0 (low < 4, medium < 7, high < 9, critical ≥ 9). */
  severity: number;
  /** `service.count`: 1 the first time the finding is reported. */
  count: number;
  archived: boolean;
  region: string;
}

/** `Config Rules Compliance Change`. @public */
export interface ConfigRuleEvent extends TenantEventBase {
  kind: 'configRule';
  configRuleName: string;
  /** The evaluated resource's new result: COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA. */
  complianceType: string;
  /** The evaluated resource's type, e.g. `AWS::S3::Bucket`; `AWS::::Account` for a rule of the account itself; empty when the event names none. */
  resourceType: string;
  /** The evaluated resource's id (the account id for `AWS::::Account`); empty when the event names none. */
  resourceId: string;
  /** The Region of the evaluation (`detail.awsRegion`, else the envelope's `region`); empty when neither is given. */
  region: string;
}

/** What an Organizations CloudTrail event changed of an account. @public */
export type AccountChange =
  | { type: 'move'; destinationParentId: string }
  | { type: 'tag'; tags: Record<string, string> }
  | { type: 'untag'; keys: string[] }
  | { type: 'close' }
  | { type: 'policy'; policyId: string; attached: boolean }
  | { type: 'created'; state: string };

/** Organizations via CloudTrail: MoveAccount, TagResource, UntagResource, CloseAccount, AttachPolicy, DetachPolicy, CreateAccountResult. @public */
export interface AccountEvent extends TenantEventBase {
  kind: 'account';
  eventName: string;
  change: AccountChange;
}

/** `CloudFormation StackSet StackInstance Status Change`. @public */
export interface StackInstanceEvent extends TenantEventBase {
  kind: 'stackInstance';
  stackSetArn: string;
  /** The StackSet's name, from its ARN (`stackset/<name>:<uuid>`). */
  stackSetName: string;
  /** The stack instance's Region, from `stack-id` (`arn:aws:cloudformation:<region>:<account>:stack/…`). */
  instanceRegion: string;
  action: string;
  status: string;
  detailedStatus?: string;
  reason?: string;
}

/** An event the backend applies. @public */
export type TenantEvent =
  | AlarmEvent
  | FindingEvent
  | ConfigRuleEvent
  | AccountEvent
  | StackInstanceEvent;

/** The result of parsing: the event, or why its shape is unknown. @public */
export type ParsedEvent =
  | { event: TenantEvent }
  | { unknown: string; id?: string; detailType?: string };

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const ACCOUNT = /^\d{12}$/;

/** CloudWatch's `2026-03-15T12:00:00.000+0000` (and any ISO-8601) as ISO-8601 UTC. */
function isoTime(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const ms = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function alarmEvent(
  base: TenantEventBase,
  d: Obj,
  region: string | undefined,
): AlarmEvent | string {
  const state = d.state?.value;
  const alarmName = str(d.alarmName);
  if (!alarmName || !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(state)) {
    return 'alarm event without detail.alarmName or detail.state.value';
  }
  const fromMetrics = (
    Array.isArray(d.configuration?.metrics) ? d.configuration.metrics : []
  ).flatMap((m: Obj) =>
    [m?.accountId, m?.metricStat?.metric?.dimensions?.AccountId].filter(
      (a): a is string => typeof a === 'string' && ACCOUNT.test(a),
    ),
  );
  const inName = alarmName.match(/\d{12}/g) ?? [];
  return {
    ...base,
    kind: 'alarm',
    time: isoTime(d.state?.timestamp) ?? base.time,
    accountIds: [...new Set([...fromMetrics, ...inName, ...base.accountIds])],
    alarmName,
    state,
    reason: str(d.state?.reason),
    ...(region ? { region } : {}),
  };
}

function findingEvent(base: TenantEventBase, d: Obj): FindingEvent | string {
  const accountId = str(d.accountId);
  const severity = Number(d.severity);
  if (!accountId || !str(d.id) || !Number.isFinite(severity)) {
    return 'GuardDuty finding without detail.accountId, detail.id or detail.severity';
  }
  return {
    ...base,
    kind: 'finding',
    time: isoTime(d.updatedAt) ?? base.time,
    accountIds: [accountId],
    findingId: d.id,
    severity,
    count: Number(d.service?.count ?? 1),
    archived: d.service?.archived === true,
    region: str(d.region) ?? '',
  };
}

function configEvent(
  base: TenantEventBase,
  d: Obj,
  envelopeRegion: string | undefined,
): ConfigRuleEvent | string {
  const accountId = str(d.awsAccountId);
  const rule = str(d.configRuleName);
  const type = str(d.newEvaluationResult?.complianceType);
  const qualifier: Obj | undefined =
    d.newEvaluationResult?.evaluationResultIdentifier
      ?.evaluationResultQualifier;
  if (!accountId || !rule || !type) {
    return 'Config event without detail.awsAccountId, configRuleName or newEvaluationResult.complianceType';
  }
  return {
    ...base,
    kind: 'configRule',
    time:
      isoTime(
        d.newEvaluationResult?.evaluationResultIdentifier?.orderingTimestamp,
      ) ?? base.time,
    accountIds: [accountId],
    configRuleName: rule,
    complianceType: type,
    resourceType: str(d.resourceType) ?? str(qualifier?.resourceType) ?? '',
    resourceId: str(d.resourceId) ?? str(qualifier?.resourceId) ?? '',
    region: str(d.awsRegion) ?? envelopeRegion ?? '',
  };
}

function accountChange(
  name: string,
  d: Obj,
): { accountId?: string; change: AccountChange } | undefined {
  const p: Obj = isObj(d.requestParameters) ? d.requestParameters : {};
  switch (name) {
    case 'MoveAccount':
      return str(p.destinationParentId)
        ? {
            accountId: str(p.accountId),
            change: {
              type: 'move',
              destinationParentId: p.destinationParentId,
            },
          }
        : undefined;
    case 'TagResource':
      return Array.isArray(p.tags)
        ? {
            accountId: str(p.resourceId),
            change: {
              type: 'tag',
              tags: Object.fromEntries(
                p.tags.map((t: Obj) => [
                  String(t?.key),
                  String(t?.value ?? ''),
                ]),
              ),
            },
          }
        : undefined;
    case 'UntagResource':
      return Array.isArray(p.tagKeys)
        ? {
            accountId: str(p.resourceId),
            change: { type: 'untag', keys: p.tagKeys.map(String) },
          }
        : undefined;
    case 'CloseAccount':
      return { accountId: str(p.accountId), change: { type: 'close' } };
    case 'AttachPolicy':
    case 'DetachPolicy':
      return str(p.policyId)
        ? {
            accountId: str(p.targetId),
            change: {
              type: 'policy',
              policyId: p.policyId,
              attached: name === 'AttachPolicy',
            },
          }
        : undefined;
    case 'CreateAccountResult': {
      const s = d.serviceEventDetails?.createAccountStatus;
      return str(s?.state)
        ? {
            accountId: str(s.accountId),
            change: { type: 'created', state: s.state },
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

function organizationsEvent(
  base: TenantEventBase,
  d: Obj,
): AccountEvent | string {
  const name = str(d.eventName) ?? '';
  const found = accountChange(name, d);
  if (!found?.accountId || !ACCOUNT.test(found.accountId)) {
    return `Organizations event ${
      name || '(no eventName)'
    } not followed or naming no account`;
  }
  return {
    ...base,
    kind: 'account',
    time: isoTime(d.eventTime) ?? base.time,
    accountIds: [found.accountId],
    eventName: name,
    change: found.change,
  };
}

function stackInstanceEvent(
  base: TenantEventBase,
  d: Obj,
): StackInstanceEvent | string {
  const stackId = str(d['stack-id']);
  const arn = str(d['stack-set-arn']);
  const account = stackId?.split(':')[4];
  const status = str(d['status-details']?.status);
  if (!arn || !account || !ACCOUNT.test(account) || !status) {
    return 'StackSet event without stack-set-arn, a stack-id naming an account, or status-details.status';
  }
  return {
    ...base,
    kind: 'stackInstance',
    accountIds: [account],
    stackSetArn: arn,
    stackSetName: arn.split(':stackset/')[1]?.split(':')[0] ?? '',
    instanceRegion: stackId?.split(':')[3] ?? '',
    action: str(d.action) ?? '',
    status,
    detailedStatus: str(d['status-details']?.['detailed-status']),
    reason: str(d['status-details']?.['status-reason']),
  };
}

/** Parses one message body's JSON value. Never throws. @public */
export function parseTenantEvent(payload: unknown): ParsedEvent {
  if (!isObj(payload)) return { unknown: 'not a JSON object' };
  const id = str(payload.id);
  const detailType = str(payload['detail-type']);
  const time = isoTime(payload.time);
  if (!id || !detailType || !time || !isObj(payload.detail)) {
    return {
      unknown:
        'not an EventBridge event (id, detail-type, time and detail are required)',
      id,
      detailType,
    };
  }
  const account = str(payload.account);
  const base: TenantEventBase = {
    id,
    detailType,
    time,
    accountIds: account && ACCOUNT.test(account) ? [account] : [],
  };
  const d = payload.detail;
  let out: TenantEvent | string;
  if (detailType === 'CloudWatch Alarm State Change')
    out = alarmEvent(base, d, str(payload.region));
  else if (detailType === 'GuardDuty Finding') out = findingEvent(base, d);
  else if (detailType === 'Config Rules Compliance Change')
    out = configEvent(base, d, str(payload.region));
  else if (
    payload.source === 'aws.organizations' &&
    /via CloudTrail$/.test(detailType)
  )
    out = organizationsEvent(base, d);
  else if (detailType === 'CloudFormation StackSet StackInstance Status Change')
    out = stackInstanceEvent(base, d);
  else out = `detail-type ${detailType} is not one the tenants backend applies`;
  return typeof out === 'string'
    ? { unknown: out, id, detailType }
    : { event: out };
}
