import {
  CloudFormationClient,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  StackInstanceSummary,
  StackSetOperationStatus,
  StackSetOperationSummary,
} from '@aws-sdk/client-cloudformation';
import { createHash } from 'node:crypto';
import { collectAll } from '@tenancy/plugin-tenants-node';
import { aws } from './organizations';

/** One stack instance of the tenant account, as reported in the step's output. */
export interface InstanceReport {
  region: string;
  /** `CURRENT`, `OUTDATED` or `INOPERABLE`. */
  status: string;
  /** `SUCCEEDED`, `RUNNING`, `PENDING`, `FAILED`, … */
  detailedStatus: string;
  reason: string;
  /** The instance's LastOperationId; empty when AWS gives none. */
  lastOperationId: string;
  /** The OU it was deployed through (service-managed StackSets); empty when AWS gives none. */
  ouId?: string;
}

export const DONE_STATES: ReadonlySet<string> = new Set([
  'SUCCEEDED',
  'FAILED',
  'STOPPED',
]);
const ACTIVE: StackSetOperationStatus[] = ['RUNNING', 'QUEUED', 'STOPPING'];

/**
 * The stable OperationId of "the baseline instances of this account in these regions":
 * the same logical request always sends the same id, so a retry or a recovered task cannot start
 * a second operation. Pattern `[a-zA-Z0-9][-a-zA-Z0-9]*`, ≤ 128.
 */
export function baselineOperationId(
  stackSetName: string,
  accountId: string,
  regions: string[],
): string {
  const digest = createHash('sha256')
    .update(`${stackSetName}|${accountId}|${[...regions].sort().join(',')}`)
    .digest('hex')
    .slice(0, 16);
  return `tenancy-baseline-${accountId}-${digest}`;
}

/**
 * Every item of a paged StackSet list call (`Summaries` + `NextToken`), errors mapped naming
 * `CloudFormation.<operation>`.
 */
export function allSummaries<T>(
  operation: string,
  page: (
    token: string | undefined,
  ) => Promise<{ Summaries?: T[]; NextToken?: string }>,
): Promise<T[]> {
  return aws(`CloudFormation.${operation}`, () =>
    collectAll(
      page,
      p => p.Summaries,
      p => p.NextToken,
    ),
  );
}

/** The StackSet's stack instances (ListStackInstances, every page), of one account when given. */
export function listInstances(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
  accountId?: string,
): Promise<StackInstanceSummary[]> {
  return allSummaries('ListStackInstances', t =>
    cfn.send(
      new ListStackInstancesCommand({
        StackSetName: stackSetName,
        StackInstanceAccount: accountId,
        CallAs: callAs as 'SELF',
        NextToken: t,
      }),
    ),
  );
}

/** The StackSet's operations (ListStackSetOperations, every page), newest first. */
export function listOperations(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
): Promise<StackSetOperationSummary[]> {
  return allSummaries('ListStackSetOperations', t =>
    cfn.send(
      new ListStackSetOperationsCommand({
        StackSetName: stackSetName,
        CallAs: callAs as 'SELF',
        NextToken: t,
      }),
    ),
  );
}

export async function listAccountInstances(
  cfn: CloudFormationClient,
  stackSetName: string,
  accountId: string,
  callAs: string,
): Promise<InstanceReport[]> {
  const summaries = await listInstances(cfn, stackSetName, callAs, accountId);
  return summaries
    .filter(s => !s.Account || s.Account === accountId)
    .map(s => ({
      region: s.Region ?? '',
      status: s.Status ?? 'UNKNOWN',
      detailedStatus: s.StackInstanceStatus?.DetailedStatus ?? '',
      reason: s.StatusReason ?? '',
      lastOperationId: s.LastOperationId ?? '',
      ouId: s.OrganizationalUnitId ?? '',
    }))
    .sort((a, b) => a.region.localeCompare(b.region));
}

/** The StackSet's operations that are running or queued, newest first. */
export async function activeOperations(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
): Promise<string[]> {
  const ops = await listOperations(cfn, stackSetName, callAs);
  return ops
    .filter(o => o.Status && ACTIVE.includes(o.Status) && o.OperationId)
    .map(o => o.OperationId!);
}

export async function operationStatus(
  cfn: CloudFormationClient,
  stackSetName: string,
  operationId: string,
  callAs: string,
): Promise<{ status: string; reason: string }> {
  const res = await aws('CloudFormation.DescribeStackSetOperation', () =>
    cfn.send(
      new DescribeStackSetOperationCommand({
        StackSetName: stackSetName,
        OperationId: operationId,
        CallAs: callAs as 'SELF',
      }),
    ),
  );
  return {
    status: res.StackSetOperation?.Status ?? 'UNKNOWN',
    reason: res.StackSetOperation?.StatusReason ?? '',
  };
}
