/**
 * Runs the vending property sequences many times (default 10,000) against the in-process AWS
 * sandbox and prints how many sequences and requests ran, how many were rejected and how many
 * invariant checks were made.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs \
 *     plugins/scaffolder-backend-module-tenancy/scripts/vending-properties.ts [runs] [seed]
 *
 * A failing run prints its seed; replay it with the same command and that seed (or with
 * VENDING_PROPERTY_SEED=<seed> in the jest test).
 */
import fc from 'fast-check';
import {
  addStats,
  runVendingSequence,
  type SequenceStats,
} from '../src/__testUtils__/vendingInvariants';
import { startVendingSandbox } from '../src/__testUtils__/vendingSandbox';
import { vendSequenceArb } from '../src/__testUtils__/vendingSequences';

async function main() {
  const runs = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? Date.now() % 2_147_483_647);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
    throw new Error('usage: vending-properties.ts [runs ≥ 1] [integer seed]');
  }
  process.stdout.write(`vending properties: seed ${seed}, numRuns ${runs}\n`);
  const box = await startVendingSandbox();
  const total: SequenceStats = {
    sequences: 0,
    requests: 0,
    rejected: 0,
    completed: 0,
    restarted: 0,
    checks: 0,
  };
  const started = Date.now();
  const every = Math.max(1, Math.floor(runs / 20));
  let failed = false;
  try {
    await fc.assert(
      fc.asyncProperty(vendSequenceArb, async requests => {
        addStats(total, await runVendingSequence(box, requests));
        if (total.sequences % every === 0) {
          process.stdout.write(
            `  ${total.sequences} sequences, ${total.requests} requests, ${
              total.checks
            } checks, ${Math.round((Date.now() - started) / 1000)} s\n`,
          );
        }
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  } catch (e) {
    failed = true;
    process.stdout.write(
      `FAILED (seed ${seed}): ${(e as Error).message}\n${String(
        (e as any).cause?.stack ?? (e as any).cause ?? '',
      )}\n`,
    );
  } finally {
    await box.stop();
  }
  process.stdout.write(
    `vending properties: seed ${seed}: ${total.sequences} sequences ran, ${
      total.requests
    } requests, ${total.rejected} rejected, ${total.completed} completed, ${
      total.restarted
    } restarted after a fault or crash, ${
      total.checks
    } invariant checks, ${Math.round((Date.now() - started) / 1000)} s${
      failed ? ' — FAILED' : ''
    }\n`,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
