/**
 * The StackSets model: operations that run one after another in
 * simulated time, and service-managed auto-deployment (an account moved into a targeted OU gets
 * an instance; moved out, its instance is deleted unless RetainStacksOnAccountRemoval).
 */
import { publishEvents } from '../../core/eventBridge';
import { stackInstanceEvent } from './stackSetEvents';
import { createRng, hash32 } from '../../core/random';
import {
  nextCounter,
  ScheduledInstanceRecord,
  StackSetOperationRecord,
  StackSetRecord,
} from '../../core/state';
import { OperationContext } from '../../core/service';
import { OperationPreferences, scheduleOperation } from './operationSchedule';

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

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

/** Whether the operation has ended (SUCCEEDED, FAILED or STOPPED). */
export const operationEnded = (op: StackSetOperationRecord) =>
  ENDED.has(op.status);

/** The operation still QUEUED, RUNNING or STOPPING, if any (after settling). */
export function activeOperation(
  set: StackSetRecord,
): StackSetOperationRecord | undefined {
  return set.operations.find(o => !operationEnded(o));
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
  action: 'CREATE' | 'UPDATE' | 'DELETE' | 'DETECT_DRIFT';
  operationId?: string;
  targets: Array<{ account: string; ou?: string }>;
  regions: string[];
  accounts: string[];
  organizationalUnitIds: string[];
  retainStacks?: boolean;
  operationPreferences?: OperationPreferences;
  autoDeployment?: boolean;
}

/**
 * Starts an operation after the set's last one (QUEUED until then) and schedules its instances
 * by its preferences (`operationSchedule`). Returns it.
 */
export function startOperation(
  ctx: OperationContext,
  set: StackSetRecord,
  plan: OperationPlan,
): StackSetOperationRecord {
  const now = ctx.clock.nowMs();
  const last = set.operations[set.operations.length - 1];
  const startsAtMs = Math.max(
    now,
    last && !operationEnded(last) ? last.endsAtMs : now,
  );
  const operationId =
    plan.operationId ??
    uuidFor(
      ctx.state.seed,
      'operation',
      nextCounter(ctx.state, 'stackset-operation'),
    );
  const durations = ctx.options.durations;
  const batchMs = durations.stackInstanceMs || durations.stackSetOperationMs;
  const drift = plan.action === 'DETECT_DRIFT';
  const schedule = scheduleOperation(
    plan.targets.map(t => ({ account: t.account, organizationalUnitId: t.ou })),
    plan.regions,
    {
      startsAtMs,
      batchMs,
      prefs: plan.operationPreferences ?? {},
      failureFor: account =>
        plan.action === 'DELETE' || drift
          ? undefined
          : executionRoleNotReady(ctx, account) ??
            ctx.faults.stackInstanceFailureFor(account),
      suspended: account => ctx.org.account(account)?.state !== 'ACTIVE',
    },
  );
  const existing = new Map(
    set.instances.map(i => [instanceKey(i.account, i.region), i]),
  );
  for (const e of schedule.instances) {
    if (plan.action === 'DELETE' || drift) continue;
    const key = instanceKey(e.account, e.region);
    let instance = existing.get(key);
    if (!instance) {
      instance = {
        account: e.account,
        region: e.region,
        status: 'OUTDATED',
        detailedStatus: 'PENDING',
        driftStatus: 'NOT_CHECKED',
      };
      set.instances.push(instance);
    }
    instance.organizationalUnitId =
      e.organizationalUnitId ?? instance.organizationalUnitId;
    instance.status = 'OUTDATED';
    instance.detailedStatus = 'PENDING';
    instance.statusReason = undefined;
    instance.lastOperationId = operationId;
  }
  const failures: Record<string, string> = {};
  for (const e of schedule.instances)
    if (e.result === 'FAILED')
      failures[instanceKey(e.account, e.region)] = e.statusReason ?? '';
  const op: StackSetOperationRecord = {
    operationId,
    action: plan.action,
    finalStatus: schedule.failed ? 'FAILED' : 'SUCCEEDED',
    failures: Object.keys(failures).length ? failures : undefined,
    status: startsAtMs > now ? 'QUEUED' : 'RUNNING',
    createdAtMs: now,
    startsAtMs,
    endsAtMs: Math.max(schedule.endsAtMs, startsAtMs + batchMs),
    accounts: plan.accounts,
    organizationalUnitIds: plan.organizationalUnitIds,
    regions: plan.regions,
    retainStacks: plan.retainStacks,
    operationPreferences: plan.operationPreferences as Record<string, unknown>,
    instanceKeys: schedule.instances.map(e => instanceKey(e.account, e.region)),
    autoDeployment: plan.autoDeployment,
    schedule: schedule.instances,
    templateVersion: set.templateVersion ?? 0,
  };
  set.operations.push(op);
  return op;
}

/** The instance an operation's scheduled entry writes, when that operation still owns it. */
function ownedInstance(
  set: StackSetRecord,
  op: StackSetOperationRecord,
  e: ScheduledInstanceRecord,
) {
  const i = set.instances.find(
    x => x.account === e.account && x.region === e.region,
  );
  return i && i.lastOperationId === op.operationId ? i : undefined;
}

/** Applies an entry's outcome to its instance. */
function settleEntry(
  ctx: OperationContext,
  set: StackSetRecord,
  op: StackSetOperationRecord,
  e: ScheduledInstanceRecord,
  now: number,
) {
  if (op.action === 'DETECT_DRIFT') {
    if (now < e.endsAtMs) return;
    const i = set.instances.find(
      x => x.account === e.account && x.region === e.region,
    );
    if (!i || i.lastDriftCheckMs === e.endsAtMs) return;
    i.lastDriftCheckMs = e.endsAtMs;
    if (e.result === 'SKIPPED') i.driftStatus = 'UNKNOWN';
    else
      i.driftStatus = ctx.faults.stackInstanceDriftedFor(e.account)
        ? 'DRIFTED'
        : 'IN_SYNC';
    return;
  }
  if (op.action === 'DELETE') {
    const gone = set.instances.find(
      x => x.account === e.account && x.region === e.region,
    );
    if (gone && now >= e.endsAtMs && e.result === 'SUCCEEDED') {
      set.instances = set.instances.filter(x => x !== gone);
      publishInstanceEvent(ctx, set, gone, op.action);
    }
    return;
  }
  const i = ownedInstance(set, op, e);
  if (!i) return;
  if (now >= e.endsAtMs && !e.published) {
    // AWS sends one status change per instance when the operation is done with it.
    e.published = true;
    applyOutcome(i, op, e);
    publishInstanceEvent(ctx, set, i, op.action);
  } else if (now < e.startsAtMs) {
    i.detailedStatus = 'PENDING';
  } else if (now < e.endsAtMs) {
    i.detailedStatus = 'RUNNING';
  } else applyOutcome(i, op, e);
}

/** The instance's status after its scheduled entry ended. */
function applyOutcome(
  i: StackSetRecord['instances'][number],
  op: StackSetOperationRecord,
  e: ScheduledInstanceRecord,
) {
  if (e.result === 'SUCCEEDED') {
    i.status = 'CURRENT';
    i.detailedStatus = 'SUCCEEDED';
    i.statusReason = undefined;
    i.templateVersion = op.templateVersion;
  } else {
    i.status = 'OUTDATED';
    i.detailedStatus =
      e.result === 'SKIPPED' ? 'SKIPPED_SUSPENDED_ACCOUNT' : e.result;
    i.statusReason = e.statusReason;
  }
}

/** Publishes `CloudFormation StackSet StackInstance Status Change` for an instance. */
function publishInstanceEvent(
  ctx: OperationContext,
  set: StackSetRecord,
  i: StackSetRecord['instances'][number],
  action: string,
) {
  publishEvents(ctx, [
    stackInstanceEvent(
      ctx,
      set,
      i,
      action,
      i.stackId ?? stackIdFor(set, i.account, i.region),
    ),
  ]);
}

/** Moves one operation along the clock. */
function settleOperation(
  ctx: OperationContext,
  set: StackSetRecord,
  op: StackSetOperationRecord,
  now: number,
) {
  if (now < op.startsAtMs) return;
  if (op.status === 'QUEUED') op.status = 'RUNNING';
  for (const e of op.schedule ?? []) settleEntry(ctx, set, op, e, now);
  if (now < op.endsAtMs) return;
  if (op.status === 'STOPPING') {
    op.status = 'STOPPED';
    return;
  }
  op.status = op.finalStatus;
  if (op.action === 'DETECT_DRIFT') set.lastDriftCheckMs = op.endsAtMs;
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
      if (!operationEnded(op)) settleOperation(ctx, set, op, now);
    }
  }
}

/**
 * StopStackSetOperation: instances not yet started end CANCELLED; the operation is STOPPING
 * until the running ones finish, then STOPPED (a QUEUED one stops at once).
 */
export function stopOperation(
  ctx: OperationContext,
  op: StackSetOperationRecord,
): void {
  const now = ctx.clock.nowMs();
  op.stoppedAtMs = now;
  let end = now;
  for (const e of op.schedule ?? []) {
    if (e.startsAtMs > now || op.status === 'QUEUED') {
      e.result = 'CANCELLED';
      e.statusReason = 'Cancelled since the operation was stopped';
      e.startsAtMs = now;
      e.endsAtMs = now;
    } else end = Math.max(end, e.endsAtMs);
  }
  op.endsAtMs = end;
  op.status = 'STOPPING';
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
