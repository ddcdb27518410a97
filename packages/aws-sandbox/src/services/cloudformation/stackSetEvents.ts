/**
 * The EventBridge event CloudFormation sends when a StackSet operation leaves a stack instance
 * in a new status: `CloudFormation StackSet StackInstance Status Change` from the StackSet's
 * administrator account; the instance's account is the one in `stack-id`.
 */
import type { StackInstanceRecord, StackSetRecord } from '../../core/state';
import type { EventInput } from '../../core/eventBridge';
import type { OperationContext } from '../../core/service';

/** The event of one instance after an operation of `action` finished. */
export function stackInstanceEvent(
  ctx: OperationContext,
  set: StackSetRecord,
  instance: StackInstanceRecord,
  action: string,
  stackId: string,
): EventInput {
  return {
    'detail-type': 'CloudFormation StackSet StackInstance Status Change',
    source: 'aws.cloudformation',
    account: ctx.org.managementAccountId,
    time: ctx.now(),
    region: ctx.region,
    resources: [set.arn],
    detail: {
      'stack-set-arn': set.arn,
      'stack-id': stackId,
      action,
      'status-details': {
        status: action === 'DELETE' ? 'INOPERABLE' : instance.status,
        ...(instance.statusReason
          ? { 'status-reason': instance.statusReason }
          : {}),
        'detailed-status':
          action === 'DELETE' ? 'SUCCEEDED' : instance.detailedStatus,
      },
    },
  };
}
