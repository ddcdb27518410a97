import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DeleteStackInstancesCommand,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import { createHash } from 'node:crypto';
import type { ActionClock } from './clock';
import { aws } from './organizations';
import { pollUntil } from './poll';
import { activeOperations, DONE_STATES, operationStatus } from './stackSets';

/** OperationInProgressException answers waited out before giving up. */
const MAX_IN_PROGRESS_RETRIES = 20;

/**
 * The stable OperationId of "redeploy this account's instances whose last operations were
 * `lastOperationIds`": a retry from the same state re-sends the same id (so a recovered task
 * never starts a second operation), and each new failed attempt gives a new id. Pattern
 * `[a-zA-Z0-9][-a-zA-Z0-9]*`, ≤ 128 characters.
 */
export function redeployOperationId(
  stackSetName: string,
  accountId: string,
  regions: string[],
  lastOperationIds: string[],
): string {
  return `tenancy-redeploy-${accountId}-${operationDigest([
    stackSetName,
    accountId,
    [...regions].sort().join(','),
    [...lastOperationIds].sort().join(','),
  ])}`;
}

/**
 * The first 16 hex digits of the SHA-256 of `parts` joined by `|`: the stable part of an
 * OperationId derived from what the operation does.
 */
export function operationDigest(parts: Array<string | boolean>): string {
  return createHash('sha256')
    .update(parts.join('|'))
    .digest('hex')
    .slice(0, 16);
}

/** What {@link sendInstancesOperation} sends: CreateStackInstances for missing instances, UpdateStackInstances for existing ones, DeleteStackInstances to remove them. */
export type InstancesOperationKind = 'create' | 'update' | 'delete';

/** The shared input of CreateStackInstances and UpdateStackInstances. */
export type InstancesOperationInput = ConstructorParameters<
  typeof CreateStackInstancesCommand
>[0] & {
  /** DeleteStackInstances only: keep each stack in its account. */
  RetainStacks?: boolean;
};

const API: Record<InstancesOperationKind, string> = {
  create: 'CreateStackInstances',
  update: 'UpdateStackInstances',
  delete: 'DeleteStackInstances',
};

function instancesCommand(
  kind: InstancesOperationKind,
  input: InstancesOperationInput,
) {
  if (kind === 'create') return new CreateStackInstancesCommand(input);
  if (kind === 'update') return new UpdateStackInstancesCommand(input);
  return new DeleteStackInstancesCommand({
    ...input,
    RetainStacks: input.RetainStacks ?? false,
  });
}

/**
 * Sends CreateStackInstances (`create`) or UpdateStackInstances (`update`, only for instances
 * that exist, as AWS requires) with a stable OperationId. OperationIdAlreadyExistsException
 * means it is already there (followed); OperationInProgressException waits for the running
 * operation (`waitForRunning`) and re-sends the same id, at most 20 times.
 * @throws the mapped AWS error otherwise.
 */
export async function sendInstancesOperation(
  cfn: CloudFormationClient,
  kind: InstancesOperationKind,
  input: InstancesOperationInput,
  waitForRunning: () => Promise<void>,
  log: (m: string) => void,
): Promise<void> {
  const api = API[kind];
  for (let attempt = 1; ; attempt++) {
    try {
      await cfn.send(instancesCommand(kind, input) as any);
      log(
        `Started StackSet ${input.StackSetName} operation ${input.OperationId} (${api})`,
      );
      return;
    } catch (e) {
      if (isAwsError(e, 'OperationIdAlreadyExistsException')) {
        log(`Operation ${input.OperationId} already exists; following it`);
        return;
      }
      if (
        isAwsError(e, 'OperationInProgressException') &&
        attempt < MAX_IN_PROGRESS_RETRIES
      ) {
        log(
          `Another operation is running on StackSet ${input.StackSetName}; ours starts when it finishes`,
        );
        await waitForRunning();
        continue;
      }
      await aws(`CloudFormation.${api}`, () => Promise.reject(e));
    }
  }
}

/** Where and how long {@link waitForOperation} and {@link waitForRunningOperations} wait. */
export interface OperationWaitArgs {
  cfn: CloudFormationClient;
  stackSetName: string;
  callAs: string;
  /** Deadline of each operation, seconds. */
  timeoutSeconds: number;
  poll: { initialSeconds: number; maxSeconds: number };
  clock: ActionClock;
  logger: LoggerService;
  signal?: AbortSignal;
}

/**
 * Waits (DescribeStackSetOperation, backoff, progress lines) until the operation is SUCCEEDED,
 * FAILED or STOPPED.
 * @returns its Status and StatusReason.
 * @throws Error at the deadline saying the operation continues in AWS.
 */
export function waitForOperation(
  args: OperationWaitArgs,
  operationId: string,
  what = `StackSet ${args.stackSetName} operation ${operationId}`,
): Promise<{ status: string; reason: string }> {
  return pollUntil<{ status: string; reason: string }>({
    what,
    timeoutSeconds: args.timeoutSeconds,
    poll: args.poll,
    clock: args.clock,
    logger: args.logger,
    signal: args.signal,
    check: async () => {
      const op = await operationStatus(
        args.cfn,
        args.stackSetName,
        operationId,
        args.callAs,
      );
      return { done: DONE_STATES.has(op.status), status: op.status, value: op };
    },
    onTimeout: `Operation ${operationId} continues in AWS; run the template again to resume waiting on it.`,
  });
}

/** Waits for every running or queued operation of the StackSet (ListStackSetOperations). */
export async function waitForRunningOperations(
  args: OperationWaitArgs,
): Promise<void> {
  for (const other of await activeOperations(
    args.cfn,
    args.stackSetName,
    args.callAs,
  )) {
    await waitForOperation(
      args,
      other,
      `StackSet ${args.stackSetName} operation ${other} (running before ours)`,
    );
  }
}
