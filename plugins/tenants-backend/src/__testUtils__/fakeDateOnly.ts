/**
 * Fakes only `Date` (standing at `now`, or moving on from it with `advance`); timers, ticks and
 * `performance` stay real, so HTTP, SDK backoff and the in-process sandbox run as usual and the
 * SDK reads the same clock as the sandbox's `Date` header (no clock-skew retries; see
 * `sandboxClock.test.ts`).
 */
export function fakeDateOnly(now: Date, opts: { advance?: boolean } = {}) {
  jest.useFakeTimers({
    now,
    ...(opts.advance ? { advanceTimers: true } : {}),
    doNotFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'setImmediate',
      'clearImmediate',
      'nextTick',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}
