/**
 * AWS Step Functions (JSON 1.0, target prefix `AWSStepFunctions`, signing name `states`):
 * StartExecution (idempotent on name + input) and DescribeExecution (RUNNING for the simulated
 * execution duration, then SUCCEEDED with the input as output). The management account has the
 * state machines {@link SANDBOX_STATE_MACHINES} in every region; executions of one whose name
 * ends in `-failing` end FAILED with `States.TaskFailed`.
 */
import { str } from '../../core/input';
import { createRng } from '../../core/random';
import { nextCounter } from '../../core/state';
import { OperationHandler, ServiceDefinition } from '../../core/service';
import { AwsServiceError } from '../../core/errors';

/** State machine names that exist in the management account. @public */
export const SANDBOX_STATE_MACHINES = [
  'tenant-stack-deployment',
  'tenant-stack-deployment-failing',
];

const err = (code: string, message: string) =>
  new AwsServiceError(code, message);
const ARN =
  /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})$/;

const startExecution: OperationHandler = (input, ctx) => {
  const arn = str(input.stateMachineArn);
  if (!arn)
    throw err(
      'ValidationException',
      "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    );
  const m = ARN.exec(arn);
  if (!m) throw err('InvalidArn', `Invalid Arn: '${arn}'`);
  if (
    m[2] !== ctx.callerAccountId ||
    m[2] !== ctx.org.managementAccountId ||
    !SANDBOX_STATE_MACHINES.includes(m[3])
  ) {
    throw err(
      'StateMachineDoesNotExist',
      `State Machine Does Not Exist: '${arn}'`,
    );
  }
  const body = str(input.input) ?? '{}';
  try {
    JSON.parse(body);
  } catch {
    throw err(
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
    throw err('InvalidName', `Invalid Name: '${name}'`);
  const executionArn = `arn:aws:states:${m[1]}:${m[2]}:execution:${m[3]}:${name}`;
  const existing = ctx.state.executions.find(
    e => e.executionArn === executionArn,
  );
  if (existing) {
    const running = ctx.clock.nowMs() < existing.stopsAtMs;
    if (running && existing.input === body) {
      return { executionArn, startDate: new Date(existing.startMs) };
    }
    throw err(
      'ExecutionAlreadyExists',
      `Execution Already Exists: '${executionArn}'`,
    );
  }
  const now = ctx.clock.nowMs();
  ctx.state.executions.push({
    executionArn,
    stateMachineArn: arn,
    name,
    input: body,
    traceHeader: str(input.traceHeader),
    startMs: now,
    stopsAtMs: now + ctx.options.durations.executionMs,
  });
  return { executionArn, startDate: new Date(now) };
};

const describeExecution: OperationHandler = (input, ctx) => {
  const arn = str(input.executionArn);
  if (!arn)
    throw err(
      'ValidationException',
      "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null",
    );
  if (
    !/^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/.test(
      arn,
    )
  ) {
    throw err('InvalidArn', `Invalid Arn: '${arn}'`);
  }
  const e = ctx.state.executions.find(x => x.executionArn === arn);
  if (!e)
    throw err('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  const done = ctx.clock.nowMs() >= e.stopsAtMs;
  const failing = e.stateMachineArn.endsWith('-failing');
  let status = 'RUNNING';
  if (done) status = failing ? 'FAILED' : 'SUCCEEDED';
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status,
    startDate: new Date(e.startMs),
    stopDate: done ? new Date(e.stopsAtMs) : undefined,
    input: e.input,
    inputDetails: { included: true },
    output: status === 'SUCCEEDED' ? e.input : undefined,
    outputDetails: status === 'SUCCEEDED' ? { included: true } : undefined,
    error: status === 'FAILED' ? 'States.TaskFailed' : undefined,
    cause:
      status === 'FAILED'
        ? 'The tenant stack deployment failed (sandbox state machine ending in -failing).'
        : undefined,
    traceHeader: e.traceHeader,
    redriveCount: 0,
    redriveStatus: status === 'FAILED' ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
  };
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
  },
};
