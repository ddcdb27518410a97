import {
  Parameter,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import { aws } from '../organizations';
import {
  InstancesOperationInput,
  OperationWaitArgs,
  sendInstancesOperation,
  waitForRunningOperations,
} from '../stackSetOperations';
import { attemptOf, followOperation, OperationResult } from './operations';
import { listOperations } from '../stackSets';
import { toOperationPreferences, WaveSpec } from './plan';

/** Which accounts of the wave still need the release, read again after any wait. */
export interface WaveState {
  /** Accounts of the wave not on the target version. */
  pending: string[];
  /** Accounts that have an instance (UpdateStackInstances); the others get CreateStackInstances. */
  existing: Set<string>;
  /** The StackSet already holds the release's template and parameters. */
  stackSetAtTarget: boolean;
}

/** What {@link runWave} needs. */
export interface WaveRunArgs extends OperationWaitArgs {
  /** `<rollout prefix>-w<index>`; operation ids are `<wavePrefix>-a<attempt>-<s|u|c>`. */
  wavePrefix: string;
  wave: WaveSpec;
  regions: string[];
  templateBody: string;
  parameters: Parameter[];
  /** The targets of a request for these accounts (Accounts, or DeploymentTargets for service-managed). */
  targets(
    accounts: string[],
  ): Pick<InstancesOperationInput, 'Accounts' | 'DeploymentTargets'>;
  state(): Promise<WaveState>;
  /**
   * Ended attempts up to this number are retried (resume); a later ended FAILED or STOPPED
   * attempt is the wave's outcome (a recovered deploy halts again instead of retrying).
   */
  retryUpTo: number;
  log(line: string): void;
}

/** How a wave ended. */
export interface WaveOutcome {
  /** `SUCCEEDED`, or `FAILED` / `STOPPED` (the wave halts the rollout). */
  status: string;
  operationIds: string[];
  /** The latest result of each account × Region the wave's operations touched. */
  results: OperationResult[];
}

/**
 * Deploys the release to one wave: re-attaches to an operation of the wave still running,
 * else starts the next attempt — UpdateStackSet (new template, this wave's accounts) when the
 * StackSet is not on the release yet, else UpdateStackInstances; CreateStackInstances for
 * accounts without an instance — and follows each to its end.
 */
export async function runWave(args: WaveRunArgs): Promise<WaveOutcome> {
  const label = `Wave ${args.wave.name}`;
  const ours = (await listOperations(args.cfn, args.stackSetName, args.callAs))
    .filter(o => attemptOf(args.wavePrefix, o.OperationId ?? '') > 0)
    .sort(
      (a, b) =>
        attemptOf(args.wavePrefix, b.OperationId!) -
          attemptOf(args.wavePrefix, a.OperationId!) ||
        (b.OperationId! > a.OperationId! ? 1 : -1),
    );
  const outcome: WaveOutcome = {
    status: 'SUCCEEDED',
    operationIds: [],
    results: [],
  };
  const follow = async (id: string) => {
    const r = await followOperation(args, id, `${label} operation ${id}`);
    outcome.operationIds.push(id);
    const seen = new Set(r.results.map(x => `${x.accountId}/${x.region}`));
    outcome.results = [
      ...outcome.results.filter(x => !seen.has(`${x.accountId}/${x.region}`)),
      ...r.results,
    ];
    if (r.status !== 'SUCCEEDED') outcome.status = r.status;
    return r.status;
  };
  for (const op of ours.filter(o =>
    ['RUNNING', 'QUEUED', 'STOPPING'].includes(o.Status ?? ''),
  )) {
    args.log(`${label}: re-attaching to running operation ${op.OperationId}`);
    if ((await follow(op.OperationId!)) !== 'SUCCEEDED') return outcome;
  }
  const latest = ours[0];
  const latestAttempt = latest
    ? attemptOf(args.wavePrefix, latest.OperationId!)
    : 0;
  if (
    latest &&
    ['FAILED', 'STOPPED'].includes(latest.Status ?? '') &&
    latestAttempt > args.retryUpTo &&
    !outcome.operationIds.includes(latest.OperationId!)
  ) {
    args.log(
      `${label}: operation ${latest.OperationId} ended ${latest.Status}`,
    );
    await follow(latest.OperationId!);
    return outcome;
  }
  const state = await args.state();
  if (state.pending.length === 0) return outcome;
  const attempt = latestAttempt + 1;
  const prefs = toOperationPreferences(args.wave.preferences);
  const existing = state.pending.filter(a => state.existing.has(a));
  const missing = state.pending.filter(a => !state.existing.has(a));
  const waitArgs = () => waitForRunningOperations(args);
  if (!state.stackSetAtTarget) {
    const id = `${args.wavePrefix}-a${attempt}-s`;
    await updateStackSet(args, id, existing.length ? existing : missing, prefs);
    if ((await follow(id)) !== 'SUCCEEDED') return outcome;
  } else if (existing.length) {
    const id = `${args.wavePrefix}-a${attempt}-u`;
    await sendInstancesOperation(
      args.cfn,
      'update',
      instancesInput(args, id, existing, prefs),
      waitArgs,
      args.log,
    );
    if ((await follow(id)) !== 'SUCCEEDED') return outcome;
  }
  if (missing.length) {
    const id = `${args.wavePrefix}-a${attempt}-c`;
    await sendInstancesOperation(
      args.cfn,
      'create',
      instancesInput(args, id, missing, prefs),
      waitArgs,
      args.log,
    );
    await follow(id);
  }
  return outcome;
}

function instancesInput(
  args: WaveRunArgs,
  operationId: string,
  accounts: string[],
  prefs: ReturnType<typeof toOperationPreferences>,
): InstancesOperationInput {
  return {
    StackSetName: args.stackSetName,
    CallAs: args.callAs as 'SELF',
    OperationId: operationId,
    Regions: args.regions,
    OperationPreferences: prefs,
    ...args.targets(accounts),
  };
}

/**
 * UpdateStackSet with the release's template and parameters over this wave's accounts; the
 * same id re-sent finds it there (OperationIdAlreadyExistsException).
 */
async function updateStackSet(
  args: WaveRunArgs,
  operationId: string,
  accounts: string[],
  prefs: ReturnType<typeof toOperationPreferences>,
): Promise<void> {
  try {
    await args.cfn.send(
      new UpdateStackSetCommand({
        ...instancesInput(args, operationId, accounts, prefs),
        TemplateBody: args.templateBody,
        Parameters: args.parameters,
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    args.log(
      `Started StackSet ${args.stackSetName} operation ${operationId} (UpdateStackSet)`,
    );
  } catch (e) {
    if (isAwsError(e, 'OperationIdAlreadyExistsException')) {
      args.log(`Operation ${operationId} already exists; following it`);
      return;
    }
    await aws('CloudFormation.UpdateStackSet', () => Promise.reject(e));
  }
}
