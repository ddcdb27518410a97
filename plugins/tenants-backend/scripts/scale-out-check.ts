/**
 * Scale-out check: two backend replicas of the tenants plugin on the machine's PostgreSQL
 * (one shared plugin database) and Redis (the cache), refreshing every few seconds from an
 * AWS sandbox. Prints how many scheduled refreshes each replica ran (each run must run on
 * exactly one replica: no two runs overlap, every run was logged by one replica) and whether
 * both replicas serve the same data.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/scale-out-check.ts [seconds]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { stringify } from 'yaml';
import { startSandbox } from '@tenancy/aws-sandbox';

const TOKEN = 'scale-out-check-token-0123456789';
const seconds = Number(process.argv[2] ?? 40);

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function main() {
  const sandbox = await startSandbox({ port: 0, tenants: 50, seed: 3 });
  const prefix = `tenancy_scale_${Date.now()}_`;
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-scale-'));
  const replicas: Array<{
    name: string;
    port: number;
    child?: ChildProcess;
    runs: Set<string>;
  }> = [];
  for (const name of ['replica-a', 'replica-b']) {
    replicas.push({ name, port: await freePort(), runs: new Set() });
  }
  for (const r of replicas) {
    const baseUrl = `http://127.0.0.1:${r.port}`;
    const config = {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port: r.port, host: '127.0.0.1' },
        database: {
          client: 'pg',
          connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
          prefix,
        },
        cache: { store: 'redis', connection: 'redis://127.0.0.1:6379' },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: TOKEN, subject: 'scale-out-check' },
            },
          ],
        },
      },
      permission: { enabled: false },
      aws: {
        mainAccount: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      },
      tenancy: {
        aws: {
          endpoint: sandbox.endpoint,
          region: 'us-east-1',
          managementAccountId: '000000000000',
          monitoringAccountId: '000000000001',
          securityAccountId: '000000000002',
        },
        tenants: { ouPath: '/Tenants', extraOuPaths: ['/Suspended'] },
        refresh: {
          frequency: { seconds: 3 },
          timeout: { seconds: 60 },
          initialDelay: { seconds: 2 },
        },
      },
    };
    const file = join(dir, `${r.name}.yaml`);
    writeFileSync(file, stringify(config));
    r.child = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        resolve(__dirname, 'scale-out-replica.ts'),
        '--config',
        file,
      ],
      {
        cwd: resolve(__dirname, '../../..'),
        env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const onLine = (chunk: Buffer) => {
      for (const m of chunk
        .toString()
        .matchAll(/Refresh ([0-9a-f-]{36}) (succeeded|failed)/g))
        r.runs.add(m[1]);
    };
    r.child.stdout!.on('data', onLine);
    r.child.stderr!.on('data', onLine);
  }

  const get = async (r: (typeof replicas)[number], path: string) => {
    const res = await fetch(`http://127.0.0.1:${r.port}/api/tenants${path}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (!res.ok) throw new Error(`${r.name} ${path}: ${res.status}`);
    return res.json() as Promise<any>;
  };

  try {
    const deadline = Date.now() + 120_000;
    for (const r of replicas) {
      for (;;) {
        try {
          await get(r, '/refresh-runs?limit=1');
          break;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          await new Promise(res => setTimeout(res, 500));
        }
      }
    }
    console.log(
      `both replicas up (ports ${replicas
        .map(r => r.port)
        .join(', ')}); refreshing every 3 s for ${seconds} s…`,
    );
    await new Promise(res => setTimeout(res, seconds * 1000));

    const runs = (await get(replicas[0], '/refresh-runs?limit=100'))
      .items as Array<{
      id: string;
      startedAt: string;
      finishedAt: string | null;
      status: string;
    }>;
    const finished = runs
      .filter(r => r.finishedAt)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    let overlaps = 0;
    for (let i = 1; i < finished.length; i++) {
      if (finished[i].startedAt < finished[i - 1].finishedAt!) overlaps++;
    }
    const ranOn = finished.map(
      run => replicas.filter(r => r.runs.has(run.id)).length,
    );
    const [a, b] = await Promise.all(
      replicas.map(r => get(r, '/tenants?limit=100&sort=name')),
    );
    const [runsA, runsB] = await Promise.all(
      replicas.map(r => get(r, '/refresh-runs?limit=100')),
    );

    for (const r of replicas)
      console.log(`${r.name}: ${r.runs.size} refresh runs`);
    console.log(
      `refresh runs recorded: ${finished.length} finished (${
        finished.filter(r => r.status === 'succeeded').length
      } succeeded)`,
    );
    console.log(
      `runs that ran on exactly one replica: ${
        ranOn.filter(n => n === 1).length
      } of ${finished.length}; on two: ${ranOn.filter(n => n > 1).length}`,
    );
    console.log(`overlapping runs: ${overlaps}`);
    console.log(
      `tenants served: ${a.totalCount} and ${
        b.totalCount
      }; same tenants on both: ${JSON.stringify(a) === JSON.stringify(b)}`,
    );
    console.log(
      `same refresh runs on both: ${
        JSON.stringify(runsA) === JSON.stringify(runsB)
      }`,
    );
    // Failover: stop the replica that ran the refreshes; the other one takes the task over.
    const busy = replicas.reduce((x, y) => (y.runs.size > x.runs.size ? y : x));
    const other = replicas.find(r => r !== busy)!;
    const before = other.runs.size;
    busy.child?.kill('SIGTERM');
    console.log(`stopped ${busy.name}; waiting 20 s…`);
    await new Promise(res => setTimeout(res, 20_000));
    const tookOver = other.runs.size - before;
    console.log(
      `${other.name} ran ${tookOver} refreshes after ${busy.name} stopped (now ${other.runs.size} in all)`,
    );
    for (const r of replicas)
      console.log(`per-replica run count: ${r.name} ${r.runs.size}`);
    const ok =
      finished.length > 0 &&
      overlaps === 0 &&
      ranOn.every(n => n === 1) &&
      JSON.stringify(a) === JSON.stringify(b) &&
      a.totalCount === 50 &&
      tookOver > 0;
    console.log(
      ok
        ? 'OK: each refresh ran on exactly one replica; both serve the same data; the survivor took over'
        : 'FAILED',
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const r of replicas) r.child?.kill('SIGTERM');
    await new Promise(res => setTimeout(res, 3000));
    for (const r of replicas)
      if (r.child && r.child.exitCode === null) r.child.kill('SIGKILL');
    await sandbox.stop();
    const pg = new Client({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'postgres',
    });
    await pg.connect();
    const dbs = await pg.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of dbs.rows)
      await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await pg.end();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
