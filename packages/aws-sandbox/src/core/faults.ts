/**
 * Fault injection and per-operation rate limits.
 *
 * A rule matches calls by service (SDK client name such as `Organizations`, or signing name
 * such as `organizations`) and operation; both optional. `rate` (0..1, default 1) picks a
 * deterministic fraction of matching calls; `count` stops the rule after it fired that often.
 */
import { createRng, Rng } from './random';
import { AwsServiceError, ThrottlingErrorShape } from './errors';

/**
 * What fault rules and rate limits match a call by: the service's SDK client name, its SigV4
 * signing name, and its real throttling error (every `ServiceDefinition` is one).
 * @public
 */
export interface FaultTarget {
  /** SDK client name, e.g. `Organizations`. */
  name: string;
  /** SigV4 signing name, e.g. `organizations`. */
  signingName: string;
  /** The service's throttling error; `ThrottlingException`, HTTP 400 when absent. */
  throttlingError?: ThrottlingErrorShape;
}

interface FaultMatch {
  /** SDK client name (`Organizations`) or signing name (`organizations`); any when absent. */
  service?: string;
  /** Operation name; any when absent. */
  operation?: string;
  /** Fraction of matching calls affected, 0..1, default 1. */
  rate?: number;
  /** Fire at most this many times, then stop matching. */
  count?: number;
}

/**
 * A fault: `throttle` answers the service's real throttling error (Organizations:
 * TooManyRequestsException); `error` answers any AWS error (e.g. ConcurrentModificationException);
 * `latency` delays the answer; `createAccountFailure` makes CreateAccount requests end FAILED
 * with the FailureReason (only those whose email matches `emailPattern`, a regular expression,
 * when given); `stackInstanceFailure` makes the stack instances of StackSet operations started
 * from then on end FAILED with `statusReason` (only accounts matching `accountPattern`, when
 * given); the operation fails when more instances fail than its FailureToleranceCount;
 * `stackInstanceDrift` makes DetectStackSetDrift find the matching accounts' stacks DRIFTED;
 * `executionFailure` makes Step Functions executions started from then on whose input names a
 * matching account (`accountId`, or the account id ending `accountArn`) end FAILED with
 * `error` and `cause`.
 * @public
 */
export type FaultRule =
  | (FaultMatch & { kind: 'throttle' })
  | (FaultMatch & {
      kind: 'error';
      code: string;
      message?: string;
      httpStatus?: number;
      fields?: Record<string, unknown>;
    })
  | (FaultMatch & { kind: 'latency'; ms: number })
  | (FaultMatch & {
      kind: 'createAccountFailure';
      failureReason: string;
      emailPattern?: string;
    })
  | (FaultMatch & {
      kind: 'stackInstanceFailure';
      accountPattern?: string;
      statusReason?: string;
    })
  | (FaultMatch & { kind: 'stackInstanceDrift'; accountPattern?: string })
  | (FaultMatch & {
      kind: 'executionFailure';
      accountPattern?: string;
      error?: string;
      cause?: string;
    });

/** A token bucket per operation: `perSecond` sustained calls, `burst` at once (wall-clock time). @public */
export interface RateLimitRule {
  service: string;
  operation?: string;
  perSecond: number;
  burst: number;
}

/** Approximations of AWS's own API rate limits (per account and region). @public */
export const AWS_LIKE_RATE_LIMITS: RateLimitRule[] = [
  {
    service: 'Organizations',
    operation: 'CreateAccount',
    perSecond: 1,
    burst: 5,
  },
  { service: 'Organizations', perSecond: 10, burst: 20 },
  { service: 'STS', perSecond: 100, burst: 200 },
  { service: 'CloudFormation', perSecond: 10, burst: 20 },
  { service: 'Budgets', perSecond: 5, burst: 10 },
  { service: 'SFN', operation: 'StartExecution', perSecond: 300, burst: 800 },
  { service: 'SFN', perSecond: 15, burst: 100 },
  { service: 'CostExplorer', perSecond: 5, burst: 10 },
  {
    service: 'CloudWatch',
    operation: 'GetMetricData',
    perSecond: 50,
    burst: 50,
  },
  { service: 'CloudWatch', perSecond: 20, burst: 40 },
  { service: 'ConfigService', perSecond: 10, burst: 20 },
  { service: 'GuardDuty', perSecond: 10, burst: 20 },
  {
    service: 'CloudWatchLogs',
    operation: 'StartQuery',
    perSecond: 5,
    burst: 5,
  },
  {
    service: 'CloudWatchLogs',
    operation: 'GetQueryResults',
    perSecond: 5,
    burst: 5,
  },
  { service: 'CloudWatchLogs', operation: 'StopQuery', perSecond: 5, burst: 5 },
  { service: 'CloudWatchLogs', perSecond: 10, burst: 20 },
];

/** Email suffixes that make CreateAccount fail (`aws+acme+fail-email-exists@x.io`). @public */
export const EMAIL_FAILURE_SUFFIXES: Record<string, string> = {
  'email-exists': 'EMAIL_ALREADY_EXISTS',
  'account-limit': 'ACCOUNT_LIMIT_EXCEEDED',
  concurrent: 'CONCURRENT_ACCOUNT_MODIFICATION',
  internal: 'INTERNAL_FAILURE',
};

/** A rule with its id, as listed by {@link FaultController.list}. @public */
export type ActiveFaultRule = FaultRule & { id: string; fired: number };

/** What the server must do with a call, from {@link FaultController.check}. */
export interface FaultDecision {
  latencyMs: number;
  error?: AwsServiceError;
}

/** Holds the active fault rules and rate limits. @public */
export class FaultController {
  readonly #seed: number;
  #rules: Array<{ rule: ActiveFaultRule; rng: Rng }> = [];
  #next = 1;
  #limits: RateLimitRule[] = [];
  #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    seed: number,
    rules: FaultRule[] = [],
    rateLimits: RateLimitRule[] = [],
  ) {
    this.#seed = seed;
    rules.forEach(r => this.add(r));
    this.#limits = rateLimits;
  }

  /** Adds a rule; returns its id. @throws TypeError on an unknown kind. */
  add(rule: FaultRule): string {
    const kinds = [
      'throttle',
      'error',
      'latency',
      'createAccountFailure',
      'stackInstanceFailure',
      'stackInstanceDrift',
      'executionFailure',
    ];
    if (!kinds.includes((rule as any)?.kind)) {
      throw new TypeError(`fault kind must be one of ${kinds.join(', ')}`);
    }
    if (rule.kind === 'error' && !rule.code) {
      throw new TypeError('an error fault needs a code');
    }
    if (rule.kind === 'createAccountFailure' && !rule.failureReason) {
      throw new TypeError('a createAccountFailure fault needs a failureReason');
    }
    const id = `fault-${this.#next++}`;
    this.#rules.push({
      rule: { ...rule, id, fired: 0 },
      rng: createRng(this.#seed, 'fault', id),
    });
    return id;
  }
  list(): ActiveFaultRule[] {
    return this.#rules.map(r => ({ ...r.rule }));
  }
  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter(r => r.rule.id !== id);
    return this.#rules.length < before;
  }
  clear(): void {
    this.#rules = [];
  }
  /** Replaces the rate limits (`[]` turns them off). */
  setRateLimits(limits: RateLimitRule[]): void {
    this.#limits = limits;
    this.#buckets.clear();
  }
  rateLimits(): RateLimitRule[] {
    return [...this.#limits];
  }

  /** Decides latency and error for one call (consumes rate and count). */
  check(service: FaultTarget, operation: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const entry of this.#rules) {
      const rule = entry.rule;
      if (
        rule.kind === 'createAccountFailure' ||
        rule.kind === 'stackInstanceFailure' ||
        rule.kind === 'stackInstanceDrift' ||
        rule.kind === 'executionFailure'
      ) {
        continue;
      }
      if (rule.kind !== 'latency' && decision.error) continue;
      if (!this.#fires(entry, service, operation)) continue;
      if (rule.kind === 'latency') {
        decision.latencyMs += rule.ms;
      } else {
        decision.error =
          rule.kind === 'throttle'
            ? throttlingError(service)
            : new AwsServiceError(
                rule.code,
                rule.message ?? `Injected fault: ${rule.code}`,
                {
                  httpStatus: rule.httpStatus,
                  fields: rule.fields,
                },
              );
      }
    }
    if (!decision.error && !this.#allowedByRateLimit(service, operation)) {
      decision.error = throttlingError(service);
    }
    return decision;
  }

  /** The FailureReason a CreateAccount request with this email must end with, if any. */
  createAccountFailureFor(email: string): string | undefined {
    const suffix = /\+fail-([a-z0-9-]+)@/i.exec(email)?.[1]?.toLowerCase();
    if (suffix) {
      return (
        EMAIL_FAILURE_SUFFIXES[suffix] ??
        suffix.toUpperCase().replace(/-/g, '_')
      );
    }
    for (const entry of this.#rules) {
      const rule = entry.rule;
      if (rule.kind !== 'createAccountFailure') continue;
      if (rule.emailPattern && !new RegExp(rule.emailPattern, 'i').test(email))
        continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.rate !== undefined && entry.rng.next() >= rule.rate) continue;
      rule.fired++;
      return rule.failureReason;
    }
    return undefined;
  }

  /** Whether DetectStackSetDrift finds this account's stack instances DRIFTED. */
  stackInstanceDriftedFor(account: string): boolean {
    return this.#rules.some(
      ({ rule }) =>
        rule.kind === 'stackInstanceDrift' &&
        (!rule.accountPattern || new RegExp(rule.accountPattern).test(account)),
    );
  }

  /** The StatusReason a new stack instance in this account must fail with, if any. */
  stackInstanceFailureFor(account: string): string | undefined {
    const rule = this.#accountRule('stackInstanceFailure', account);
    if (!rule) return undefined;
    return (
      rule.statusReason ??
      'ResourceLogicalId:TenancyReadRole, ResourceType:AWS::IAM::Role, ResourceStatusReason:Injected failure.'
    );
  }

  /** How a new Step Functions execution for this account must fail, if it must. */
  executionFailureFor(
    account: string,
  ): { error: string; cause: string } | undefined {
    const rule = this.#accountRule('executionFailure', account);
    if (!rule) return undefined;
    return {
      error: rule.error ?? 'States.TaskFailed',
      cause: rule.cause ?? 'Injected failure of the tenant stack deployment.',
    };
  }

  /** The first rule of this kind that fires for the account (consumes its rate and count). */
  #accountRule<K extends 'stackInstanceFailure' | 'executionFailure'>(
    kind: K,
    account: string,
  ): Extract<ActiveFaultRule, { kind: K }> | undefined {
    for (const entry of this.#rules) {
      const rule = entry.rule;
      if (rule.kind !== kind) continue;
      const pattern = (rule as { accountPattern?: string }).accountPattern;
      if (pattern && !new RegExp(pattern).test(account)) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.rate !== undefined && entry.rng.next() >= rule.rate) continue;
      rule.fired++;
      return rule as Extract<ActiveFaultRule, { kind: K }>;
    }
    return undefined;
  }

  #fires(
    entry: { rule: ActiveFaultRule; rng: Rng },
    service: FaultTarget,
    op: string,
  ) {
    const rule = entry.rule;
    if (
      rule.service &&
      rule.service !== service.name &&
      rule.service !== service.signingName
    ) {
      return false;
    }
    if (rule.operation && rule.operation !== op) return false;
    if (rule.count !== undefined && rule.fired >= rule.count) return false;
    if (rule.rate !== undefined && entry.rng.next() >= rule.rate) return false;
    rule.fired++;
    return true;
  }

  #allowedByRateLimit(service: FaultTarget, operation: string): boolean {
    const limit = this.#limits.find(
      l =>
        (l.service === service.name || l.service === service.signingName) &&
        (!l.operation || l.operation === operation),
    );
    if (!limit) return true;
    const key = `${service.name}.${limit.operation ?? '*'}`;
    const now = performance.now();
    const bucket = this.#buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond,
    );
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** The service's real throttling error. @public */
export function throttlingError(service: FaultTarget): AwsServiceError {
  const t = service.throttlingError ?? {
    code: 'ThrottlingException',
    httpStatus: 400,
    message: 'Rate exceeded',
  };
  return new AwsServiceError(t.code, t.message, { httpStatus: t.httpStatus });
}
