import type { FleetInstance, FleetTenant } from './fleet';

/**
 * What a release does to one tenant: `deploy` (behind the target), `none` (on it already),
 * `skipped` (suspended or closing: AWS would skip it), `blocked` (a central account, or an
 * operation not ours is on its instance). @public
 */
export interface TenantPlan {
  accountId: string;
  name: string;
  tier: string;
  /** The version it runs: '' when it has no instance, `unknown` when no record says. */
  current: string;
  target: string;
  action: 'deploy' | 'none' | 'skipped' | 'blocked';
  /** Why skipped or blocked; the instance's StatusReason when it last failed. */
  reason: string;
  /** Drift detection found its stack DRIFTED. */
  drifted: boolean;
}

/** Inputs of {@link planRelease}. */
export interface PlanArgs {
  fleet: FleetTenant[];
  instances: FleetInstance[];
  /** The StackSet's current version (its version parameter). */
  stackSetVersion: string;
  target: string;
  /** Per account, the version of its last SUCCEEDED release result. */
  recorded: Map<string, string>;
  /** Accounts never deployed to (management, monitoring, security, StackSet admin). */
  centralAccountIds: string[];
}

const IN_FLIGHT = new Set(['PENDING', 'RUNNING']);

/**
 * Per tenant: current version, target, and what the release does. An instance CURRENT runs the
 * StackSet's version; an OUTDATED one runs the version of its last successful release result.
 */
export function planRelease(args: PlanArgs): TenantPlan[] {
  const byAccount = new Map<string, FleetInstance[]>();
  for (const i of args.instances)
    byAccount.set(i.accountId, [...(byAccount.get(i.accountId) ?? []), i]);
  return args.fleet.map(t => {
    const mine = byAccount.get(t.accountId) ?? [];
    const allCurrent = mine.length > 0 && mine.every(i => i.status === 'CURRENT');
    const current = allCurrent
      ? args.stackSetVersion
      : args.recorded.get(t.accountId) ?? (mine.length ? 'unknown' : '');
    const row: TenantPlan = {
      accountId: t.accountId,
      name: t.name,
      tier: t.tier,
      current,
      target: args.target,
      action: current === args.target ? 'none' : 'deploy',
      reason: mine.find(i => i.detailedStatus === 'FAILED')?.reason ?? '',
      drifted: mine.some(i => i.driftStatus === 'DRIFTED'),
    };
    if (args.centralAccountIds.includes(t.accountId)) {
      return { ...row, action: 'blocked', reason: 'central account, never a tenant' };
    }
    if (t.state === 'SUSPENDED' || t.suspended || t.state === 'PENDING_CLOSURE') {
      return {
        ...row,
        action: 'skipped',
        reason: t.state === 'PENDING_CLOSURE' ? 'closing' : 'suspended',
      };
    }
    if (mine.some(i => IN_FLIGHT.has(i.detailedStatus))) {
      return {
        ...row,
        action: 'blocked',
        reason: `an operation is running on its instance (${mine[0].lastOperationId})`,
      };
    }
    return row;
  });
}

/** One wave of a rollout and its StackSet operation preferences. @public */
export interface WaveSpec {
  name: string;
  accountIds: string[];
  preferences: WavePreferences;
}

/** AWS StackSetOperationPreferences of a wave (count or percentage, not both). @public */
export interface WavePreferences {
  maxConcurrentCount?: number;
  maxConcurrentPercentage?: number;
  failureToleranceCount?: number;
  failureTolerancePercentage?: number;
  concurrencyMode?: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
  regionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
  regionOrder?: string[];
}

/**
 * The waves: the canary accounts, then each tier in `tiers` order, then every other tenant.
 * Only tenants the plan deploys (or that already run the target, so a re-run is a no-op) are
 * placed; empty waves are dropped. `preferences[i]` applies to wave i counted before dropping (the
 * last one repeats; default all at once with tolerance 0).
 */
export function buildWaves(
  plan: TenantPlan[],
  canary: string[],
  tiers: string[],
  preferences: WavePreferences[],
): WaveSpec[] {
  const eligible = plan.filter(p => p.action === 'deploy' || p.action === 'none');
  const placed = new Set<string>();
  const take = (pred: (p: TenantPlan) => boolean) => {
    const ids = eligible
      .filter(p => !placed.has(p.accountId) && pred(p))
      .map(p => p.accountId);
    ids.forEach(id => placed.add(id));
    return ids;
  };
  const raw: Array<{ name: string; accountIds: string[] }> = [];
  if (canary.length)
    raw.push({ name: 'canary', accountIds: take(p => canary.includes(p.accountId)) });
  for (const tier of tiers)
    raw.push({ name: `tier ${tier}`, accountIds: take(p => p.tier === tier) });
  raw.push({ name: 'the rest', accountIds: take(() => true) });
  return raw
    .map((w, i) => ({
      ...w,
      preferences: preferences[Math.min(i, preferences.length - 1)] ?? {
        maxConcurrentPercentage: 100,
        failureToleranceCount: 0,
      },
    }))
    .filter(w => w.accountIds.length > 0);
}

/** The SDK's OperationPreferences of a wave. */
export function toOperationPreferences(p: WavePreferences) {
  return {
    MaxConcurrentCount: p.maxConcurrentCount,
    MaxConcurrentPercentage: p.maxConcurrentPercentage,
    FailureToleranceCount: p.failureToleranceCount,
    FailureTolerancePercentage: p.failureTolerancePercentage,
    ConcurrencyMode: p.concurrencyMode,
    RegionConcurrencyType: p.regionConcurrencyType,
    RegionOrder: p.regionOrder,
  };
}
