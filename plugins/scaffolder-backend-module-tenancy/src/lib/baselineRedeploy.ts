import type { Checkpoint } from './checkpoint';
import {
  baselineOperationId,
  InstanceReport,
  listAccountInstances,
} from './stackSets';
import {
  InstancesOperationInput,
  OperationWaitArgs,
  redeployOperationId,
  sendInstancesOperation,
  waitForOperation,
  waitForRunningOperations,
} from './stackSetOperations';

/** Detailed statuses of an instance an operation is still working on. */
const IN_FLIGHT = new Set(['PENDING', 'RUNNING']);

/** What the baseline step must do for one account's wanted Regions. */
export interface InstancePlan {
  /** Regions without an instance: CreateStackInstances. */
  create: string[];
  /**
   * Regions whose instance exists but is not CURRENT and no operation works on it (FAILED,
   * CANCELLED, INOPERABLE, or OUTDATED/PENDING behind the StackSet's latest version):
   * UpdateStackInstances.
   */
  update: string[];
  /** Regions whose instance a running operation is working on: wait for it. */
  inFlight: string[];
  /** Regions skipped because the account is suspended (OUTDATED, SKIPPED_SUSPENDED_ACCOUNT). */
  suspended: string[];
}

/**
 * Sorts the wanted Regions by what their instance needs. `operationRunning` tells whether the
 * StackSet has an operation QUEUED or RUNNING: an OUTDATED/PENDING instance with none running
 * is behind the StackSet's latest version (redeploy), with one running it is in progress (wait).
 */
export function planInstances(
  instances: InstanceReport[],
  regions: string[],
  operationRunning: boolean,
): InstancePlan {
  const plan: InstancePlan = {
    create: [],
    update: [],
    inFlight: [],
    suspended: [],
  };
  for (const region of regions) {
    const i = instances.find(x => x.region === region);
    if (!i) plan.create.push(region);
    else if (i.status === 'CURRENT') continue;
    else if (i.detailedStatus === 'SKIPPED_SUSPENDED_ACCOUNT')
      plan.suspended.push(region);
    else if (IN_FLIGHT.has(i.detailedStatus) && operationRunning)
      plan.inFlight.push(region);
    else plan.update.push(region);
  }
  return plan;
}

/**
 * True for the StatusReason of an instance that failed because the new account's StackSet
 * execution role is not there (or not trusted) yet, e.g. "Account 333333333333 should have
 * 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role
 * 'AWSCloudFormationStackSetAdministrationRole'."
 */
export function isExecutionRoleNotReady(reason: string): boolean {
  return /should have '[^']+' role with trust relationship/i.test(reason);
}

/** The StackSet targets and overrides of the account's operations, without ids and Regions. */
export type InstancesRequest = Omit<
  InstancesOperationInput,
  'StackSetName' | 'OperationId' | 'CallAs' | 'Regions'
>;

/** Everything {@link deployBaseline} works with, given explicitly. */
export interface DeployBaselineArgs extends OperationWaitArgs {
  /** The tenant account (never a central account: callers check). */
  accountId: string;
  /** The Regions its baseline instances must be CURRENT in. */
  regions: string[];
  /**
   * Targets and overrides (`{ Accounts }` or `{ DeploymentTargets }`, ParameterOverrides,
   * OperationPreferences); called only when an operation is sent (service-managed targets
   * need organizations:ListParents).
   */
  request: () => Promise<InstancesRequest>;
  /** How long not-ready failures are retried, seconds from the first one (checkpointed). */
  notReadyTimeoutSeconds: number;
  checkpoint: Checkpoint;
  /** Runs `fn` exclusively per StackSet within this backend. */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Jitter source in [0, 1]; default Math.random. */
  random?: () => number;
}

/** The answer of {@link deployBaseline}. */
export interface DeployBaselineResult {
  /** The last operation sent or followed; empty when nothing needed one. */
  operationId: string;
  /** The account's instances after it. */
  instances: InstanceReport[];
}

const describe = (i: InstanceReport) =>
  `${i.region} ${i.status}${i.detailedStatus ? `/${i.detailedStatus}` : ''}${
    i.reason ? ` (${i.reason})` : ''
  }`;

/**
 * Brings the account's baseline instances to CURRENT with operations targeted at that account:
 * CreateStackInstances for missing Regions (OperationId {@link baselineOperationId}), and
 * UpdateStackInstances for existing instances that are FAILED or OUTDATED with no operation on
 * them (OperationId {@link redeployOperationId}, derived from the instances' LastOperationId:
 * new per attempt, the same for a recovered task). Already CURRENT: no operation.
 *
 * When the instances fail because the new account's StackSet execution role is not ready yet
 * ({@link isExecutionRoleNotReady}), the account's instances are redeployed after a backoff
 * (`poll.initialSeconds` × 2^(attempt−1), ≤ 30 s, jittered ×0.5–1, a progress line per attempt)
 * until `notReadyTimeoutSeconds` after the first such failure; the last attempt runs at the
 * deadline.
 *
 * @returns the last operation and the account's instances (callers report them).
 * @throws Error naming the failed operation id, its Status and StatusReason and each failed
 *   instance's reason: at once for any other failure, at the deadline for not-ready ones.
 */
export async function deployBaseline(
  args: DeployBaselineArgs,
): Promise<DeployBaselineResult> {
  const { cfn, stackSetName, callAs, accountId, regions, logger } = args;
  const random = args.random ?? Math.random;
  const list = () => listAccountInstances(cfn, stackSetName, accountId, callAs);
  const tried = new Set<string>();
  let lastOperationId = '';
  let deadlineMs: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const sent = await args.exclusive(async () => {
      const before = await list();
      const plan = planInstances(before, regions, false);
      const kind = plan.create.length > 0 ? 'create' : 'update';
      const targets = kind === 'create' ? plan.create : plan.update;
      if (targets.length === 0) return undefined;
      const operationId =
        kind === 'create'
          ? baselineOperationId(stackSetName, accountId, regions)
          : redeployOperationId(
              stackSetName,
              accountId,
              targets,
              before
                .filter(i => targets.includes(i.region))
                .map(i => i.lastOperationId),
            );
      if (kind === 'update') {
        logger.info(
          `Redeploying StackSet ${stackSetName} instances of account ${accountId} (${before
            .filter(i => targets.includes(i.region))
            .map(describe)
            .join('; ')}) with UpdateStackInstances, operation ${operationId}`,
        );
      }
      targets.forEach(r => tried.add(r));
      await args.checkpoint({
        key:
          kind === 'create'
            ? `baseline.create.${stackSetName}.${accountId}`
            : `baseline.update.${stackSetName}.${accountId}.${operationId}`,
        fn: async () => {
          await sendInstancesOperation(
            cfn,
            kind,
            {
              ...(await args.request()),
              StackSetName: stackSetName,
              OperationId: operationId,
              CallAs: callAs as 'SELF',
              Regions: targets,
            },
            () => waitForRunningOperations(args),
            m => logger.info(m),
          );
          return { operationId };
        },
      });
      const op = await waitForOperation(args, operationId);
      return { operationId, op };
    });
    if (!sent) return { operationId: lastOperationId, instances: await list() };
    lastOperationId = sent.operationId;
    const instances = await list();
    const failed = planInstances(instances, regions, false);
    const remaining = instances.filter(i =>
      [...failed.create, ...failed.update].includes(i.region),
    );
    if (failed.create.length === 0 && remaining.length === 0) {
      return { operationId: sent.operationId, instances };
    }
    // Regions not yet sent in this run (e.g. a FAILED one next to a created one): next operation.
    if ([...failed.create, ...failed.update].some(r => !tried.has(r))) continue;
    const opText = `operation ${sent.operationId} ended ${sent.op.status}${
      sent.op.reason ? ` (${sent.op.reason})` : ''
    }`;
    const reasons = remaining.map(describe).join('; ') || 'no instance';
    if (
      remaining.length === 0 ||
      !remaining.every(i => isExecutionRoleNotReady(i.reason))
    ) {
      throw new Error(
        `Baseline StackSet ${stackSetName} is not CURRENT for account ${accountId}: ${opText}; ${reasons}. Fix the cause named here, then run the template again: it redeploys the failed instances with a targeted UpdateStackInstances.`,
      );
    }
    if (deadlineMs === undefined) {
      const since = await args.checkpoint({
        key: `baseline.notReady.${stackSetName}.${accountId}`,
        fn: async () => ({ sinceMs: args.clock.now() }),
      });
      deadlineMs = since.sinceMs + args.notReadyTimeoutSeconds * 1000;
    }
    const left = deadlineMs - args.clock.now();
    if (left <= 0) {
      throw new Error(
        `Baseline StackSet ${stackSetName} is not CURRENT for account ${accountId} after ${attempt} operations over ${args.notReadyTimeoutSeconds} s (tenancy.vending.baseline.notReadyTimeoutSeconds): ${opText}; ${reasons}. The account's StackSet execution role is still not usable; run the template again later: it redeploys the failed instances with a targeted UpdateStackInstances.`,
      );
    }
    const backoffMs = Math.min(
      30_000,
      args.poll.initialSeconds * 1000 * 2 ** Math.min(attempt - 1, 10),
    );
    const waitMs = Math.min(
      left,
      Math.round(backoffMs * (0.5 + Math.min(random(), 1) / 2)),
    );
    logger.info(
      `Account ${accountId} is not ready for StackSet ${stackSetName} yet (${opText}; ${reasons}); attempt ${
        attempt + 1
      } in ${Math.round(waitMs / 1000)} s, retrying until ${new Date(
        deadlineMs,
      ).toISOString()}`,
    );
    await args.clock.sleep(waitMs, args.signal);
  }
}
