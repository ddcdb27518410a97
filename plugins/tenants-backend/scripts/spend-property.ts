/*
 * The spend snapshot's property test at scale: 2,000 random sandbox organizations (sizes,
 * refresh dates, faults on random Cost Explorer queries) unless told otherwise.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/spend-property.ts [runs] [seed] [jobs]
 *
 * `jobs` (default 2, at most the machine's parallelism) processes share the runs: process i
 * runs its share with seed `seed + i`, one sandbox and two databases for all of its runs.
 * Prints the seed first, then runs, checks and time; a failing process prints its own seed and
 * run count, replayed with `[its runs] [its seed] 1`.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import {
  createSpendRig,
  runSpendCase,
  spendCases,
} from '../src/spend/__testUtils__/spendProperty';

/** The last line of a run: `spend property: N runs, C checks, G months with a gap …`. */
const SUMMARY =
  /^spend property: (\d+) runs, (\d+) checks, (\d+) months with a gap/m;

/** Runs `runs` cases from `seed` in this process and prints the summary line. */
async function runHere(runs: number, seed: number) {
  const started = Date.now();
  let done = 0;
  let checks = 0;
  let gaps = 0;
  // One sandbox and two databases for every run, reset and emptied between runs.
  const rig = await createSpendRig();
  try {
    await fc.assert(
      fc.asyncProperty(spendCases, async c => {
        const r = await runSpendCase(c, rig);
        done++;
        checks += r.checks;
        gaps += r.monthsWithGap;
        if (done % 100 === 0 && done < runs) {
          console.log(
            `  ${done} runs, ${checks} checks, ${Date.now() - started} ms`,
          );
        }
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  } finally {
    await rig.close();
  }
  console.log(
    `spend property: ${done} runs, ${checks} checks, ${gaps} months with a gap not attributed to an account, ${
      Date.now() - started
    } ms, seed ${seed}`,
  );
}

/** Runs this script in `jobs` child processes, each with its share of the runs and its seed. */
async function runInJobs(runs: number, seed: number, jobs: number) {
  const started = Date.now();
  const shares = Array.from(
    { length: jobs },
    (_, i) => Math.floor(runs / jobs) + (i < runs % jobs ? 1 : 0),
  );
  const results = await Promise.all(
    shares.map(
      (share, i) =>
        new Promise<{ ok: boolean; out: string; seed: number; runs: number }>(
          done => {
            const jobSeed = (seed + i) % 2_147_483_647;
            execFile(
              process.execPath,
              [
                ...process.execArgv,
                __filename,
                String(share),
                String(jobSeed),
                '1',
              ],
              { maxBuffer: 50_000_000 },
              (error, stdout, stderr) =>
                done({
                  ok: !error,
                  out: `${stdout}${stderr}`,
                  seed: jobSeed,
                  runs: share,
                }),
            );
          },
        ),
    ),
  );
  let done = 0;
  let checks = 0;
  let gaps = 0;
  for (const r of results) {
    const m = SUMMARY.exec(r.out);
    if (!r.ok || !m) {
      console.error(
        `spend property: the process with seed ${r.seed} (${r.runs} runs) failed; replay with [${r.runs}] [${r.seed}] 1:\n${r.out}`,
      );
      process.exit(1);
    }
    done += Number(m[1]);
    checks += Number(m[2]);
    gaps += Number(m[3]);
  }
  console.log(
    `spend property: ${done} runs, ${checks} checks, ${gaps} months with a gap not attributed to an account, ${
      Date.now() - started
    } ms, seed ${seed} (${jobs} processes, seeds ${seed} to ${
      seed + jobs - 1
    })`,
  );
}

async function main() {
  const runs = Number(process.argv[2] ?? 2000);
  const seed = Number(process.argv[3] ?? Date.now() % 2_147_483_647);
  const jobs = Math.max(
    1,
    Math.min(Number(process.argv[4] ?? 2), availableParallelism(), runs),
  );
  console.log(`spend property: seed ${seed}, ${runs} runs, ${jobs} processes`);
  if (jobs > 1) await runInJobs(runs, seed, jobs);
  else await runHere(runs, seed);
}

main().catch(e => {
  // fast-check puts the property's own error (the violated invariant) in `cause`.
  const cause =
    e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  console.error(e instanceof Error ? e.message : e);
  if (cause)
    console.error(
      `Error: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  process.exit(1);
});
