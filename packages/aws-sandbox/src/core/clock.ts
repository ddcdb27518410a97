/**
 * The sandbox clock. Everything time-dependent in the sandbox (CreateAccount and StackSet
 * operations finishing, Step Functions executions, generated metric and cost data) reads it.
 *
 * Two modes: `manual` (the default for tests: time stands still at its start until a test
 * calls `set` or `advance`) and `real` (the demo: wall-clock time plus an offset that
 * `set`/`advance` move).
 */

/** A time source that tests can move. @public */
export interface SandboxClock {
  /** Current sandbox time (UTC). */
  now(): Date;
  /** Current sandbox time in epoch milliseconds. */
  nowMs(): number;
  /** Jump to a time (ISO-8601 string, Date or epoch ms). Time may go backwards. */
  set(time: Date | string | number): void;
  /** Move forward by `ms` milliseconds (negative moves back). */
  advance(ms: number): void;
  /** `manual` or `real`. */
  readonly mode: 'manual' | 'real';
}

/** The start of the manual clock unless told otherwise: 2026-03-15T12:00:00.000Z. @public */
export const DEFAULT_SANDBOX_TIME = '2026-03-15T12:00:00.000Z';

function toMs(time: Date | string | number): number {
  let ms: number;
  if (typeof time === 'number') ms = time;
  else if (typeof time === 'string') ms = Date.parse(time);
  else ms = time.getTime();
  if (!Number.isFinite(ms)) {
    throw new TypeError(`Invalid time: ${String(time)}`);
  }
  return ms;
}

class ManualClock implements SandboxClock {
  readonly mode = 'manual' as const;
  #ms: number;
  constructor(start: Date | string | number) {
    this.#ms = toMs(start);
  }
  now() {
    return new Date(this.#ms);
  }
  nowMs() {
    return this.#ms;
  }
  set(time: Date | string | number) {
    this.#ms = toMs(time);
  }
  advance(ms: number) {
    this.#ms += ms;
  }
}

class RealClock implements SandboxClock {
  readonly mode = 'real' as const;
  #offset = 0;
  now() {
    return new Date(this.nowMs());
  }
  nowMs() {
    return Date.now() + this.#offset;
  }
  set(time: Date | string | number) {
    this.#offset = toMs(time) - Date.now();
  }
  advance(ms: number) {
    this.#offset += ms;
  }
}

/**
 * Creates a clock. `'real'` follows wall-clock time; a Date, ISO string or epoch ms gives a
 * manual clock starting there; nothing gives a manual clock at {@link DEFAULT_SANDBOX_TIME}.
 * @public
 */
export function createClock(
  start?: Date | string | number | 'real' | SandboxClock,
): SandboxClock {
  if (start && typeof start === 'object' && 'nowMs' in start) {
    return start;
  }
  if (start === 'real') {
    return new RealClock();
  }
  return new ManualClock(
    (start as Date | string | number | undefined) ?? DEFAULT_SANDBOX_TIME,
  );
}
