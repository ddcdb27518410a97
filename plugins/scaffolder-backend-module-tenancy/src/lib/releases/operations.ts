import {
  CloudFormationClient,
  ListStackSetOperationResultsCommand,
} from '@aws-sdk/client-cloudformation';
import { createHash } from 'node:crypto';
import { pollUntil } from '../poll';
import { allSummaries, operationStatus } from '../stackSets';
import type { OperationWaitArgs } from '../stackSetOperations';

/** One account × Region result of a StackSet operation (ListStackSetOperationResults). @public */
export interface OperationResult {
  accountId: string;
  region: string;
  /** `PENDING`, `RUNNING`, `SUCCEEDED`, `FAILED`, `CANCELLED`. */
  status: string;
  /** AWS's StatusReason ('' when none). */
  reason: string;
  operationId: string;
}

/**
 * The OperationId prefix of one rollout (`tr-<version>-<digest>`; a rollback `rb-…`): the
 * same rollout always sends the same ids, so a recovered task finds and re-attaches to its
 * operations instead of starting new ones. Pattern `[a-zA-Z0-9][-a-zA-Z0-9]*`.
 */
export function rolloutPrefix(
  kind: 'tr' | 'rb',
  stackSetName: string,
  version: string,
  rolloutId: number,
): string {
  const digest = createHash('sha256')
    .update(`${stackSetName}|${version}|${rolloutId}`)
    .digest('hex')
    .slice(0, 10);
  const slug = version.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 40);
  return `${kind}-${slug}-${digest}`;
}

/** `…-w<wave>-a<attempt>-<kind>` → attempt number (0 when the id is not of this wave). */
export function attemptOf(waveprefix: string, operationId: string): number {
  const m = new RegExp(`^${waveprefix}-a(\\d+)-[a-z]$`).exec(operationId);
  return m ? Number(m[1]) : 0;
}

/** Each account × Region result of the operation (ListStackSetOperationResults, every page). */
export async function operationResults(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
  operationId: string,
): Promise<OperationResult[]> {
  const rows = await allSummaries('ListStackSetOperationResults', t =>
    cfn.send(
      new ListStackSetOperationResultsCommand({
        StackSetName: stackSetName,
        OperationId: operationId,
        CallAs: callAs as 'SELF',
        NextToken: t,
      }),
    ),
  );
  return rows.map(r => ({
    accountId: r.Account ?? '',
    region: r.Region ?? '',
    status: r.Status ?? '',
    reason: r.StatusReason ?? '',
    operationId,
  }));
}

/** Done / failed / remaining of a set of results. */
export function countResults(results: OperationResult[]) {
  const done = results.filter(r => r.status === 'SUCCEEDED').length;
  const failed = results.filter(r => r.status === 'FAILED').length;
  return { done, failed, remaining: results.length - done - failed };
}

/**
 * Waits until the operation ends, with a progress line per look naming done / failed /
 * remaining instances (DescribeStackSetOperation + ListStackSetOperationResults).
 * @returns its final Status and results.
 * @throws Error at the deadline saying the operation continues in AWS.
 */
export async function followOperation(
  args: OperationWaitArgs,
  operationId: string,
  what: string,
): Promise<{ status: string; results: OperationResult[] }> {
  return pollUntil({
    ...args,
    what,
    onTimeout: `Operation ${operationId} continues in AWS; resume the rollout to wait on it again.`,
    check: async () => {
      const { status } = await operationStatus(
        args.cfn,
        args.stackSetName,
        operationId,
        args.callAs,
      );
      const results = await operationResults(
        args.cfn,
        args.stackSetName,
        args.callAs,
        operationId,
      );
      const c = countResults(results);
      return {
        done: ['SUCCEEDED', 'FAILED', 'STOPPED'].includes(status),
        status: `${status}, ${c.done} done, ${c.failed} failed, ${c.remaining} remaining`,
        value: { status, results },
      };
    },
  });
}
