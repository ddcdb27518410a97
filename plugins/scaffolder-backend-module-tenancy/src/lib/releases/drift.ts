import { DetectStackSetDriftCommand } from '@aws-sdk/client-cloudformation';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import { createHash } from 'node:crypto';
import { aws } from '../organizations';
import type { OperationWaitArgs } from '../stackSetOperations';
import { followOperation } from './operations';

/**
 * Runs StackSet drift detection (DetectStackSetDrift, every instance at once) and waits for it.
 * The OperationId is stable per StackSet and task (`drift-<digest>`), so a recovered task
 * follows the detection it started (OperationIdAlreadyExistsException).
 * @throws the mapped AWS error (e.g. ConflictError while another operation runs).
 */
export async function detectDrift(
  wait: OperationWaitArgs,
  taskId: string,
): Promise<void> {
  const id = `drift-${createHash('sha256')
    .update(`${wait.stackSetName}|${taskId}`)
    .digest('hex')
    .slice(0, 16)}`;
  try {
    await wait.cfn.send(
      new DetectStackSetDriftCommand({
        StackSetName: wait.stackSetName,
        CallAs: wait.callAs as 'SELF',
        OperationId: id,
        OperationPreferences: {
          MaxConcurrentPercentage: 100,
          FailureTolerancePercentage: 100,
          ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
      }),
    );
  } catch (e) {
    if (!isAwsError(e, 'OperationIdAlreadyExistsException'))
      await aws('CloudFormation.DetectStackSetDrift', () => Promise.reject(e));
  }
  await followOperation(wait, id, `Drift detection ${id}`);
}
