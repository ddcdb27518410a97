/**
 * Start-together check (run by `make test`): starts `replicas` backend replicas of the tenants
 * plugin at the same instant on an empty PostgreSQL database (fresh database prefix per try)
 * with Redis, `tries` times, and checks that every replica serves `GET /api/tenants/refresh-runs`
 * within 120 s without being restarted. Acts as the orchestrator would: a replica process that
 * exits is started again (counted as a restart, which fails the try). Prints one line per
 * try and a closing `start-together:` line; exits 1 when a try failed.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/scale-out-startup-check.ts [tries=3] [replicas=2]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startSandbox } from '@tenancy/aws-sandbox';
import {
  dropDatabases,
  getJson,
  planReplicas,
  scratchDir,
  startReplica,
  stopReplicas,
  type Replica,
} from './scaleOutReplicas';

const tries = Number(process.argv[2] ?? 3);
const count = Number(process.argv[3] ?? 2);
const SERVE_WITHIN_MS = 120_000;
const MAX_RESTARTS = 3;

const FAILURE_LINE =
  /already exists|already locked|startup failed|failed to start|Error:|lock timeout/i;

/** The log lines naming a start-up failure (colours removed, each cut at 300 characters). */
function failureLines(r: Replica): string[] {
  // eslint-disable-next-line no-control-regex
  const log = readFileSync(r.logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  return log
    .split('\n')
    .filter(l => FAILURE_LINE.test(l))
    .map(l => l.slice(0, 300));
}

/** Prints what a failed try's replicas logged, so that CI's output says why. */
function printFailures(replicas: Replica[]) {
  for (const r of replicas) {
    const lines = failureLines(r);
    console.log(
      `  ${r.name} (started ${r.starts} time(s), exits ${JSON.stringify(
        r.exits,
      )}, log ${r.logFile}): ${lines.length} failure line(s)`,
    );
    for (const line of lines.slice(0, 12)) console.log(`    ${line}`);
  }
}

async function oneTry(n: number, endpoint: string): Promise<boolean> {
  const prefix = `tenancy_start_${randomBytes(4).toString('hex')}_`;
  const dir = scratchDir();
  const replicas = await planReplicas(count, dir);
  const t0 = Date.now();
  const servedAt = new Map<string, number>();
  let stopping = false;
  const launch = (r: Replica) => {
    const child = startReplica(r, {
      dir,
      prefix,
      sandboxEndpoint: endpoint,
      refresh: { initialDelay: { seconds: 5 } },
    });
    child.once('exit', () => {
      if (!stopping && r.starts <= MAX_RESTARTS) launch(r);
    });
  };
  try {
    for (const r of replicas) launch(r);
    const deadline = t0 + SERVE_WITHIN_MS;
    while (servedAt.size < replicas.length && Date.now() < deadline) {
      await Promise.all(
        replicas
          .filter(r => !servedAt.has(r.name))
          .map(async r => {
            try {
              await getJson(r, '/refresh-runs?limit=1');
              servedAt.set(r.name, Date.now() - t0);
            } catch {
              // not serving yet
            }
          }),
      );
      await new Promise(res => setTimeout(res, 250));
    }
  } finally {
    stopping = true;
    await stopReplicas(replicas);
    await dropDatabases(prefix);
  }
  const restarts = replicas.reduce((s, r) => s + r.starts - 1, 0);
  const parts = replicas.map(r => {
    const ms = servedAt.get(r.name);
    if (ms !== undefined)
      return `${r.name} serves after ${(ms / 1000).toFixed(1)} s`;
    return `${r.name} does NOT serve (${
      failureLines(r)[0] ?? 'no error logged'
    })`;
  });
  const ok = servedAt.size === replicas.length && restarts === 0;
  console.log(
    `try ${n}: ${parts.join('; ')}; restarts ${restarts} → ${
      ok ? 'ok' : 'FAILED'
    }`,
  );
  if (!ok) printFailures(replicas);
  return ok;
}

async function main() {
  const sandbox = await startSandbox({ port: 0, tenants: 20, seed: 3 });
  let passed = 0;
  try {
    for (let n = 1; n <= tries; n++) {
      if (await oneTry(n, sandbox.endpoint)) passed++;
    }
  } finally {
    await sandbox.stop();
  }
  console.log(
    `start-together: ${passed} of ${tries} tries had all ${count} replicas serving without a restart`,
  );
  process.exitCode = passed === tries ? 0 : 1;
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
