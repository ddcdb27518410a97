/**
 * StackSetOperationPreferences as AWS applies them, and the timeline of one operation's stack
 * instances in simulated time.
 *
 * - Failure tolerance and concurrency are per Region: FailureToleranceCount, or
 *   FailureTolerancePercentage of the Region's accounts rounded down (default 0);
 *   MaxConcurrentCount, or MaxConcurrentPercentage rounded down but at least 1 (default 1).
 * - ConcurrencyMode STRICT_FAILURE_TOLERANCE (default): the actual concurrency starts at
 *   min(MaxConcurrentCount, FailureToleranceCount + 1) and drops by one per failure, so the
 *   failures never exceed FailureToleranceCount + 1. SOFT_FAILURE_TOLERANCE keeps
 *   MaxConcurrentCount whatever fails.
 * - When a Region's failures exceed its tolerance, its unattempted instances are CANCELLED and,
 *   with RegionConcurrencyType SEQUENTIAL (default), the following Regions are not attempted.
 *   PARALLEL runs every Region at once. RegionOrder orders the Regions it names first.
 * - Instances of suspended accounts take no time and end SKIPPED (SKIPPED_SUSPENDED_ACCOUNT).
 */
import { int, list, str } from '../../core/input';
import { ScheduledInstanceRecord } from '../../core/state';
import { validationError } from './common';

/** The validated preferences of a request. */
export interface OperationPreferences {
  FailureToleranceCount?: number;
  FailureTolerancePercentage?: number;
  MaxConcurrentCount?: number;
  MaxConcurrentPercentage?: number;
  RegionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
  ConcurrencyMode?: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
  RegionOrder?: string[];
}

/** StatusReason of instances cancelled because their Region went over its tolerance. */
export const TOLERANCE_CANCELLED =
  'Cancelled since failure tolerance has exceeded';

function bounded(
  v: Record<string, unknown>,
  key: keyof OperationPreferences,
  min: number,
  max: number,
): number | undefined {
  const n = int(v[key], key, validationError);
  if (n !== undefined && (n < min || n > max)) {
    throw validationError(
      `Value '${n}' at 'operationPreferences.${
        key.charAt(0).toLowerCase() + key.slice(1)
      }' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return n;
}

function oneOf<T extends string>(
  v: unknown,
  key: string,
  allowed: T[],
): T | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!allowed.includes(s as T)) {
    throw validationError(
      `Value '${s}' at 'operationPreferences.${key}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(
        ', ',
      )}]`,
    );
  }
  return s as T;
}

/**
 * Reads and validates OperationPreferences: a count or a percentage, never both (ValidationError).
 * @returns undefined when none is given.
 */
export function readPreferences(
  value: unknown,
): OperationPreferences | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const out: OperationPreferences = {
    FailureToleranceCount: bounded(v, 'FailureToleranceCount', 0, 100_000),
    FailureTolerancePercentage: bounded(
      v,
      'FailureTolerancePercentage',
      0,
      100,
    ),
    MaxConcurrentCount: bounded(v, 'MaxConcurrentCount', 1, 100_000),
    MaxConcurrentPercentage: bounded(v, 'MaxConcurrentPercentage', 1, 100),
    RegionConcurrencyType: oneOf(
      v.RegionConcurrencyType,
      'regionConcurrencyType',
      ['SEQUENTIAL', 'PARALLEL'],
    ),
    ConcurrencyMode: oneOf(v.ConcurrencyMode, 'concurrencyMode', [
      'STRICT_FAILURE_TOLERANCE',
      'SOFT_FAILURE_TOLERANCE',
    ]),
  };
  const order = list<string>(v.RegionOrder);
  if (order.length) out.RegionOrder = order;
  if (
    out.FailureToleranceCount !== undefined &&
    out.FailureTolerancePercentage !== undefined
  ) {
    throw validationError(
      'You can specify either FailureToleranceCount or FailureTolerancePercentage, but not both',
    );
  }
  if (
    out.MaxConcurrentCount !== undefined &&
    out.MaxConcurrentPercentage !== undefined
  ) {
    throw validationError(
      'You can specify either MaxConcurrentCount or MaxConcurrentPercentage, but not both',
    );
  }
  for (const k of Object.keys(out) as Array<keyof OperationPreferences>) {
    if (out[k] === undefined) delete out[k];
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The tolerance and the largest concurrency of one Region with `accounts` accounts.
 * @returns `tolerance` (failures allowed) and `maxConcurrent` (≥ 1).
 */
export function regionLimits(
  prefs: OperationPreferences,
  accounts: number,
): { tolerance: number; maxConcurrent: number } {
  const tolerance =
    prefs.FailureToleranceCount ??
    Math.floor((accounts * (prefs.FailureTolerancePercentage ?? 0)) / 100);
  const maxConcurrent =
    prefs.MaxConcurrentCount ??
    (prefs.MaxConcurrentPercentage === undefined
      ? 1
      : Math.max(
          1,
          Math.floor((accounts * prefs.MaxConcurrentPercentage) / 100),
        ));
  return { tolerance, maxConcurrent };
}

/** The Regions in the order the operation visits them. */
export function orderedRegions(
  regions: string[],
  prefs: OperationPreferences,
): string[] {
  const first = (prefs.RegionOrder ?? []).filter(r => regions.includes(r));
  return [...first, ...regions.filter(r => !first.includes(r))];
}

/** One target of an operation. */
export interface ScheduleTarget {
  account: string;
  organizationalUnitId?: string;
}

/** What {@link scheduleOperation} needs besides the targets. */
export interface ScheduleArgs {
  startsAtMs: number;
  /** How long one batch of instances runs. */
  batchMs: number;
  prefs: OperationPreferences;
  /** The StatusReason the account's instance fails with, if it does (asked only for attempted ones). */
  failureFor: (account: string) => string | undefined;
  /** Whether the account is suspended or closed (its instance is skipped). */
  suspended: (account: string) => boolean;
}

/**
 * The timeline of an operation's instances.
 * @returns each instance with its start, end and outcome; whether some Region went over its
 *   tolerance (the operation ends FAILED); and when the last instance ends.
 */
export function scheduleOperation(
  targets: ScheduleTarget[],
  regions: string[],
  args: ScheduleArgs,
): { instances: ScheduledInstanceRecord[]; failed: boolean; endsAtMs: number } {
  const { prefs, batchMs } = args;
  const parallel = prefs.RegionConcurrencyType === 'PARALLEL';
  const strict = prefs.ConcurrencyMode !== 'SOFT_FAILURE_TOLERANCE';
  const instances: ScheduledInstanceRecord[] = [];
  let regionStart = args.startsAtMs;
  let endsAtMs = args.startsAtMs;
  let failed = false;
  for (const region of orderedRegions(regions, prefs)) {
    const at = parallel ? args.startsAtMs : regionStart;
    const entry = (t: ScheduleTarget, from: number, to: number) => ({
      account: t.account,
      region,
      organizationalUnitId: t.organizationalUnitId,
      startsAtMs: from,
      endsAtMs: to,
    });
    const live: ScheduleTarget[] = [];
    for (const t of targets) {
      if (args.suspended(t.account)) {
        instances.push({
          ...entry(t, at, at),
          result: 'SKIPPED',
          statusReason: 'Account is suspended; the stack instance was skipped.',
        });
      } else live.push(t);
    }
    if (failed && !parallel) {
      for (const t of live)
        instances.push({
          ...entry(t, at, at),
          result: 'CANCELLED',
          statusReason: TOLERANCE_CANCELLED,
        });
      continue;
    }
    const { tolerance, maxConcurrent } = regionLimits(prefs, live.length);
    let concurrency = strict
      ? Math.min(maxConcurrent, tolerance + 1)
      : maxConcurrent;
    let failures = 0;
    let t = at;
    let i = 0;
    while (i < live.length) {
      for (const target of live.slice(i, i + concurrency)) {
        const reason = args.failureFor(target.account);
        if (reason) failures++;
        instances.push({
          ...entry(target, t, t + batchMs),
          result: reason ? 'FAILED' : 'SUCCEEDED',
          statusReason: reason,
        });
      }
      i += concurrency;
      t += batchMs;
      if (failures > tolerance) {
        failed = true;
        for (const target of live.slice(i))
          instances.push({
            ...entry(target, t, t),
            result: 'CANCELLED',
            statusReason: TOLERANCE_CANCELLED,
          });
        break;
      }
      if (strict)
        concurrency = Math.max(
          1,
          Math.min(maxConcurrent, tolerance + 1 - failures),
        );
    }
    regionStart = t;
    endsAtMs = Math.max(endsAtMs, t);
  }
  return { instances, failed, endsAtMs };
}
