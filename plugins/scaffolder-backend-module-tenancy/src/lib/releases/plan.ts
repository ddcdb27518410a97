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
    const allCurrent =
      mine.length > 0 && mine.every(i => i.status === 'CURRENT');
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
      return {
        ...row,
        action: 'blocked',
        reason: 'central account, never a tenant',
      };
    }
    if (
      t.state === 'SUSPENDED' ||
      t.suspended ||
      t.state === 'PENDING_CLOSURE'
    ) {
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
 * The preferences of each kind of wave; default every account at once (SOFT mode, as STRICT
 * with tolerance 0 would run one at a time) with tolerance 0. @public
 */
export interface WavesPreferences {
  canary?: WavePreferences;
  /** Each tier wave. */
  tier?: WavePreferences;
  rest?: WavePreferences;
}

/** Every account of the wave at once; the first failure fails the wave. */
export const ALL_AT_ONCE: WavePreferences = {
  maxConcurrentPercentage: 100,
  failureToleranceCount: 0,
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
};

/**
 * The waves: the canary accounts, then each tier in `tiers` order, then every other tenant.
 * Only tenants the plan deploys (or that already run the target, so a re-run is a no-op) are
 * placed; empty waves are dropped.
 */
export function buildWaves(
  plan: TenantPlan[],
  canary: string[],
  tiers: string[],
  preferences: WavesPreferences,
): WaveSpec[] {
  const eligible = plan.filter(
    p => p.action === 'deploy' || p.action === 'none',
  );
  const placed = new Set<string>();
  const take = (pred: (p: TenantPlan) => boolean) => {
    const ids = eligible
      .filter(p => !placed.has(p.accountId) && pred(p))
      .map(p => p.accountId);
    ids.forEach(id => placed.add(id));
    return ids;
  };
  const waves: WaveSpec[] = [];
  const add = (name: string, accountIds: string[], p?: WavePreferences) =>
    waves.push({ name, accountIds, preferences: p ?? ALL_AT_ONCE });
  if (canary.length)
    add(
      'canary',
      take(p => canary.includes(p.accountId)),
      preferences.canary,
    );
  for (const tier of tiers)
    add(
      `tier ${tier}`,
      take(p => p.tier === tier),
      preferences.tier,
    );
  add(
    'the rest',
    take(() => true),
    preferences.rest,
  );
  return waves.filter(w => w.accountIds.length > 0);
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

/**
 * How many batches AWS needs for `accounts` accounts of one Region with these preferences when
 * nothing fails: the concurrency is MaxConcurrentCount (or the percentage of the accounts,
 * rounded down, at least 1), and in STRICT_FAILURE_TOLERANCE mode at most the tolerance + 1.
 * The floor of a wave's duration is this times one instance's deployment time.
 */
export function regionBatches(accounts: number, p: WavePreferences): number {
  if (accounts === 0) return 0;
  const { maxConcurrent, tolerance, strict } = waveLimits(accounts, p);
  return Math.ceil(
    accounts /
      (strict ? Math.min(maxConcurrent, tolerance + 1) : maxConcurrent),
  );
}

/**
 * AWS's reading of a wave's preferences for `accounts` targets: the concurrency is
 * MaxConcurrentCount, or the percentage of the accounts rounded down (at least 1), else 1; the
 * tolerance is FailureToleranceCount, or its percentage rounded down, else 0; `strict` unless
 * SOFT_FAILURE_TOLERANCE (then concurrency is at most tolerance + 1 − failures so far).
 */
export function waveLimits(
  accounts: number,
  p: WavePreferences,
): { maxConcurrent: number; tolerance: number; strict: boolean } {
  const share = (pct: number | undefined) =>
    Math.floor((accounts * (pct ?? 0)) / 100);
  return {
    maxConcurrent:
      p.maxConcurrentCount ??
      (p.maxConcurrentPercentage === undefined
        ? 1
        : Math.max(1, share(p.maxConcurrentPercentage))),
    tolerance: p.failureToleranceCount ?? share(p.failureTolerancePercentage),
    strict: p.concurrencyMode !== 'SOFT_FAILURE_TOLERANCE',
  };
}
