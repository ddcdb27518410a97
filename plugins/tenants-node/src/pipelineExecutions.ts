import {
  paginateListExecutions,
  type ExecutionListItem,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/**
 * The names and reasons of the pipeline target's Step Functions executions, shared by the
 * release actions (which start them) and the deployments source (which reads them back).
 */

/**
 * The execution name of one tenant's attempt in a wave of a pipeline rollout:
 * `<wavePrefix>-a<attempt>-<accountId>`, where `wavePrefix` is `<rollout prefix>-w<wave>`
 * (at most 80 characters of `[A-Za-z0-9_-]`, as Step Functions allows).
 * @public
 */
export function pipelineExecutionName(
  wavePrefix: string,
  attempt: number,
  accountId: string,
): string {
  return `${wavePrefix}-a${attempt}-${accountId}`;
}

/**
 * The parts of a pipeline execution name (undefined when the name is not one).
 * @public
 */
export function parsePipelineExecutionName(
  name: string,
): { wavePrefix: string; attempt: number; accountId: string } | undefined {
  const m = /^(.+-w\d+)-a(\d+)-(\d{12})$/.exec(name);
  return m
    ? { wavePrefix: m[1], attempt: Number(m[2]), accountId: m[3] }
    : undefined;
}

/**
 * Why an execution did not succeed, from DescribeExecution: `<status>: <error>: <cause>`
 * (cause cut at 500 characters; `no error` when Step Functions gives none); '' when it
 * SUCCEEDED.
 * @public
 */
export function executionFailureReason(d: {
  status?: string;
  error?: string;
  cause?: string;
}): string {
  if (d.status === 'SUCCEEDED') return '';
  return `${d.status}: ${d.error ?? 'no error'}${
    d.cause ? `: ${d.cause.slice(0, 500)}` : ''
  }`;
}

/**
 * Every execution of a state machine: ListExecutions, every page of 1,000 (newest first, as
 * Step Functions lists them), through the SDK's paginator. Throws the AWS error.
 * @public
 */
export async function listAllExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
): Promise<ExecutionListItem[]> {
  const out: ExecutionListItem[] = [];
  for await (const page of paginateListExecutions(
    { client: sfn, pageSize: 1000 },
    { stateMachineArn },
  )) {
    out.push(...(page.executions ?? []));
  }
  return out;
}
