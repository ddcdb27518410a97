/**
 * The sandbox as a child process, for scripts and benchmarks that must not share its CPU or
 * event loop (the in-process way is `startSandbox`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** Options of {@link startSandboxProcess}. @public */
export interface SandboxProcessOptions {
  /** Number of tenant accounts, 5 to 10,000. Default 50. */
  tenants?: number;
  /** Seed of every generated value. Default 1. */
  seed?: number;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** More CLI arguments, e.g. `['--clock', 'real']`, `['--demo']`, `['--fault', json]` (see `aws-sandbox --help`). */
  args?: string[];
  /** Receives the child's log lines (one per state change or error answer); default: dropped. */
  log?: (line: string) => void;
  /** How long to wait for the endpoint line, in milliseconds. Default 60,000. */
  startTimeoutMs?: number;
}

/** A sandbox running as a child process. @public */
export interface SandboxProcess {
  /** Base URL for the SDK's `endpoint` option, e.g. `http://127.0.0.1:41234`. */
  endpoint: string;
  /** The child's process id. */
  pid: number;
  /** Stops the child (SIGTERM, then SIGKILL after 5 seconds) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** The CLI entry point this package ships (`bin/aws-sandbox`). */
function cliPath(): string {
  const pkg = require.resolve('@tenancy/aws-sandbox/package.json');
  return path.join(path.dirname(pkg), 'bin', 'aws-sandbox');
}

/**
 * Starts the sandbox CLI as a child process of this Node.js and waits until it listens.
 * The child's stderr goes to this process's stderr.
 * @returns the endpoint it printed and a `stop` that ends it.
 * @throws Error when the child exits or prints nothing within `startTimeoutMs`.
 * @public
 */
export async function startSandboxProcess(
  options: SandboxProcessOptions = {},
): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [
      cliPath(),
      '--port',
      String(options.port ?? 0),
      '--tenants',
      String(options.tenants ?? 50),
      '--seed',
      String(options.seed ?? 1),
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const lines = readline.createInterface({ input: child.stdout! });
  let endpoint: string | undefined;
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('aws-sandbox did not print its endpoint in time'));
    }, options.startTimeoutMs ?? 60_000);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`aws-sandbox exited with ${code} before listening`));
    });
    lines.on('line', line => {
      if (endpoint === undefined) {
        endpoint = line.trim();
        clearTimeout(timer);
        resolve(endpoint);
      } else {
        options.log?.(line);
      }
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(force);
  };
  try {
    return { endpoint: await started, pid: child.pid!, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
