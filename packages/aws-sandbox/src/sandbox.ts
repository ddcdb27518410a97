import { AddressInfo } from 'node:net';
import type { SandboxClock } from './core/clock';
import type { FaultController } from './core/faults';
import type { SandboxState } from './core/state';
import type { ResolvedSandboxOptions, SandboxOptions } from './core/options';
import { SandboxRuntime, SandboxStats } from './core/runtime';
import { createSandboxServer, simulationContext } from './server/server';
import { demoStep } from './simulation/liveEvents';
import { sandboxServices } from './services';
import { seedDemoBudgets } from './services/budgets/demoBudgets';

/** A running sandbox. @public */
export interface RunningSandbox {
  /** Base URL for the SDK's `endpoint` option, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  port: number;
  /** Stops the server (and writes the state file, if any). */
  stop(): Promise<void>;
  /** The clock: `set`/`advance` it to move simulated time. */
  clock: SandboxClock;
  /** Fault injection and rate limits. */
  faults: FaultController;
  /** Calls by service and operation since the last reset. */
  stats(): SandboxStats;
  resetStats(): void;
  /** The live state (organization, CreateAccount requests, StackSets, budgets, executions). */
  readonly state: SandboxState;
  options: ResolvedSandboxOptions;
  /**
   * Regenerates the state from seed and tenant count; with `organization`, from that seed and/or
   * tenant count instead (as a sandbox started with them at the clock's time), on the same
   * server. @throws RangeError on a tenant count outside 5..10,000.
   */
  reset(organization?: { seed?: number; tenants?: number }): void;
}

/**
 * Starts the sandbox HTTP server on 127.0.0.1. Point SDK v3 clients at `endpoint` with any
 * static credentials (e.g. `sandbox`/`sandbox`) and region `us-east-1`.
 * @throws RangeError on a tenant count outside 5..10,000; the listen error when the port is taken.
 * @public
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<RunningSandbox> {
  const runtime = new SandboxRuntime(options, sandboxServices);
  const server = createSandboxServer(runtime);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(runtime.options.port, runtime.options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // --demo: a few tenants' vend-time budgets, one over and one forecast over (unless the state
  // file already has budgets); alarms flip and findings appear over time, each published as its
  // EventBridge event.
  if (runtime.options.demo) seedDemoBudgets(simulationContext(runtime));
  let step = 0;
  const everyMs = (options.demoEventsEverySeconds ?? 15) * 1000;
  const demoTimer =
    runtime.options.demo && everyMs > 0
      ? setInterval(() => {
          demoStep(simulationContext(runtime), ++step);
          runtime.afterCall('Sandbox', 'Simulate', 'OK');
        }, everyMs)
      : undefined;
  demoTimer?.unref();
  return {
    endpoint: `http://${runtime.options.host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(demoTimer);
        runtime.save();
        server.close(e => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
    clock: runtime.clock,
    faults: runtime.faults,
    stats: () => runtime.stats(),
    resetStats: () => runtime.resetStats(),
    get state() {
      return runtime.state;
    },
    options: runtime.options,
    reset: organization => runtime.reset(organization),
  };
}
