import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type {
  DeploymentResult,
  TenantDeployments,
} from '@tenancy/plugin-tenants-common';
import {
  listAllExecutions,
  executionFailureReason,
  parsePipelineExecutionName,
} from '@tenancy/plugin-tenants-node';
import { HISTORY_LIMIT } from './deploymentModel';
import type { ReleaseStart } from './DeploymentsStore';

/** One tenant's execution of the pipeline's state machine, with its release. */
export interface PipelineExecution {
  name: string;
  accountId: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE. */
  status: string;
  /** StopDate, else StartDate (ISO-8601 UTC). */
  at: string;
  startedAt: string;
  version: string;
  by: string | null;
  /** `<status>: <error>: <cause>` when it did not succeed; '' otherwise. */
  reason: string;
}

const RESULT: Record<string, DeploymentResult> = {
  SUCCEEDED: 'SUCCEEDED',
  RUNNING: 'RUNNING',
  PENDING_REDRIVE: 'RUNNING',
  ABORTED: 'CANCELLED',
};

/**
 * Reads the pipeline target's executions: ListExecutions of the state machine (every page of
 * 1,000, newest first). An execution is a release's when its name is a pipeline execution name
 * (`…-w<wave>-a<attempt>-<accountId>`) under a recorded release start (the longest prefix gives
 * the version and who); others are not ours and are left out. The reason of an execution that
 * did not succeed is read once (DescribeExecution) and then kept from `known`.
 * @returns each tenant's executions by account id, newest first.
 */
export async function readPipelineExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
  starts: ReleaseStart[],
  known: Map<string, string>,
): Promise<Map<string, PipelineExecution[]>> {
  const listed = await listAllExecutions(sfn, stateMachineArn);
  const longestFirst = [...starts].sort(
    (a, b) => b.operationPrefix.length - a.operationPrefix.length,
  );
  const byAccount = new Map<string, PipelineExecution[]>();
  for (const e of listed) {
    const name = e.name ?? '';
    const parsed = parsePipelineExecutionName(name);
    const start = longestFirst.find(s => name.startsWith(s.operationPrefix));
    if (!parsed || !start) continue;
    const status = e.status ?? '';
    let reason = '';
    if (!['SUCCEEDED', 'RUNNING', 'PENDING_REDRIVE'].includes(status))
      reason =
        known.get(name) ||
        executionFailureReason(
          await sfn.send(
            new DescribeExecutionCommand({ executionArn: e.executionArn }),
          ),
        );
    const startedAt = new Date(e.startDate ?? 0).toISOString();
    const row: PipelineExecution = {
      name,
      accountId: parsed.accountId,
      status,
      at: e.stopDate ? new Date(e.stopDate).toISOString() : startedAt,
      startedAt,
      version: start.version,
      by: start.startedBy,
      reason,
    };
    byAccount.set(parsed.accountId, [
      ...(byAccount.get(parsed.accountId) ?? []),
      row,
    ]);
  }
  for (const rows of byAccount.values())
    rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return byAccount;
}

/**
 * One tenant's deployments from its pipeline executions (newest first): the release is the
 * version of its latest SUCCEEDED execution, `failed` when its latest execution failed, else
 * `current` when that version is `latestVersion` and `behind` otherwise (also while its
 * latest runs); null without executions. History: one entry per execution (ABORTED reads
 * CANCELLED, TIMED_OUT FAILED). No stack instances: the pipeline deploys them.
 */
export function pipelineDeploymentsOf(input: {
  stackSetName: string;
  latestVersion: string;
  executions: PipelineExecution[];
  now: Date;
}): TenantDeployments {
  const [latest] = input.executions;
  const deployed =
    input.executions.find(e => e.status === 'SUCCEEDED')?.version ?? '';
  let release: TenantDeployments['release'] = null;
  if (latest) {
    let status: 'failed' | 'current' | 'behind' = 'behind';
    if (latest.reason) status = 'failed';
    else if (latest.status === 'SUCCEEDED' && deployed === input.latestVersion)
      status = 'current';
    release = { version: deployed, status };
  }
  return {
    stackSetName: input.stackSetName,
    latestVersion: input.latestVersion,
    release,
    instances: [],
    history: input.executions.slice(0, HISTORY_LIMIT).map(e => ({
      version: e.version,
      at: e.at,
      by: e.by,
      operationId: e.name,
      result: RESULT[e.status] ?? 'FAILED',
      reason: e.reason,
    })),
    collectedAt: input.now.toISOString(),
  };
}

/** The release the pipeline target deploys now: the version of the newest release start ('' before any). */
export function latestPipelineVersion(starts: ReleaseStart[]): string {
  return [...starts].sort((a, b) => b.at.localeCompare(a.at))[0]?.version ?? '';
}
