import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionClock } from './clock';

/** One look at something being waited on. */
export interface PollResult<T> {
  done: boolean;
  /** Short status for the progress line, e.g. `IN_PROGRESS`. */
  status: string;
  value?: T;
}

/** Options of {@link pollUntil}. */
export interface PollOptions<T> {
  /** What is waited on, for the progress lines, e.g. `CreateAccount request car-1`. */
  what: string;
  check: () => Promise<PollResult<T>>;
  timeoutSeconds: number;
  poll: { initialSeconds: number; maxSeconds: number };
  clock: ActionClock;
  logger: LoggerService;
  signal?: AbortSignal;
  /** What to tell the user when the deadline passes. */
  onTimeout?: string;
}

/**
 * Polls `check` until it says done, with jittered exponential backoff (first interval, ×1.5,
 * capped at `maxSeconds` ≤ 30 s) and a progress line after every look, so a line shows at least
 * every 30 s. Throws when the deadline passes.
 */
export async function pollUntil<T>(opts: PollOptions<T>): Promise<T> {
  const start = opts.clock.now();
  const deadline = start + opts.timeoutSeconds * 1000;
  const cap = Math.min(opts.poll.maxSeconds, 30) * 1000;
  let interval = Math.min(opts.poll.initialSeconds * 1000, cap);
  for (;;) {
    const result = await opts.check();
    const elapsed = Math.round((opts.clock.now() - start) / 1000);
    if (result.done) {
      opts.logger.info(`${opts.what}: ${result.status} after ${elapsed} s`);
      return result.value as T;
    }
    opts.logger.info(
      `${opts.what}: ${result.status}, waiting (${elapsed} s elapsed)`,
    );
    const left = deadline - opts.clock.now();
    if (left <= 0) {
      throw new Error(
        `${opts.what} did not finish within ${
          opts.timeoutSeconds
        } s (last status ${result.status}). ${
          opts.onTimeout ?? 'Run the template again to resume waiting.'
        }`,
      );
    }
    const jittered = Math.round(interval * (0.75 + Math.random() * 0.25));
    await opts.clock.sleep(Math.min(jittered, left), opts.signal);
    interval = Math.min(cap, Math.round(interval * 1.5));
  }
}
