/*
 * The spend snapshot's property test at scale: 2,000 random sandbox organizations (sizes,
 * refresh dates, faults on random Cost Explorer queries) unless told otherwise.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/spend-property.ts [runs] [seed]
 *
 * Prints the seed first (replay a failure with the same seed), then runs, checks and time.
 */
import fc from 'fast-check';
import {
  createSpendRig,
  runSpendCase,
  spendCases,
} from '../src/spend/__testUtils__/spendProperty';

async function main() {
  const runs = Number(process.argv[2] ?? 2000);
  const seed = Number(process.argv[3] ?? Date.now() % 2_147_483_647);
  console.log(`spend property: seed ${seed}, ${runs} runs`);
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

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
