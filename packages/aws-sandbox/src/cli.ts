/**
 * `aws-sandbox [--port 4566] [--tenants 50] [--seed 1] [--state <file>] [--demo]
 *   [--clock <ISO time>|real] [--rate-limits] [--scp-max-size N] [--scps-per-target N]
 *   [--account-quota N] [--fault <json rule>]... [--events-every SECONDS]`
 *
 * Prints the endpoint URL as the first line of output, then one log line per state change.
 */
import { parseArgs } from 'node:util';
import { FaultRule } from './core/faults';
import { startSandbox } from './sandbox';

const USAGE = `usage: aws-sandbox [--port 4566] [--tenants 50] [--seed 1] [--state FILE] [--demo]
  [--clock ISO|real] [--rate-limits] [--scp-max-size N] [--scps-per-target N]
  [--account-quota N] [--fault JSON]... [--events-every SECONDS]
A local AWS endpoint for development and tests only (Organizations, STS, CloudFormation
StackSets, Budgets, Step Functions, Cost Explorer, CloudWatch, Config, GuardDuty, SQS).`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new Error(`--${name} must be an integer, got '${value}'`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      tenants: { type: 'string' },
      seed: { type: 'string' },
      state: { type: 'string' },
      demo: { type: 'boolean' },
      clock: { type: 'string' },
      'rate-limits': { type: 'boolean' },
      'scp-max-size': { type: 'string' },
      'scps-per-target': { type: 'string' },
      'account-quota': { type: 'string' },
      'events-every': { type: 'string' },
      fault: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const faults = (values.fault ?? []).map(f => JSON.parse(f) as FaultRule);
  const limits = Object.fromEntries(
    Object.entries({
      scpMaxSize: integer('scp-max-size', values['scp-max-size']),
      scpsPerTarget: integer('scps-per-target', values['scps-per-target']),
      accountQuota: integer('account-quota', values['account-quota']),
    }).filter(([, v]) => v !== undefined),
  );
  const started = Date.now();
  const sandbox = await startSandbox({
    port: integer('port', values.port) ?? 4566,
    host: values.host,
    tenants: integer('tenants', values.tenants) ?? 50,
    seed: integer('seed', values.seed) ?? 1,
    stateFile: values.state,
    demo: values.demo ?? false,
    demoEventsEverySeconds: integer('events-every', values['events-every']),
    clock: values.clock ?? (values.demo || values.state ? 'real' : undefined),
    rateLimits: values['rate-limits'] ?? false,
    limits,
    faults,
    log: line => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${sandbox.endpoint}\n`);
  process.stdout.write(
    `aws-sandbox: ${sandbox.options.tenants} tenants, seed ${sandbox.options.seed}, ` +
      `clock ${sandbox.clock.mode} (${sandbox.clock.now().toISOString()}), ` +
      `${sandbox.options.demo ? 'demo durations' : 'instant operations'}, ` +
      `started in ${Date.now() - started} ms. Development and tests only.\n`,
  );
  const stop = () => {
    sandbox.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`aws-sandbox: ${(e as Error).message}\n${USAGE}\n`);
  process.exit(1);
});
