// Benchmark of catalog ingestion: the real portal backend (packages/backend, SQLite in a fresh
// folder, app-config.yaml + app-config.sandbox.yaml as `make start` runs it) against the AWS
// sandbox with N tenant accounts (default 10,000).
//
//   node e2e/bench-catalog.mjs [N] [--pg] [--probe] [--limit=S]
//
// --pg: the backend on a fresh set of PostgreSQL databases (127.0.0.1:5432, user $PGUSER or
// postgres, names prefixed `catalog_bench_<pid>_`, dropped at the end) instead of SQLite.
// --probe: every 10 s, also how far the catalog's processing and stitching are, the stitch
// queue, Group re-stitches and the CPU of backend and sandbox (e2e/catalogProbe.mjs).
//
// Prints the seconds from the end of the first refresh that read the inventory (its
// `finishedAt`, all N tenants stored) to every Tenant entity being readable through the
// catalog API (`GET /api/catalog/entities/by-query?filter=kind=tenant`, `totalItems` = N),
// as the guest (a platform engineer) sees it; goal ≤ 180 s at N = 10,000. Also prints the
// refresh's own duration and the count of Tenant entities every 10 s while waiting.
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { startPortal, guestToken, dropPgDatabases } from './harness.mjs';
import { catalogProbe } from './catalogProbe.mjs';

const args = process.argv.slice(2);
const n = Number(args.find(a => !a.startsWith('--')) ?? 10000);
const usePg = args.includes('--pg');
const probing = args.includes('--probe');
// --limit=S: give up S seconds after the refresh ended (default 1800), printing the count.
const LIMIT_S = Number(
  args.find(a => a.startsWith('--limit='))?.slice(8) ?? 1800,
);
const PG = {
  host: '127.0.0.1',
  port: 5432,
  user: process.env.PGUSER ?? 'postgres',
};
const pgPrefix = `catalog_bench_${process.pid}_`;

async function json(url, token) {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

async function main() {
  console.log(`uptime: ${execSync('uptime').toString().trim()}`);
  const t0 = Date.now();
  const portal = await startPortal({
    tenants: n,
    ...(usePg
      ? { database: { client: 'pg', connection: PG, prefix: pgPrefix } }
      : {}),
  });
  const { baseUrl } = portal;
  console.log(
    `backend up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${
      usePg ? 'PostgreSQL' : 'SQLite'
    })`,
  );
  const probe = probing
    ? await catalogProbe({
        sqliteDir: join(portal.dir, 'sqlite'),
        pg: usePg ? { ...PG, database: `${pgPrefix}catalog` } : undefined,
        pids: portal.pids,
      })
    : undefined;
  try {
    let token = await guestToken(baseUrl);
    // The guest's groups come from the catalog (examples/org.yaml): until it has read them, the
    // tenants API answers 403. Sign in again until it answers.
    for (;;) {
      const res = await fetch(`${baseUrl}/api/tenants/refresh-runs?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.ok) break;
      if (Date.now() - t0 > LIMIT_S * 1000)
        throw new Error(`tenants API: ${res.status}`);
      await new Promise(r => setTimeout(r, 2000));
      token = await guestToken(baseUrl);
    }
    let inventoryRun;
    while (!inventoryRun) {
      if (Date.now() - t0 > LIMIT_S * 1000) throw new Error('no refresh ended');
      const runs = await json(
        `${baseUrl}/api/tenants/refresh-runs?limit=20`,
        token,
      );
      inventoryRun = runs.items.find(
        r =>
          r.status === 'succeeded' &&
          r.finishedAt &&
          r.tenantCount >= n &&
          (!r.sources || r.sources.includes('inventory')),
      );
      if (!inventoryRun) await new Promise(r => setTimeout(r, 1000));
    }
    const end = Date.parse(inventoryRun.finishedAt);
    console.log(
      `refresh ${inventoryRun.id} (${
        inventoryRun.sources?.join(',') ?? 'full'
      }) of ${inventoryRun.tenantCount} tenants: ` +
        `${((end - Date.parse(inventoryRun.startedAt)) / 1000).toFixed(1)} s`,
    );
    let count = 0;
    let lastLog = 0;
    for (;;) {
      const page = await json(
        `${baseUrl}/api/catalog/entities/by-query?filter=kind=tenant&limit=1`,
        token,
      );
      count = page.totalItems;
      const s = (Date.now() - end) / 1000;
      if (count >= n) break;
      if (s > LIMIT_S)
        throw new Error(`only ${count} Tenant entities after ${s} s`);
      if (Date.now() - lastLog > 10_000) {
        console.log(
          `  +${s.toFixed(0)} s: ${count} Tenant entities${
            probe ? `; ${await probe.sample()}` : ''
          }`,
        );
        lastLog = Date.now();
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    const seconds = (Date.now() - end) / 1000;
    console.log(
      `N=${n}: all ${count} Tenant entities in the catalog ${seconds.toFixed(
        1,
      )} s after the refresh ended (goal ≤ 180 s)`,
    );
    if (probe) console.log(`  at the end: ${await probe.sample()}`);
    // When each source's run ran, from the end of the inventory refresh.
    const runs = await json(
      `${baseUrl}/api/tenants/refresh-runs?limit=20`,
      token,
    );
    for (const r of runs.items.slice().reverse()) {
      const rel = t =>
        t ? `${((Date.parse(t) - end) / 1000).toFixed(0)} s` : '-';
      console.log(
        `  run ${r.sources?.join(',') ?? 'full'} ${r.status}: ${rel(
          r.startedAt,
        )} → ${rel(r.finishedAt)}`,
      );
    }
  } finally {
    await probe?.close();
    await portal.stop();
    if (usePg) await dropPgDatabases(PG, pgPrefix);
    console.log(`uptime: ${execSync('uptime').toString().trim()}`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
