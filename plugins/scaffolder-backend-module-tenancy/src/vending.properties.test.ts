/**
 * Property-based tests of vending against the in-process AWS sandbox: random sequences of vend
 * requests (tenant ids and emails colliding in letter case, the central accounts' emails,
 * re-runs, throttling and ConcurrentModificationException on a random operation, a backend
 * restart at a random checkpoint) through tenancy:account:create, tenancy:account:move,
 * tenancy:guardrails:attach and tenancy:budget:create; afterwards the identity invariants hold,
 * read back through the AWS SDK clients. Replay a failing run with VENDING_PROPERTY_SEED=<seed>.
 */
import fc from 'fast-check';
import {
  addStats,
  runVendingSequence,
  type SequenceStats,
} from './__testUtils__/vendingInvariants';
import {
  startVendingSandbox,
  type VendingSandbox,
} from './__testUtils__/vendingSandbox';
import { vendSequenceArb } from './__testUtils__/vendingSequences';

jest.setTimeout(170_000);

const NUM_RUNS = 200;
const seed = process.env.VENDING_PROPERTY_SEED
  ? Number(process.env.VENDING_PROPERTY_SEED)
  : Date.now() % 2_147_483_647;

describe('vending properties', () => {
  let box: VendingSandbox;
  beforeAll(async () => {
    box = await startVendingSandbox();
  });
  afterAll(async () => {
    await box?.stop();
  });

  it('one account per tenant, central accounts untouched, no second budget or CreateAccount, rejected requests write nothing', async () => {
    const total: SequenceStats = {
      sequences: 0,
      requests: 0,
      rejected: 0,
      completed: 0,
      restarted: 0,
      checks: 0,
    };
    // eslint-disable-next-line no-console
    console.log(
      `vending properties: seed ${seed}, numRuns ${NUM_RUNS} (replay with VENDING_PROPERTY_SEED=${seed})`,
    );
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(vendSequenceArb, async requests => {
        addStats(total, await runVendingSequence(box, requests));
      }),
      {
        seed,
        numRuns: NUM_RUNS,
        interruptAfterTimeLimit: 150_000,
        markInterruptAsFailure: true,
        endOnFailure: true,
        reporter: out => {
          if (out.failed) {
            // eslint-disable-next-line no-console
            console.log(
              `vending properties FAILED: seed ${out.seed}, path ${out.counterexamplePath}; replay with VENDING_PROPERTY_SEED=${out.seed}`,
            );
            throw new Error(
              `${fc.defaultReportMessage(out)}\nInvariant broken: ${
                (out.errorInstance as Error)?.message ?? out.errorInstance
              }`,
            );
          }
        },
      },
    );
    // eslint-disable-next-line no-console
    console.log(
      `vending properties: ${total.sequences} sequences, ${
        total.requests
      } requests (${total.rejected} rejected, ${total.completed} completed, ${
        total.restarted
      } restarted), ${total.checks} invariant checks in ${
        Date.now() - started
      } ms`,
    );
    expect(total.sequences).toBeGreaterThanOrEqual(NUM_RUNS);
    expect(total.rejected).toBeGreaterThan(0);
    expect(total.completed).toBeGreaterThan(0);
  });
});
