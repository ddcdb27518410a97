/**
 * Step Functions executions as the sandbox keeps them: each runs for the simulated
 * `durations.executionMs`, then ends SUCCEEDED, or FAILED with the error and cause fixed when it
 * started (an `executionFailure` fault for the account its input names, or a state machine whose
 * name ends in `-failing`); StopExecution ends it ABORTED.
 */
import { AwsServiceError } from '../../core/errors';
import type { OperationContext } from '../../core/service';
import type { ExecutionRecord } from '../../core/state';

/** State machine names that exist in the management account. @public */
export const SANDBOX_STATE_MACHINES = [
  'tenant-stack-deployment',
  'tenant-stack-deployment-failing',
];

/** The failure of executions of a `-failing` state machine. */
const FAILING_MACHINE = {
  error: 'States.TaskFailed',
  cause:
    'The tenant stack deployment failed (sandbox state machine ending in -failing).',
};

export const sfnError = (code: string, message: string) =>
  new AwsServiceError(code, message);

/** AWS's answer for a required member that is missing. */
export function missing(member: string): AwsServiceError {
  return sfnError(
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

const STATE_MACHINE_ARN =
  /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})$/;
const EXECUTION_ARN =
  /^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/;

/**
 * The state machine an ARN names, in the caller's (management) account.
 * @throws InvalidArn (malformed) or StateMachineDoesNotExist, as AWS answers.
 */
export function stateMachineOf(
  arn: string,
  ctx: OperationContext,
): { region: string; account: string; name: string } {
  const m = STATE_MACHINE_ARN.exec(arn);
  if (!m) throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
  if (
    m[2] !== ctx.callerAccountId ||
    m[2] !== ctx.org.managementAccountId ||
    !SANDBOX_STATE_MACHINES.includes(m[3])
  ) {
    throw sfnError(
      'StateMachineDoesNotExist',
      `State Machine Does Not Exist: '${arn}'`,
    );
  }
  return { region: m[1], account: m[2], name: m[3] };
}

/**
 * The execution an ARN names.
 * @throws InvalidArn (malformed) or ExecutionDoesNotExist.
 */
export function executionOf(
  arn: string,
  ctx: OperationContext,
): ExecutionRecord {
  if (!EXECUTION_ARN.test(arn))
    throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
  const e = ctx.state.executions.find(x => x.executionArn === arn);
  if (!e)
    throw sfnError(
      'ExecutionDoesNotExist',
      `Execution Does Not Exist: '${arn}'`,
    );
  return e;
}

/** The account an execution input names: `accountId`, else the id ending `accountArn`. */
export function accountOfInput(body: string): string | undefined {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if (typeof parsed?.accountId === 'string') return parsed.accountId;
  const arn = typeof parsed?.accountArn === 'string' ? parsed.accountArn : '';
  return /(\d{12})$/.exec(arn)?.[1];
}

/** How a new execution will end when it runs to its end (undefined: SUCCEEDED). */
export function failureOf(
  machineName: string,
  body: string,
  ctx: OperationContext,
): ExecutionRecord['failure'] {
  if (machineName.endsWith('-failing')) return FAILING_MACHINE;
  const account = accountOfInput(body);
  return account ? ctx.faults.executionFailureFor(account) : undefined;
}

/** Status and stop time of an execution now. */
export function statusOf(
  e: ExecutionRecord,
  nowMs: number,
): { status: string; stopMs?: number; error?: string; cause?: string } {
  if (e.aborted)
    return {
      status: 'ABORTED',
      stopMs: e.aborted.atMs,
      error: e.aborted.error,
      cause: e.aborted.cause,
    };
  if (nowMs < e.stopsAtMs) return { status: 'RUNNING' };
  if (e.failure) return { status: 'FAILED', stopMs: e.stopsAtMs, ...e.failure };
  return { status: 'SUCCEEDED', stopMs: e.stopsAtMs };
}
