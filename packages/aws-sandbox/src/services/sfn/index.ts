/**
 * AWS Step Functions (JSON 1.0, target prefix `AWSStepFunctions`, signing name `states`):
 * StartExecution (idempotent on name + input while the execution runs; a closed one, or other
 * input, is ExecutionAlreadyExists), DescribeExecution, ListExecutions (newest first, paged,
 * `statusFilter`; eventually consistent: `durations.executionListLagMs`) and StopExecution
 * (ABORTED). The management account has the state machines
 * {@link SANDBOX_STATE_MACHINES} in every region; see `executions.ts` for how executions end.
 */
import { int, str } from '../../core/input';
import { pageList, requestFingerprint } from '../../core/pageToken';
import { createRng } from '../../core/random';
import { nextCounter } from '../../core/state';
import { OperationHandler, ServiceDefinition } from '../../core/service';
import type { ExecutionRecord } from '../../core/state';
import {
  executionOf,
  failureOf,
  missing,
  sfnError,
  stateMachineOf,
  statusOf,
} from './executions';

export { SANDBOX_STATE_MACHINES } from './executions';

const STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];

/** The members ListExecutions answers per execution (DescribeExecution answers them too). */
function listItemOf(e: ExecutionRecord, s: ReturnType<typeof statusOf>) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: s.status,
    startDate: new Date(e.startMs),
    stopDate: s.stopMs !== undefined ? new Date(s.stopMs) : undefined,
    redriveCount: 0,
  };
}

const startExecution: OperationHandler = (input, ctx) => {
  const arn = str(input.stateMachineArn);
  if (!arn) throw missing('stateMachineArn');
  const machine = stateMachineOf(arn, ctx);
  const body = str(input.input) ?? '{}';
  try {
    JSON.parse(body);
  } catch {
    throw sfnError(
      'InvalidExecutionInput',
      'Invalid State Machine Execution Input: the input is not valid JSON',
    );
  }
  const name =
    str(input.name) ??
    createRng(
      ctx.state.seed,
      'execution',
      nextCounter(ctx.state, 'execution'),
    ).chars(32, '0123456789abcdef');
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(name))
    throw sfnError('InvalidName', `Invalid Name: '${name}'`);
  const executionArn = `arn:aws:states:${machine.region}:${machine.account}:execution:${machine.name}:${name}`;
  const existing = ctx.state.executions.find(
    e => e.executionArn === executionArn,
  );
  const now = ctx.clock.nowMs();
  if (existing) {
    const running = statusOf(existing, now).status === 'RUNNING';
    if (running && existing.input === body) {
      return { executionArn, startDate: new Date(existing.startMs) };
    }
    throw sfnError(
      'ExecutionAlreadyExists',
      `Execution Already Exists: '${executionArn}'`,
    );
  }
  ctx.state.executions.push({
    executionArn,
    stateMachineArn: arn,
    name,
    input: body,
    traceHeader: str(input.traceHeader),
    startMs: now,
    stopsAtMs: now + ctx.options.durations.executionMs,
    failure: failureOf(machine.name, body, ctx),
  });
  return { executionArn, startDate: new Date(now) };
};

const describeExecution: OperationHandler = (input, ctx) => {
  const arn = str(input.executionArn);
  if (!arn) throw missing('executionArn');
  const e = executionOf(arn, ctx);
  const s = statusOf(e, ctx.clock.nowMs());
  const succeeded = s.status === 'SUCCEEDED';
  return {
    ...listItemOf(e, s),
    input: e.input,
    inputDetails: { included: true },
    output: succeeded ? e.input : undefined,
    outputDetails: succeeded ? { included: true } : undefined,
    error: s.error,
    cause: s.cause,
    traceHeader: e.traceHeader,
    redriveStatus: s.status === 'FAILED' ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
  };
};

const listExecutions: OperationHandler = (input, ctx) => {
  const arn = str(input.stateMachineArn);
  if (!arn) throw missing('stateMachineArn');
  stateMachineOf(arn, ctx);
  const filter = str(input.statusFilter);
  if (filter !== undefined && !STATUSES.includes(filter))
    throw sfnError(
      'ValidationException',
      `1 validation error detected: Value '${filter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(
        ', ',
      )}]`,
    );
  const validation = (m: string) =>
    sfnError('ValidationException', `1 validation error detected: ${m}`);
  const maxResults = int(input.maxResults, 'maxResults', validation);
  if (maxResults !== undefined && (maxResults < 0 || maxResults > 1000))
    throw validation(
      `Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  const now = ctx.clock.nowMs();
  const lag = ctx.options.durations.executionListLagMs ?? 0;
  const rows = ctx.state.executions
    // Eventually consistent: the newest executions may not be listed yet.
    .filter(e => e.stateMachineArn === arn && e.startMs <= now - lag)
    .map(e => ({ e, s: statusOf(e, now) }))
    .filter(r => !filter || r.s.status === filter)
    // Newest first, as AWS lists them.
    .sort((a, b) => b.e.startMs - a.e.startMs);
  const { page, nextToken } = pageList(rows, {
    maxResults: maxResults || undefined,
    nextToken: str(input.nextToken),
    defaultMax: 100,
    key: requestFingerprint(input, 'nextToken'),
    invalidToken: () => sfnError('InvalidToken', 'Invalid Token'),
  });
  return {
    executions: page.map(({ e, s }) => listItemOf(e, s)),
    nextToken,
  };
};

const stopExecution: OperationHandler = (input, ctx) => {
  const arn = str(input.executionArn);
  if (!arn) throw missing('executionArn');
  const e = executionOf(arn, ctx);
  const now = ctx.clock.nowMs();
  const s = statusOf(e, now);
  if (s.status !== 'RUNNING') return { stopDate: new Date(s.stopMs ?? now) };
  e.aborted = { atMs: now, error: str(input.error), cause: str(input.cause) };
  return { stopDate: new Date(now) };
};

export const sfnService: ServiceDefinition = {
  name: 'SFN',
  signingName: 'states',
  protocol: 'awsJson1_0',
  targetPrefix: 'AWSStepFunctions',
  throttlingError: {
    code: 'ThrottlingException',
    httpStatus: 400,
    message: 'Rate exceeded',
  },
  operations: {
    StartExecution: startExecution,
    DescribeExecution: describeExecution,
    ListExecutions: listExecutions,
    StopExecution: stopExecution,
  },
};
