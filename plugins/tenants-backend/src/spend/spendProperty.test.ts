import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

// The property runs in a child Node process: under jest's module transform the sandbox's cost
// generator runs 10–20× slower, which would bound the runs by time rather than by count.
const RUNS = Number(process.env.SPEND_PROPERTY_RUNS ?? 100);
// The script shares the runs between 2 processes, each with one sandbox and two databases for all
// of its runs: about 0.3 s of CPU per run (it was about 0.5 with a sandbox and databases per run).
// The bound leaves room for CI running every suite at once.
const LIMIT_MS = 300_000;
jest.setTimeout(LIMIT_MS + 10_000);

describe('spend snapshot properties', () => {
  it('tenants + shared + unallocated + not attributed = organization total to the cent for every month, and a failed Cost Explorer call changes no other value (100 random sandbox organizations)', async () => {
    const seed = Number(
      process.env.SPEND_PROPERTY_SEED ?? Date.now() % 2_147_483_647,
    );
    // Printed so that a failing run can be replayed (SPEND_PROPERTY_SEED=<seed>, or the script).
    // eslint-disable-next-line no-console
    console.log(`spend property seed ${seed}`);
    const out = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        [
          '-r',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          resolve(__dirname, '../../scripts/spend-property.ts'),
          String(RUNS),
          String(seed),
        ],
        { timeout: LIMIT_MS, maxBuffer: 10_000_000 },
        (error, stdout, stderr) =>
          error
            ? fail(
                new Error(
                  `seed ${seed}: ${stdout}\n${stderr}\n${error.message}`,
                ),
              )
            : done(stdout),
      );
    });
    // eslint-disable-next-line no-console
    console.log(out);
    const last = out.trim().split('\n').pop()!;
    const m =
      /^spend property: (\d+) runs, (\d+) checks, (\d+) months with a gap/.exec(
        last,
      );
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(RUNS);
    expect(Number(m![2])).toBeGreaterThanOrEqual(RUNS * 40);
    expect(Number(m![3])).toBeGreaterThan(0);
  });
});
