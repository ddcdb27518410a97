/**
 * The StackSets model: operations that run one after another in
 * simulated time, and service-managed auto-deployment (an account moved into a targeted OU gets
 * an instance; moved out, its instance is deleted unless RetainStacksOnAccountRemoval).
 */
import { createRng, hash32 } from '../../core/random';
import {
  nextCounter,
  StackSetOperationRecord,
  StackSetRecord,
} from '../../core/state';
import { OperationContext } from '../../core/service';

/** A deterministic UUID from the seed and keys. */
export function uuidFor(seed: number, ...keys: Array<string | number>): string {
  const h = createRng(seed, 'uuid', ...keys).chars(32, '0123456789abcdef');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20)}`;
}

/** The stack id of an instance (derived, never stored). */
export function stackIdFor(
  set: StackSetRecord,
  account: string,
  region: string,
): string {
  const h = hash32(set.id, account, region).toString(16).padStart(8, '0');
  return `arn:aws:cloudformation:${region}:${account}:stack/StackSet-${
    set.name
  }-${h}/${set.id.split(':')[1]}`;
}

/** Key of an instance. */
export const instanceKey = (account: string, region: string) =>
  `${account}/${region}`;

/** The operation still QUEUED or RUNNING, if any (after settling). */
export function activeOperation(
  set: StackSetRecord,
): StackSetOperationRecord | undefined {
  return set.operations.find(
    o => o.status === 'QUEUED' || o.status === 'RUNNING',
  );
}

/**
 * Why a new account's stack instance fails, if it does: within
 * `durations.executionRoleNotReadyMs` after its CreateAccount request succeeded, the StackSet
 * execution role cannot be assumed yet, and AWS answers this StatusReason.
 */
export function executionRoleNotReady(
  ctx: OperationContext,
  account: string,
): string | undefined {
  const window = ctx.options.durations.executionRoleNotReadyMs;
  if (!window) return undefined;
  const created = ctx.state.createAccountRequests.find(
    r => r.state === 'SUCCEEDED' && r.accountId === account,
  );
  if (!created || ctx.clock.nowMs() >= created.completesAtMs + window) {
    return undefined;
  }
  return `Account ${account} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.`;
}

/** What an operation writes: the accounts × regions, with the OU each account came through. */
export interface OperationPlan {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  operationId?: string;
  targets: Array<{ account: string; ou?: string }>;
  regions: string[];
  accounts: string[];
  organizationalUnitIds: string[];
  retainStacks?: boolean;
  operationPreferences?: Record<string, unknown>;
  autoDeployment?: boolean;
}

/** Starts an operation after the set's last one (QUEUED until then). Returns it. */
export function startOperation(
  ctx: OperationContext,
  set: StackSetRecord,
  plan: OperationPlan,
): StackSetOperationRecord {
  const now = ctx.clock.nowMs();
  const last = set.operations[set.operations.length - 1];
  const startsAtMs = Math.max(
    now,
    last &&
      last.status !== 'SUCCEEDED' &&
      last.status !== 'FAILED' &&
      last.status !== 'STOPPED'
      ? last.endsAtMs
      : now,
  );
  const operationId =
    plan.operationId ??
    uuidFor(
      ctx.state.seed,
      'operation',
      nextCounter(ctx.state, 'stackset-operation'),
    );
  const keys: string[] = [];
  const failures: Record<string, string> = {};
  const existing = new Map(
    set.instances.map(i => [instanceKey(i.account, i.region), i]),
  );
  for (const t of plan.targets) {
    for (const region of plan.regions) {
      const key = instanceKey(t.account, region);
      keys.push(key);
      if (plan.action === 'DELETE') continue;
      const failure =
        executionRoleNotReady(ctx, t.account) ??
        ctx.faults.stackInstanceFailureFor(t.account);
      if (failure) failures[key] = failure;
      let instance = existing.get(key);
      if (!instance) {
        instance = {
          account: t.account,
          region,
          status: 'OUTDATED',
          detailedStatus: 'PENDING',
          driftStatus: 'NOT_CHECKED',
        };
        set.instances.push(instance);
      }
      instance.organizationalUnitId = t.ou ?? instance.organizationalUnitId;
      instance.status = 'OUTDATED';
      instance.detailedStatus = 'PENDING';
      instance.statusReason = undefined;
      instance.lastOperationId = operationId;
    }
  }
  const prefs = plan.operationPreferences ?? {};
  const failed = Object.keys(failures).length;
  const tolerance =
    typeof prefs.FailureToleranceCount === 'number'
      ? prefs.FailureToleranceCount
      : Math.floor(
          (keys.length * Number(prefs.FailureTolerancePercentage ?? 0)) / 100,
        );
  const op: StackSetOperationRecord = {
    operationId,
    action: plan.action,
    finalStatus: failed > tolerance ? 'FAILED' : 'SUCCEEDED',
    failures: failed ? failures : undefined,
    status: startsAtMs > now ? 'QUEUED' : 'RUNNING',
    createdAtMs: now,
    startsAtMs,
    endsAtMs: startsAtMs + ctx.options.durations.stackSetOperationMs,
    accounts: plan.accounts,
    organizationalUnitIds: plan.organizationalUnitIds,
    regions: plan.regions,
    retainStacks: plan.retainStacks,
    operationPreferences: plan.operationPreferences,
    instanceKeys: keys,
    autoDeployment: plan.autoDeployment,
  };
  set.operations.push(op);
  return op;
}

function finish(
  ctx: OperationContext,
  set: StackSetRecord,
  op: StackSetOperationRecord,
) {
  const keys = new Set(op.instanceKeys);
  if (op.action === 'DELETE') {
    set.instances = set.instances.filter(
      i => !keys.has(instanceKey(i.account, i.region)),
    );
  } else {
    for (const i of set.instances) {
      if (
        !keys.has(instanceKey(i.account, i.region)) ||
        i.lastOperationId !== op.operationId
      )
        continue;
      const account = ctx.org.account(i.account);
      const failure = op.failures?.[instanceKey(i.account, i.region)];
      if (failure) {
        i.status = 'OUTDATED';
        i.detailedStatus = 'FAILED';
        i.statusReason = failure;
      } else if (account && account.state !== 'ACTIVE') {
        i.status = 'OUTDATED';
        i.detailedStatus = 'SKIPPED_SUSPENDED_ACCOUNT';
        i.statusReason =
          'Account is suspended or closed; stack instance skipped.';
      } else {
        i.status = 'CURRENT';
        i.detailedStatus = 'SUCCEEDED';
        i.statusReason = undefined;
      }
    }
  }
  op.status = op.finalStatus;
  if (op.status === 'FAILED') {
    op.statusReason = `${
      Object.keys(op.failures ?? {}).length
    } stack instance(s) failed, more than the failure tolerance`;
  }
}

/** Moves every StackSet operation along the clock. */
export function settleStackSets(ctx: OperationContext): void {
  const now = ctx.clock.nowMs();
  for (const set of ctx.state.stackSets) {
    for (const op of set.operations) {
      if (op.status !== 'QUEUED' && op.status !== 'RUNNING') continue;
      if (now >= op.endsAtMs) {
        finish(ctx, set, op);
      } else if (now >= op.startsAtMs && op.status === 'QUEUED') {
        op.status = 'RUNNING';
        const keys = new Set(op.instanceKeys);
        for (const inst of set.instances) {
          if (
            keys.has(instanceKey(inst.account, inst.region)) &&
            inst.lastOperationId === op.operationId
          ) {
            inst.detailedStatus = 'RUNNING';
          }
        }
      } else if (op.status === 'RUNNING') {
        const keys = new Set(op.instanceKeys);
        for (const inst of set.instances) {
          if (
            keys.has(instanceKey(inst.account, inst.region)) &&
            inst.lastOperationId === op.operationId &&
            inst.detailedStatus === 'PENDING'
          ) {
            inst.detailedStatus = 'RUNNING';
          }
        }
      }
    }
  }
}

/** Service-managed auto-deployment when an account moves between parents. */
export function onAccountMoved(
  ctx: OperationContext,
  accountId: string,
  from: string,
  to: string,
): void {
  // Service-managed StackSets never deploy to the management account, wherever it sits.
  if (accountId === ctx.org.managementAccountId) return;
  for (const set of ctx.state.stackSets) {
    if (
      set.status !== 'ACTIVE' ||
      set.permissionModel !== 'SERVICE_MANAGED' ||
      !set.autoDeployment?.Enabled
    )
      continue;
    const targeted = new Set(
      set.organizationalUnitIds.flatMap(ou => ctx.org.subtree(ou)),
    );
    const wasIn = targeted.has(from);
    const isIn = targeted.has(to);
    if (!wasIn && isIn) {
      startOperation(ctx, set, {
        action: 'CREATE',
        targets: [{ account: accountId, ou: to }],
        regions: set.regions,
        accounts: [accountId],
        organizationalUnitIds: [to],
        autoDeployment: true,
      });
    } else if (wasIn && !isIn) {
      if (set.autoDeployment.RetainStacksOnAccountRemoval) {
        set.instances = set.instances.filter(i => i.account !== accountId);
      } else {
        startOperation(ctx, set, {
          action: 'DELETE',
          targets: [{ account: accountId }],
          regions: set.regions,
          accounts: [accountId],
          organizationalUnitIds: [from],
          retainStacks: false,
          autoDeployment: true,
        });
      }
    } else if (isIn) {
      for (const i of set.instances)
        if (i.account === accountId) i.organizationalUnitId = to;
    }
  }
}
