import { StandardRetryStrategy } from '@smithy/util-retry';
import type {
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryBackoffStrategy,
  StandardRetryToken,
} from '@smithy/types';

/** Default attempts per call (first attempt included). @public */
export const DEFAULT_AWS_MAX_ATTEMPTS = 8;

/**
 * Error names the SDK does not treat as retryable but that AWS documents as "try again":
 * Organizations answers concurrent writes to the same organization with
 * `ConcurrentModificationException` and throttles with `TooManyRequestsException` (HTTP 400).
 *
 * @public
 */
export const EXTRA_RETRYABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'TooManyRequestsException',
  'ConcurrentModificationException',
]);

/** Options of {@link createTenancyRetryStrategy}. @public */
export interface TenancyRetryStrategyOptions {
  /** Attempts per call including the first; default {@link DEFAULT_AWS_MAX_ATTEMPTS}. */
  maxAttempts?: number;
  /** Base of the exponential backoff in milliseconds; default 500. */
  baseDelayMs?: number;
  /** Cap of a single backoff in milliseconds; default 20,000. */
  maxDelayMs?: number;
  /** Random source in [0, 1) for the jitter (tests pin it). */
  random?: () => number;
}

/**
 * Full-jitter exponential backoff: `random() * min(cap, base * 2^attempt)` milliseconds.
 * The SDK's own throttling base (1 s) is replaced by the configured base so tests and
 * configuration control the wait.
 */
class JitteredBackoff implements StandardRetryBackoffStrategy {
  constructor(
    private readonly baseMs: number,
    private readonly capMs: number,
    private readonly random: () => number,
  ) {}

  computeNextBackoffDelay(retryAttempt: number): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** retryAttempt);
    return Math.floor(this.random() * ceiling);
  }

  setDelayBase(_delayBase: number): void {
    // The base is configuration (tenancy.aws.retryBaseDelayMs), not the SDK's per-error default.
  }
}

/**
 * The one retry policy of every Tenancy AWS client: the SDK's `StandardRetryStrategy`
 * (`@smithy/util-retry`) with jittered exponential backoff and `maxAttempts` attempts, which
 * additionally classifies Organizations' `TooManyRequestsException` and
 * `ConcurrentModificationException` as throttling errors so they are retried (docs/aws-behaviours/vending.md, throttled writes).
 *
 * @public
 */
export function createTenancyRetryStrategy(
  options: TenancyRetryStrategyOptions = {},
): RetryStrategyV2 {
  const maxAttempts = options.maxAttempts ?? DEFAULT_AWS_MAX_ATTEMPTS;
  const backoff = new JitteredBackoff(
    options.baseDelayMs ?? 500,
    options.maxDelayMs ?? 20_000,
    options.random ?? Math.random,
  );
  const inner = new StandardRetryStrategy({
    maxAttempts,
    baseDelay: options.baseDelayMs ?? 500,
    backoff,
  });
  return {
    acquireInitialRetryToken: (scope: string) =>
      inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token: RetryToken, info: RetryErrorInfo) =>
      inner.refreshRetryTokenForRetry(
        token as StandardRetryToken,
        classify(info),
      ),
    recordSuccess: (token: RetryToken) =>
      inner.recordSuccess(token as StandardRetryToken),
  };
}

function classify(info: RetryErrorInfo): RetryErrorInfo {
  const name = (info.error as { name?: string } | undefined)?.name;
  if (name && EXTRA_RETRYABLE_ERROR_NAMES.has(name)) {
    return { ...info, errorType: 'THROTTLING' };
  }
  return info;
}
