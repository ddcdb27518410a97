import {
  CloudFormationClient,
  DescribeStackSetOperationCommand,
  ListStackSetOperationResultsCommand,
  ListStackSetOperationsCommand,
  StackSetOperationSummary,
} from '@aws-sdk/client-cloudformation';
import { collectAll } from '@tenancy/plugin-tenants-node';
import { createHash } from 'node:crypto';
import { aws } from '../organizations';
import { pollUntil } from '../poll';
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

/** The StackSet's operations (ListStackSetOperations, every page), newest first. */
export function listOperations(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
): Promise<StackSetOperationSummary[]> {
  return aws('CloudFormation.ListStackSetOperations', () =>
    collectAll(
      t =>
        cfn.send(
          new ListStackSetOperationsCommand({
            StackSetName: stackSetName,
            CallAs: callAs as 'SELF',
            NextToken: t,
          }),
        ),
      p => p.Summaries,
      p => p.NextToken,
    ),
  );
}

/** Each account × Region result of the operation (ListStackSetOperationResults, every page). */
export async function operationResults(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
  operationId: string,
): Promise<OperationResult[]> {
  const rows = await aws('CloudFormation.ListStackSetOperationResults', () =>
    collectAll(
      t =>
        cfn.send(
          new ListStackSetOperationResultsCommand({
            StackSetName: stackSetName,
            OperationId: operationId,
            CallAs: callAs as 'SELF',
            NextToken: t,
          }),
        ),
      p => p.Summaries,
      p => p.NextToken,
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
    what,
    timeoutSeconds: args.timeoutSeconds,
    poll: args.poll,
    clock: args.clock,
    logger: args.logger,
    signal: args.signal,
    onTimeout: `Operation ${operationId} continues in AWS; resume the rollout to wait on it again.`,
    check: async () => {
      const op = await aws('CloudFormation.DescribeStackSetOperation', () =>
        args.cfn.send(
          new DescribeStackSetOperationCommand({
            StackSetName: args.stackSetName,
            OperationId: operationId,
            CallAs: args.callAs as 'SELF',
          }),
        ),
      );
      const status = op.StackSetOperation?.Status ?? 'UNKNOWN';
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
