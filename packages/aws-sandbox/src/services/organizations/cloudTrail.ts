/**
 * Organizations' changes as EventBridge delivers them: `AWS API Call via CloudTrail` for
 * MoveAccount, TagResource, UntagResource, CloseAccount, AttachPolicy and DetachPolicy (source
 * `aws.organizations`, from the management account, region us-east-1 where Organizations
 * logs), and `AWS Service Event via CloudTrail` for CreateAccountResult when a CreateAccount
 * request finishes. `requestParameters` carry the API's members in camelCase, as CloudTrail
 * records them; `responseElements` is null for these calls.
 */
import type { EventInput } from '../../core/eventBridge';
import type { CreateAccountRecord } from '../../core/state';
import type { OperationContext, OperationInput } from '../../core/service';

/** Calls that change what the portal shows of a tenant. */
const LOGGED = new Set([
  'MoveAccount',
  'TagResource',
  'UntagResource',
  'CloseAccount',
  'AttachPolicy',
  'DetachPolicy',
]);

/** `Tags: [{ Key, Value }]` → `tags: [{ key, value }]`, and so on. */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k.charAt(0).toLowerCase() + k.slice(1),
        camel(v),
      ]),
    );
  }
  return value;
}

function envelope(
  ctx: OperationContext,
  detailType: string,
  detail: Record<string, unknown>,
): EventInput {
  return {
    'detail-type': detailType,
    source: 'aws.organizations',
    account: ctx.org.managementAccountId,
    time: ctx.now(),
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventTime: ctx
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      eventSource: 'organizations.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: ctx.org.managementAccountId,
      eventCategory: 'Management',
      managementEvent: true,
      readOnly: false,
      ...detail,
    },
  };
}

/** The CloudTrail event of a successful Organizations call, if it is one the portal follows. */
export function organizationsEvents(
  operation: string,
  input: OperationInput,
  _output: unknown,
  ctx: OperationContext,
): EventInput[] {
  if (!LOGGED.has(operation)) return [];
  return [
    envelope(ctx, 'AWS API Call via CloudTrail', {
      eventName: operation,
      eventType: 'AwsApiCall',
      eventID: ctx.requestId,
      requestID: ctx.requestId,
      userIdentity: { type: 'AssumedRole', arn: ctx.callerArn },
      requestParameters: camel(input),
      responseElements: null,
    }),
  ];
}

/** The CreateAccountResult service event of a finished CreateAccount request. */
export function createAccountResultEvent(
  ctx: OperationContext,
  r: CreateAccountRecord,
): EventInput {
  return envelope(ctx, 'AWS Service Event via CloudTrail', {
    eventName: 'CreateAccountResult',
    eventType: 'AwsServiceEvent',
    eventID: `${r.id}-result`,
    serviceEventDetails: {
      createAccountStatus: {
        id: r.id,
        state: r.state,
        accountName: r.accountName,
        ...(r.accountId ? { accountId: r.accountId } : {}),
        ...(r.failureReason ? { failureReason: r.failureReason } : {}),
        requestedTimestamp: new Date(r.requestedAtMs).toISOString(),
        completedTimestamp: new Date(r.completesAtMs).toISOString(),
      },
    },
  });
}
