import type { SandboxClock } from './clock';
import type { FaultRule, RateLimitRule } from './faults';

/** Simulated durations in milliseconds of sandbox time. @public */
export interface SandboxDurations {
  /** CreateAccount: IN_PROGRESS for this long, then SUCCEEDED or FAILED. */
  createAccountMs: number;
  /**
   * Each StackSet operation runs this long (operations of one StackSet run one after another);
   * with `stackInstanceMs` unset, this is also how long each batch of concurrent instances takes.
   */
  stackSetOperationMs: number;
  /**
   * How long one stack instance deploys (one batch of MaxConcurrentCount instances runs this
   * long). Default 0: each batch takes `stackSetOperationMs`.
   */
  stackInstanceMs?: number;
  /** Step Functions executions stay RUNNING this long. */
  executionMs: number;
  /**
   * ListExecutions is eventually consistent: an execution started less than this long ago is
   * not listed yet (DescribeExecution and StartExecution see it at once). Default 0.
   */
  executionListLagMs?: number;
  /**
   * After CloseAccount the account is PENDING_CLOSURE this long, then SUSPENDED (AWS: "a few
   * minutes").
   */
  closeAccountMs: number;
  /**
   * After CreateAccount succeeds, the new account's StackSet execution role is not usable for
   * this long: stack instances of operations started in this window FAIL with AWS's
   * "should have 'AWSCloudFormationStackSetExecutionRole' role …" reason. Default 0 (ready at once).
   */
  executionRoleNotReadyMs: number;
  /** A CloudWatch Logs Insights query stays `Scheduled` this long after StartQuery. */
  logsQueryScheduledMs: number;
  /** Then `Running` this long before `Complete` (AWS stops it as `Timeout` after 60 minutes). */
  logsQueryRunMs: number;
}

/** AWS limits the sandbox enforces (defaults are AWS's default quotas). @public */
export interface SandboxLimits {
  /** Maximum SCP document size in characters (AWS: 5,120, raised to 10,240 in some orgs). */
  scpMaxSize: number;
  /** Maximum SCPs attached to one root, OU or account (AWS: 5). */
  scpsPerTarget: number;
  /** Maximum accounts in the organization, CLOSED ones excluded (default 10 + the seeded ones, at least 10,010). */
  accountQuota: number;
  /** Maximum CreateAccount requests IN_PROGRESS at once (AWS: 5). */
  createAccountInFlight: number;
  /**
   * CloseAccount calls allowed in a rolling 30-day window. Default: AWS's rule, the higher of
   * 250 and 20 % of the member accounts, at most 1,000 (Organizations API reference,
   * CloseAccount). A number replaces the rule (tests use a small one).
   */
  closeAccountQuota?: number;
  /**
   * Accounts PENDING_CLOSURE at once before CloseAccount answers
   * CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED. AWS does not publish the number; default 50.
   */
  closeAccountsInProgress: number;
  /** Logs Insights queries Scheduled or Running at once per account and region (AWS: 100, formerly 30). */
  logsConcurrentQueries: number;
}

/** Options of `startSandbox`. @public */
export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 4566. */
  port?: number;
  /** Host to listen on, default 127.0.0.1. */
  host?: string;
  /** Seed of every generated value. Default 1. */
  seed?: number;
  /** Number of tenant accounts, 5 to 10,000. Default 50. */
  tenants?: number;
  /** Clock: a start time (manual clock), `'real'` (wall clock), or a clock. Default: manual at 2026-03-15T12:00:00Z. */
  clock?: Date | string | number | 'real' | SandboxClock;
  /** Simulated durations; default all zero. `demo: true` sets a few seconds each. */
  durations?: Partial<SandboxDurations>;
  /** Demo mode: durations of a few seconds of real time (with the real clock). */
  demo?: boolean;
  /**
   * In demo mode, seconds between simulated changes (an alarm flip; every fourth time also a new
   * GuardDuty finding), each published as its EventBridge event. Default 15; 0 turns them off.
   */
  demoEventsEverySeconds?: number;
  limits?: Partial<SandboxLimits>;
  /** Faults active from the start (also settable at `/_sandbox/faults`). */
  faults?: FaultRule[];
  /** Per-operation rate limits: `true` for AWS-like defaults, or explicit rules. Default none. */
  rateLimits?: boolean | RateLimitRule[];
  /** A JSON file holding the state: loaded when it exists, written after every change. */
  stateFile?: string;
  /** The guardrail catalog to seed SCPs from. Default `guardrails/catalog.yaml` of the repo. */
  guardrailsFile?: string;
  /** Name of the seeded baseline StackSet. Default `tenant-baseline`. */
  baselineStackSetName?: string;
  /** Receives one line per call that may change state and per error answer (the CLI prints them). */
  log?: (line: string) => void;
}

/** Options after defaults. @public */
export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  seed: number;
  tenants: number;
  demo: boolean;
  durations: SandboxDurations;
  limits: SandboxLimits;
  stateFile?: string;
  guardrailsFile?: string;
  baselineStackSetName: string;
}

/** Durations `--demo` uses. @public */
export const DEMO_DURATIONS: SandboxDurations = {
  createAccountMs: 6_000,
  stackSetOperationMs: 8_000,
  executionMs: 5_000,
  closeAccountMs: 15_000,
  executionRoleNotReadyMs: 0,
  logsQueryScheduledMs: 500,
  logsQueryRunMs: 1_500,
};

/** Applies defaults. @throws RangeError on a tenant count outside 5..10,000. */
export function resolveOptions(
  options: SandboxOptions = {},
): ResolvedSandboxOptions {
  const tenants = options.tenants ?? 50;
  if (!Number.isInteger(tenants) || tenants < 5 || tenants > 10_000) {
    throw new RangeError(
      `tenants must be an integer from 5 to 10000, got ${tenants}`,
    );
  }
  const demo = options.demo ?? false;
  const zero = {
    createAccountMs: 0,
    stackSetOperationMs: 0,
    executionMs: 0,
    closeAccountMs: 0,
    executionRoleNotReadyMs: 0,
    logsQueryScheduledMs: 0,
    logsQueryRunMs: 0,
  };
  return {
    port: options.port ?? 4566,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    tenants,
    demo,
    durations: { ...(demo ? DEMO_DURATIONS : zero), ...options.durations },
    limits: {
      scpMaxSize: 5_120,
      scpsPerTarget: 5,
      accountQuota: Math.max(10_010, tenants + 5 + 10),
      createAccountInFlight: 5,
      closeAccountsInProgress: 50,
      logsConcurrentQueries: 100,
      ...options.limits,
    },
    stateFile: options.stateFile,
    guardrailsFile: options.guardrailsFile,
    baselineStackSetName: options.baselineStackSetName ?? 'tenant-baseline',
  };
}
