/**
 * The sandbox runtime: state, clock, faults, metering and persistence, independent of HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClock, SandboxClock } from './clock';
import { SandboxData } from './context';
import { AWS_LIKE_RATE_LIMITS, FaultController } from './faults';
import { createInitialState } from './initialState';
import { createRng } from './random';
import { SandboxState, stateFromJson, stateToJson } from './state';
import {
  ResolvedSandboxOptions,
  resolveOptions,
  SandboxOptions,
} from './options';
import { ServiceDefinition } from './service';

/** Calls counted since the last reset. @public */
export interface SandboxStats {
  /** When counting started (sandbox time, ISO-8601). */
  since: string;
  total: number;
  /** Calls by `Service.Operation`, e.g. `Organizations.ListAccountsForParent`. */
  calls: Record<string, number>;
  /** Calls by service, then operation. */
  byService: Record<string, Record<string, number>>;
  /** Error answers by `Service.Operation.ErrorCode`. */
  errors: Record<string, number>;
  /** Calls answered with the service's throttling error (faults and rate limits). */
  throttled: number;
}

const READ_ONLY = /^(Describe|List|Get)/;

export class SandboxRuntime {
  readonly options: ResolvedSandboxOptions;
  readonly clock: SandboxClock;
  readonly faults: FaultController;
  readonly services: ServiceDefinition[];
  /** Derived data of the services (reset with the state). */
  data: SandboxData;
  state: SandboxState;
  #stats!: SandboxStats;
  #requests = 0;
  #saveTimer?: NodeJS.Timeout;

  readonly log?: (line: string) => void;

  constructor(options: SandboxOptions, services: ServiceDefinition[]) {
    this.log = options.log;
    this.options = resolveOptions(options);
    this.clock = createClock(
      options.clock ?? (options.demo ? 'real' : undefined),
    );
    this.services = services;
    const limits =
      options.rateLimits === true
        ? AWS_LIKE_RATE_LIMITS
        : options.rateLimits || [];
    this.faults = new FaultController(
      this.options.seed,
      options.faults,
      limits,
    );
    this.data = new SandboxData(this.options.seed);
    this.state = this.#loadOrCreate();
    this.resetStats();
  }

  /** The service with this SigV4 signing name. */
  serviceBySigningName(name: string): ServiceDefinition | undefined {
    return this.services.find(s => s.signingName === name);
  }
  /** The JSON service with this X-Amz-Target prefix (requests without SigV4). */
  serviceByTarget(prefix: string): ServiceDefinition | undefined {
    return this.services.find(s => s.targetPrefix === prefix);
  }

  /** A deterministic request id (UUID form), the n-th of this run. */
  nextRequestId(): string {
    const rng = createRng(this.options.seed, 'request', ++this.#requests);
    const h = rng.chars(32, '0123456789abcdef');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
      16,
      20,
    )}-${h.slice(20)}`;
  }

  stats(): SandboxStats {
    return JSON.parse(JSON.stringify(this.#stats));
  }
  resetStats(): void {
    this.#stats = {
      since: this.clock.now().toISOString(),
      total: 0,
      calls: {},
      byService: {},
      errors: {},
      throttled: 0,
    };
  }
  recordCall(service: string, operation: string): void {
    const s = this.#stats;
    s.total++;
    const key = `${service}.${operation}`;
    s.calls[key] = (s.calls[key] ?? 0) + 1;
    const ops = (s.byService[service] ??= {});
    ops[operation] = (ops[operation] ?? 0) + 1;
  }
  recordError(
    service: ServiceDefinition,
    operation: string,
    code: string,
  ): void {
    const key = `${service.name}.${operation}.${code}`;
    this.#stats.errors[key] = (this.#stats.errors[key] ?? 0) + 1;
    const throttleCode = service.throttlingError?.code ?? 'ThrottlingException';
    if (code === throttleCode) this.#stats.throttled++;
  }

  /** After a call: logs it and schedules a state file write when it may have changed state. */
  afterCall(service: string, operation: string, outcome: string): void {
    if (this.log && (outcome !== 'OK' || !READ_ONLY.test(operation))) {
      this.log(
        `${this.clock.now().toISOString()} ${service}.${operation} ${outcome}`,
      );
    }
    // Reads may settle simulated work too (a CreateAccount finishing): save those less eagerly.
    if (!this.options.stateFile || this.#saveTimer) return;
    this.#saveTimer = setTimeout(
      () => {
        this.#saveTimer = undefined;
        this.save();
      },
      READ_ONLY.test(operation) ? 1_000 : 50,
    );
    this.#saveTimer.unref?.();
  }

  /** Writes the state file now (atomically). No-op without a state file. */
  save(): void {
    if (this.#saveTimer) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = undefined;
    }
    const file = this.options.stateFile;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(stateToJson(this.state)));
    fs.renameSync(tmp, file);
  }

  /**
   * Regenerates the state from seed and tenant count (drops vended accounts). With
   * `organization`, from that seed and/or tenant count instead: the organization a sandbox
   * started with them at the clock's time would hold, without starting another server.
   * @throws RangeError on a tenant count outside 5..10,000 (nothing changes then).
   */
  reset(organization?: { seed?: number; tenants?: number }): void {
    if (organization) {
      const seed = organization.seed ?? this.options.seed;
      const tenants = organization.tenants ?? this.options.tenants;
      const resolved = resolveOptions({ seed, tenants });
      this.options.seed = resolved.seed;
      this.options.tenants = resolved.tenants;
      this.options.limits.accountQuota = Math.max(
        this.options.limits.accountQuota,
        resolved.limits.accountQuota,
      );
      this.data = new SandboxData(seed);
      this.#requests = 0;
    }
    this.state = createInitialState(
      this.options,
      this.clock.now(),
      this.services,
    );
    this.data.reset();
    this.save();
  }

  #loadOrCreate(): SandboxState {
    const file = this.options.stateFile;
    if (file && fs.existsSync(file)) {
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (
        data.seed === this.options.seed &&
        data.tenants === this.options.tenants
      ) {
        return stateFromJson(data);
      }
    }
    const state = createInitialState(
      this.options,
      this.clock.now(),
      this.services,
    );
    if (file) {
      this.state = state;
      this.save();
    }
    return state;
  }
}
