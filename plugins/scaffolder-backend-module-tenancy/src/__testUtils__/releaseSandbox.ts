/**
 * The release actions against the in-process AWS sandbox: real SDK clients, the release store
 * on SQLite, and an action clock that is the sandbox's manual clock (a wait moves simulated
 * time, so StackSet operations finish without wall-clock time).
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import type { TenancyActionDeps } from '../deps';
import { readReleaseSettings } from '../lib/releases/releaseSettings';
import { KnexReleaseStore } from '../lib/releases/releaseStore';
import { readVendingSettings } from '../settings';
import { testDeps } from './harness';
import { CENTRAL_CONFIG, sandboxClients } from './vendingSandbox';

/** A sandbox, deps wired to it, and the count of each StackSet write. */
export interface ReleaseSandbox {
  sandbox: RunningSandbox;
  deps: TenancyActionDeps;
  /** Calls of each CloudFormation write so far, e.g. `{ UpdateStackSet: 1 }` (zeros omitted). */
  writes(): Record<string, number>;
  /** Every call that is not List*, Describe* or Get*, any service. */
  mutating(): number;
  /**
   * Holds every action-clock wait until `release()` (to keep a rollout running); `crash()`
   * makes the held waits and the next ones reject with `backend stopped` until `release()`.
   */
  gate(): { release(): void; crash(): void };
  stop(): Promise<void>;
}

/** The state machine of pipeline rollouts (one the sandbox's management account has). */
export const PIPELINE_MACHINE =
  'arn:aws:states:us-east-1:000000000000:stateMachine:tenant-stack-deployment';

/** A template body per version. */
export const templateOf = (version: string) =>
  JSON.stringify({ Description: `tenant stack ${version}`, Resources: {} });

export async function startReleaseSandbox(
  databases: TestDatabases,
  options: {
    tenants?: number;
    stackInstanceMs?: number;
    /** The actions' poll interval, seconds (default 30 and 30). */
    poll?: { initialSeconds: number; maxSeconds: number };
    /** Releases go through the sandbox's Step Functions state machine {@link PIPELINE_MACHINE}. */
    pipeline?: boolean;
    /** The sandbox's ListExecutions lag (eventual consistency), ms of sandbox time. */
    executionListLagMs?: number;
  } = {},
): Promise<ReleaseSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    seed: 5,
    tenants: options.tenants ?? 20,
    durations: {
      stackSetOperationMs: 30_000,
      stackInstanceMs: options.stackInstanceMs ?? 60_000,
      executionMs: 90_000,
      executionListLagMs: options.executionListLagMs ?? 0,
    },
  });
  const clients = sandboxClients(sandbox.endpoint);
  const config = new ConfigReader({
    tenancy: {
      ...CENTRAL_CONFIG,
      ...(options.pipeline
        ? {
            releases: {
              target: 'pipeline',
              pipeline: { stateMachineArn: PIPELINE_MACHINE },
            },
          }
        : {}),
    },
  });
  let held: Promise<void> | undefined;
  let crashed = false;
  const clock = {
    now: () => sandbox.clock.nowMs(),
    sleep: async (ms: number) => {
      if (held) await held;
      if (crashed) throw new Error('backend stopped');
      sandbox.clock.advance(ms);
    },
  };
  const base = testDeps().deps;
  const deps: TenancyActionDeps = {
    ...base,
    clients: clients.factory,
    settings: {
      ...readVendingSettings(config),
      poll: options.poll ?? { initialSeconds: 30, maxSeconds: 30 },
    },
    clock,
    releases: {
      settings: readReleaseSettings(config),
      store: new KnexReleaseStore(await databases.init('SQLITE_3')),
    },
  };
  const calls = () => sandbox.stats().calls as Record<string, number>;
  return {
    sandbox,
    deps,
    writes: () =>
      Object.fromEntries(
        Object.entries(calls())
          .filter(
            ([op, n]) =>
              n > 0 &&
              /^(CloudFormation|SFN)\.(Create|Update|Detect|Stop|Delete|Start)/.test(
                op,
              ),
          )
          .map(([op, n]) => [op.replace(/^CloudFormation\./, ''), n]),
      ),
    mutating: () =>
      Object.entries(calls())
        .filter(([op]) => !/\.(List|Describe|Get)/.test(op))
        .reduce((n, [, c]) => n + (c ?? 0), 0),
    gate: () => {
      let open = () => {};
      held = new Promise<void>(r => {
        open = r;
      });
      return {
        release: () => {
          crashed = false;
          held = undefined;
          open();
        },
        crash: () => {
          crashed = true;
          const wake = open;
          held = new Promise<void>(r => {
            open = r;
          });
          wake();
        },
      };
    },
    stop: async () => {
      clients.destroy();
      await sandbox.stop();
    },
  };
}
