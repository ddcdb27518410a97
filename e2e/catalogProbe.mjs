// Where the catalog's time goes during bench-catalog: reads the catalog's own tables (SQLite
// file or PostgreSQL database, read-only queries) and the CPU time of the backend and sandbox
// processes, so each sample says how far processing and stitching are and whether the owner
// Groups are being re-stitched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** CPU seconds (user + system) a process has used so far, from /proc; 0 when gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks
  } catch {
    return 0;
  }
}

/**
 * Opens the catalog database of a bench run: `{ sqliteDir }` (the backend's SQLite folder) or
 * `{ pg }` (node-postgres connection options of the catalog's database). Answers `query(sql)`
 * returning rows, and `close()`.
 */
async function openCatalogDb({ sqliteDir, pg }) {
  if (pg) {
    const { default: postgres } = await import('pg');
    const client = new postgres.Client(pg);
    await client.connect();
    return {
      query: async sql => (await client.query(sql)).rows,
      close: () => client.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  let db;
  return {
    query: async sql => {
      db ??= new Database(join(sqliteDir, 'catalog.sqlite'), {
        readonly: true,
        fileMustExist: true,
      });
      return db.prepare(sql).all();
    },
    close: () => db?.close(),
  };
}

/**
 * A probe sampled during the wait: `sample()` answers one line (rows of Tenants in
 * refresh_state, processed, stitched into final_entities; the stitch queue and its Group rows;
 * how many Group stitches changed a Group since the start; CPU % of backend and sandbox since
 * the previous sample). `groupStitches()` answers the Group stitch count so far.
 */
export async function catalogProbe({ sqliteDir, pg, pids }) {
  const db = await openCatalogDb({ sqliteDir, pg });
  const generations = new Map();
  let groupChanges = 0;
  let last = { at: Date.now(), cpu: {} };
  const count = async sql => {
    const [row] = await db.query(sql);
    return Number(Object.values(row)[0]);
  };
  return {
    async sample() {
      try {
        const tenants = "entity_ref like 'tenant:%'";
        const rows = await count(
          `select count(*) as n from refresh_state where ${tenants}`,
        );
        const processed = await count(
          `select count(*) as n from refresh_state where ${tenants} and processed_entity is not null`,
        );
        const stitched = await count(
          `select count(*) as n from final_entities where ${tenants}`,
        );
        const queued = await count('select count(*) as n from stitch_queue');
        const queuedGroups = await count(
          "select count(*) as n from stitch_queue where entity_ref like 'group:%'",
        );
        for (const g of await db.query(
          "select entity_ref, generation from final_entities where entity_ref like 'group:%'",
        )) {
          const before = generations.get(g.entity_ref);
          if (before !== undefined && String(before) !== String(g.generation))
            groupChanges += 1;
          generations.set(g.entity_ref, g.generation);
        }
        const now = Date.now();
        const cpu = {};
        const pct = {};
        for (const [name, pid] of Object.entries(pids())) {
          cpu[name] = cpuSeconds(pid);
          pct[name] = (
            ((cpu[name] - (last.cpu[name] ?? 0)) * 100_000) /
            (now - last.at)
          ).toFixed(0);
        }
        last = { at: now, cpu };
        return (
          `refresh_state ${rows}, processed ${processed}, stitched ${stitched}; ` +
          `stitch queue ${queued} (Groups ${queuedGroups}); Group generations changed ${groupChanges}; ` +
          `CPU backend ${pct.backend}% sandbox ${pct.sandbox}%`
        );
      } catch (e) {
        return `probe: ${e.message}`;
      }
    },
    groupStitches: () => groupChanges,
    close: () => db.close(),
  };
}
