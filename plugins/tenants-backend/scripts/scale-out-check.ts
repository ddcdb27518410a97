/**
 * Scale-out check: two backend replicas of the tenants plugin on the machine's PostgreSQL
 * (one shared plugin database) and Redis (the cache), refreshing every few seconds from an
 * AWS sandbox. Prints how many scheduled refreshes each replica ran (each run must run on
 * exactly one replica: no two runs of one source overlap, every run was logged by one replica) and whether
 * both replicas serve the same data.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/scale-out-check.ts [seconds]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
 */
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

const seconds = Number(process.argv[2] ?? 40);

async function main() {
  const sandbox = await startSandbox({ port: 0, tenants: 50, seed: 3 });
  const prefix = `tenancy_scale_${Date.now()}_`;
  const dir = scratchDir();
  const replicas = (await planReplicas(2, dir)).map(r => ({
    ...r,
    runs: new Set<string>(),
  }));
  for (const r of replicas) {
    startReplica(r, {
      dir,
      prefix,
      sandboxEndpoint: sandbox.endpoint,
      refresh: {
        cadence: Object.fromEntries(
          ['inventory', 'health', 'spend', 'compliance'].map(s => [
            s,
            { seconds: 3 },
          ]),
        ),
        timeout: { seconds: 60 },
        initialDelay: { seconds: 2 },
      },
      onLine: line => {
        for (const m of line.matchAll(
          /Refresh ([0-9a-f-]{36}) (succeeded|failed)/g,
        ))
          r.runs.add(m[1]);
      },
    });
  }
  const get = (r: Replica, path: string) => getJson(r, path);

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
      sources?: string[];
    }>;
    const finished = runs
      .filter(r => r.finishedAt)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    // Each source's task runs on one replica at a time: runs of one source never overlap
    // (runs of different sources may).
    let overlaps = 0;
    const bySource = new Map<string, typeof finished>();
    for (const run of finished) {
      const key = run.sources?.join(',') ?? 'all';
      bySource.set(key, [...(bySource.get(key) ?? []), run]);
    }
    for (const same of bySource.values()) {
      for (let i = 1; i < same.length; i++) {
        if (same[i].startedAt < same[i - 1].finishedAt!) overlaps++;
      }
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
    console.log(
      `runs by source: ${[...bySource]
        .map(([k, v]) => `${k} ${v.length}`)
        .join(', ')}`,
    );
    console.log(`overlapping runs of one source: ${overlaps}`);
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
    await stopReplicas(replicas);
    await sandbox.stop();
    await dropDatabases(prefix);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
