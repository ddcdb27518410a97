/**
 * ListStackSetOperationResults, StopStackSetOperation and DetectStackSetDrift.
 *
 * - Results: one summary per account × Region of the operation, PENDING / RUNNING while it
 *   runs, then SUCCEEDED, FAILED (with the stack's StatusReason) or CANCELLED (tolerance
 *   exceeded, operation stopped, or the account suspended), with AccountGateResult SKIPPED (no
 *   account gate function). Filter OPERATION_RESULT_STATUS.
 * - Stop: InvalidOperationException when the operation has already ended.
 * - Drift: a DETECT_DRIFT operation over every instance (same OperationId and in-progress
 *   rules); at its end each instance's DriftStatus is DRIFTED or IN_SYNC (UNKNOWN for suspended
 *   accounts), and DescribeStackSet reports the counts.
 */
import { list, str } from '../../core/input';
import { OperationHandler } from '../../core/service';
import { ScheduledInstanceRecord, StackSetRecord } from '../../core/state';
import { AwsServiceError } from '../../core/errors';
import { findStackSet, page, validationError } from './common';
import { readOperationId } from './instances';
import { readPreferences } from './operationSchedule';
import { operationEnded, startOperation, stopOperation } from './stacksets';

/** The operation with this id, or OperationNotFoundException. */
export function findOperation(set: StackSetRecord, id: string | undefined) {
  if (!id)
    throw validationError(
      "1 validation error detected: Value null at 'operationId' failed to satisfy constraint: Member must not be null",
    );
  const op = set.operations.find(o => o.operationId === id);
  if (!op)
    throw new AwsServiceError(
      'OperationNotFoundException',
      `Operation ${id} not found`,
      { httpStatus: 404 },
    );
  return op;
}

function resultStatus(e: ScheduledInstanceRecord, now: number): string {
  if (now < e.startsAtMs) return 'PENDING';
  if (now < e.endsAtMs) return 'RUNNING';
  return e.result === 'SKIPPED' ? 'CANCELLED' : e.result;
}

const RESULT_STATUSES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
];

export const listStackSetOperationResults: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const op = findOperation(set, str(input.OperationId));
  const filters = list<{ Name?: string; Values?: string }>(input.Filters);
  for (const f of filters) {
    if (f.Name !== 'OPERATION_RESULT_STATUS')
      throw validationError('Filter name must be OPERATION_RESULT_STATUS');
    if (!RESULT_STATUSES.includes(String(f.Values)))
      throw validationError(
        `Filter value must be one of ${RESULT_STATUSES.join(', ')}`,
      );
  }
  const now = ctx.clock.nowMs();
  const rows = (op.schedule ?? [])
    .map(e => ({ e, status: resultStatus(e, now) }))
    .filter(r => filters.every(f => f.Values === r.status));
  const { items, NextToken } = page(
    rows,
    input,
    `results:${op.operationId}:${JSON.stringify(filters)}`,
  );
  return {
    Summaries: items.map(({ e, status }) => ({
      Account: e.account,
      Region: e.region,
      Status: status,
      StatusReason:
        status === 'FAILED' || status === 'CANCELLED'
          ? e.statusReason
          : undefined,
      AccountGateResult: {
        Status: 'SKIPPED',
        StatusReason:
          'Function not found: arn:aws:lambda:::function:AWSCloudFormationStackSetAccountGate',
      },
      OrganizationalUnitId: e.organizationalUnitId,
    })),
    NextToken,
  };
};

export const stopStackSetOperation: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const op = findOperation(set, str(input.OperationId));
  if (operationEnded(op) || op.status === 'STOPPING') {
    throw new AwsServiceError(
      'InvalidOperationException',
      `Operation ${op.operationId} is ${op.status} and cannot be stopped`,
      { httpStatus: 400 },
    );
  }
  stopOperation(ctx, op);
  return {};
};

export const detectStackSetDrift: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const operationId = readOperationId(input, set);
  const accounts = [...new Set(set.instances.map(i => i.account))];
  const op = startOperation(ctx, set, {
    action: 'DETECT_DRIFT',
    operationId,
    targets: accounts.map(account => ({ account })),
    regions: [...new Set(set.instances.map(i => i.region))],
    accounts: [],
    organizationalUnitIds: [],
    operationPreferences: readPreferences(input.OperationPreferences),
  });
  return { OperationId: op.operationId };
};

/** DescribeStackSet's StackSetDriftDetectionDetails (omitted before the first detection). */
export function driftDetails(set: StackSetRecord) {
  if (set.lastDriftCheckMs === undefined) return undefined;
  const count = (s: string) =>
    set.instances.filter(i => i.driftStatus === s).length;
  const drifted = count('DRIFTED');
  return {
    DriftStatus: drifted ? 'DRIFTED' : 'IN_SYNC',
    DriftDetectionStatus: 'COMPLETED',
    LastDriftCheckTimestamp: new Date(set.lastDriftCheckMs),
    TotalStackInstancesCount: set.instances.length,
    DriftedStackInstancesCount: drifted,
    InSyncStackInstancesCount: count('IN_SYNC'),
    InProgressStackInstancesCount: 0,
    FailedStackInstancesCount: 0,
  };
}
