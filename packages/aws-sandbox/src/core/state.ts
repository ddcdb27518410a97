/**
 * All sandbox state: the organization plus the stores of the vending-side services. It is
 * plain data apart from the organization, so it round-trips through the state file.
 * Dates are ISO-8601 UTC strings; `…AtMs` fields are epoch milliseconds of sandbox time.
 */
import { Organization, OrganizationData } from './organization/organization';

/** One CreateAccount request. @public */
export interface CreateAccountRecord {
  id: string;
  accountName: string;
  email: string;
  requestedAtMs: number;
  /** When the request leaves IN_PROGRESS. */
  completesAtMs: number;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  /** The outcome decided at request time, applied at `completesAtMs`. */
  outcome:
    | { state: 'SUCCEEDED'; accountId: string }
    | { state: 'FAILED'; failureReason: string };
  accountId?: string;
  failureReason?: string;
  tags: Record<string, string>;
  iamUserAccessToBilling?: string;
  roleName?: string;
}

/** A stack instance (one account × region of a StackSet). @public */
export interface StackInstanceRecord {
  account: string;
  region: string;
  organizationalUnitId?: string;
  status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  detailedStatus:
    | 'PENDING'
    | 'RUNNING'
    | 'SUCCEEDED'
    | 'FAILED'
    | 'CANCELLED'
    | 'INOPERABLE'
    | 'SKIPPED_SUSPENDED_ACCOUNT'
    | 'FAILED_IMPORT';
  statusReason?: string;
  stackId?: string;
  lastOperationId?: string;
  driftStatus: 'DRIFTED' | 'IN_SYNC' | 'UNKNOWN' | 'NOT_CHECKED';
  /** When drift detection last looked at it (epoch ms). */
  lastDriftCheckMs?: number;
  /** The StackSet template generation the stack runs (sandbox-internal; 0 = the first). */
  templateVersion?: number;
}

/**
 * One account × Region of an operation with its place in simulated time and its outcome
 * (decided when the operation is scheduled, as the faults stand then). @public
 */
export interface ScheduledInstanceRecord {
  account: string;
  region: string;
  organizationalUnitId?: string;
  startsAtMs: number;
  endsAtMs: number;
  /** SKIPPED: the account is suspended (instance SKIPPED_SUSPENDED_ACCOUNT). */
  result: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
  statusReason?: string;
  /** Its instance's status change event was published (once, when the entry ended). */
  published?: boolean;
}

/** A StackSet operation. @public */
export interface StackSetOperationRecord {
  operationId: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE' | 'DETECT_DRIFT';
  /** Final status once it has ended (before that, derived from the clock). */
  finalStatus: 'SUCCEEDED' | 'FAILED';
  status:
    | 'QUEUED'
    | 'RUNNING'
    | 'SUCCEEDED'
    | 'FAILED'
    | 'STOPPING'
    | 'STOPPED';
  createdAtMs: number;
  startsAtMs: number;
  endsAtMs: number;
  accounts: string[];
  organizationalUnitIds: string[];
  regions: string[];
  retainStacks?: boolean;
  statusReason?: string;
  operationPreferences?: Record<string, unknown>;
  /** Instances (account/region) this operation writes. */
  instanceKeys: string[];
  /** Instances (by account/region) that end FAILED, with their StatusReason (injected faults). */
  failures?: Record<string, string>;
  /** Started by auto-deployment (an account moved into or out of a targeted OU). */
  autoDeployment?: boolean;
  /** Each instance's timeline and outcome (operations since rollouts; absent on older ones). */
  schedule?: ScheduledInstanceRecord[];
  /** The template generation the operation deploys. */
  templateVersion?: number;
  /** When StopStackSetOperation was called. */
  stoppedAtMs?: number;
}

/** A StackSet. @public */
export interface StackSetRecord {
  name: string;
  id: string;
  arn: string;
  description: string;
  status: 'ACTIVE' | 'DELETED';
  permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  autoDeployment?: { Enabled: boolean; RetainStacksOnAccountRemoval: boolean };
  managedExecution: { Active: boolean };
  templateBody: string;
  capabilities: string[];
  parameters: Array<{ ParameterKey: string; ParameterValue: string }>;
  /** Regions of auto-deployed instances. */
  regions: string[];
  /** OUs targeted by the StackSet (auto-deployment applies to accounts below them). */
  organizationalUnitIds: string[];
  tags: Array<{ Key: string; Value: string }>;
  /** The template generation: UpdateStackSet adds one. Absent = 0. */
  templateVersion?: number;
  /** When the last DetectStackSetDrift finished (epoch ms). */
  lastDriftCheckMs?: number;
  instances: StackInstanceRecord[];
  operations: StackSetOperationRecord[];
}

/** A budget with its notifications. @public */
export interface BudgetRecord {
  accountId: string;
  budget: Record<string, any>;
  notifications: Array<{
    notification: Record<string, any>;
    subscribers: Array<Record<string, any>>;
  }>;
}

/** A Cost Anomaly Detection monitor of the payer account. @public */
export interface AnomalyMonitorRecord {
  arn: string;
  name: string;
  type: 'DIMENSIONAL' | 'CUSTOM';
  /** DIMENSIONAL monitors: the dimension whose values are evaluated one by one. */
  dimension?: 'SERVICE' | 'LINKED_ACCOUNT' | 'TAG' | 'COST_CATEGORY';
  /** CUSTOM monitors: the Cost Explorer Expression of what they watch. */
  specification?: Record<string, any>;
  /** `YYYY-MM-DD` */
  createdDate: string;
}

/** A Step Functions execution. @public */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  traceHeader?: string;
  startMs: number;
  stopsAtMs: number;
  /** How it ends when it runs to its end: FAILED with this error and cause (else SUCCEEDED). */
  failure?: { error: string; cause: string };
  /** Set by StopExecution: ABORTED at `atMs` with the caller's error and cause. */
  aborted?: { atMs: number; error?: string; cause?: string };
}

/** A session minted by STS AssumeRole. @public */
export interface AssumedRoleSession {
  accessKeyId: string;
  accountId: string;
  roleArn: string;
  roleSessionName: string;
  /** The caller ARN that assumed it (management root or another session: the chain). */
  sourceArn: string;
  expiresAtMs: number;
}

/** A GuardDuty finding's facts, enough to answer statistics, lists and details (times in epoch ms). @public */
export interface FindingRecord {
  id: string;
  accountId: string;
  region: string;
  type: string;
  severity: number;
  resourceType: string;
  title: string;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
  count: number;
}

/** Everything the sandbox holds. @public */
export interface SandboxState {
  seed: number;
  tenants: number;
  /** The day the organization was generated for (ISO-8601). */
  anchor: string;
  org: Organization;
  createAccountRequests: CreateAccountRecord[];
  stackSets: StackSetRecord[];
  budgets: BudgetRecord[];
  /**
   * Cost Anomaly Detection monitors; undefined in a state that predates them, which then has
   * the default one (a DIMENSIONAL LINKED_ACCOUNT monitor).
   */
  anomalyMonitors?: AnomalyMonitorRecord[];
  executions: ExecutionRecord[];
  sessions: AssumedRoleSession[];
  /** Accounts closed through CloseAccount and not yet CLOSED (pending state changes). */
  closingAccounts?: string[];
  /** Counters behind generated ids, by kind. */
  counters: Record<string, number>;
  /**
   * Alarm states set by simulated flips (`--demo`, `POST /_sandbox/events/alarm`), by alarm
   * name, over the generated states: `since` in epoch milliseconds; `region` the one alarm
   * flipped (an alarm of the same name in another Region is another alarm; absent: us-east-1).
   */
  alarmOverrides?: Record<
    string,
    { state: string; reason: string; since: number; region?: string }
  >;
  /** GuardDuty findings created by simulation, over the generated ones. */
  addedFindings?: FindingRecord[];
}

/** The state file's JSON. @public */
export interface SandboxStateData extends Omit<SandboxState, 'org'> {
  version: 1;
  org: OrganizationData;
}

/** JSON form of the state. @public */
export function stateToJson(state: SandboxState): SandboxStateData {
  const { org, ...rest } = state;
  return { version: 1, ...rest, org: org.toJSON() };
}

/** State from its JSON form. @throws Error when the version is unknown. @public */
export function stateFromJson(data: SandboxStateData): SandboxState {
  if (data.version !== 1) {
    throw new Error(
      `Unsupported sandbox state version ${String(data.version)}`,
    );
  }
  const { version: _v, org, ...rest } = data;
  return { ...rest, org: new Organization(org) };
}

/** Next value of a named counter (1, 2, 3…). */
export function nextCounter(state: SandboxState, kind: string): number {
  state.counters[kind] = (state.counters[kind] ?? 0) + 1;
  return state.counters[kind];
}
