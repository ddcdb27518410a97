/**
 * The rollout benchmark (run it with `yarn bench:rollout`; skipped otherwise): a release to
 * 1,000 sandbox tenants in three waves with AWS-like durations (one stack instance: 2 minutes),
 * printing the simulated wall time against the floor AWS's concurrency allows for the chosen
 * preferences (goal ≤ 1.2×), the AWS calls by operation, and that every tenant ends on the new
 * version or is listed as failed or skipped with a reason.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { testContext } from './__testUtils__/harness';
import {
  startReleaseSandbox,
  templateOf,
} from './__testUtils__/releaseSandbox';
import { createTenancyReleaseDeployAction } from './actions/tenancyReleaseDeploy';
import { createTenancyReleasePlanAction } from './actions/tenancyReleasePlan';
import { regionBatches } from './lib/releases/plan';

const describeBenchmark = process.env.TENANCY_BENCHMARK
  ? describe
  : describe.skip;
jest.setTimeout(900_000);

const TENANTS = Number(process.env.TENANCY_BENCHMARK_TENANTS ?? 1000);
const INSTANCE_MS = 120_000;

describeBenchmark('rollout benchmark', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it(`${TENANTS} tenants, three waves`, async () => {
    const rs = await startReleaseSandbox(databases, {
      tenants: TENANTS,
      stackInstanceMs: INSTANCE_MS,
      poll: { initialSeconds: 5, maxSeconds: 30 },
    });
    try {
      const org = rs.sandbox.state.org;
      const active = (tier: string) =>
        org
          .childAccounts(org.parentByPath(`/Tenants/${tier}`)!)
          .filter(a => a.state === 'ACTIVE')
          .map(a => a.id);
      const canary = active('premium').slice(0, 10);
      const failing = active('enterprise').slice(0, 3);
      for (const a of failing)
        rs.sandbox.faults.add({
          kind: 'stackInstanceFailure',
          accountPattern: `^${a}$`,
          statusReason:
            'ResourceLogicalId:Api, ResourceStatusReason:Rate exceeded.',
        });
      const preferences = {
        canaryPreferences: { maxConcurrentCount: 10, failureToleranceCount: 0 },
        tierPreferences: {
          maxConcurrentPercentage: 25,
          failureToleranceCount: 0,
          concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
        restPreferences: {
          maxConcurrentPercentage: 50,
          failureTolerancePercentage: 5,
          concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
      };
      const deploy = async (version: string) => {
        const t = testContext({
          version,
          templateBody: templateOf(version),
          canary,
          tiers: ['standard'],
          ...preferences,
        } as any);
        t.ctx.task = { id: `bench-${version}` };
        const start = rs.sandbox.clock.nowMs();
        const wall = Date.now();
        await createTenancyReleaseDeployAction(
          rs.deps,
          rs.deps.releases!,
        ).handler(t.ctx);
        return {
          outputs: t.outputs as any,
          simulatedMs: rs.sandbox.clock.nowMs() - start,
          realMs: Date.now() - wall,
        };
      };
      await deploy('1.0.0');
      rs.sandbox.resetStats();
      const { outputs, simulatedMs, realMs } = await deploy('1.1.0');
      const calls = Object.entries(rs.sandbox.stats().calls).filter(
        ([, n]) => n,
      );

      // The floor: each wave's batches, one after another, each one instance long.
      const { waves } = JSON.parse(
        (await rs.deps.releases!.store.latestRollout('tenant-stack'))!.input,
      );
      const floorMs = waves.reduce(
        (sum: number, w: any) =>
          sum + regionBatches(w.accountIds.length, w.preferences) * INSTANCE_MS,
        0,
      );
      const plan = testContext({ version: '1.1.0' } as any);
      plan.ctx.task = { id: 'bench-plan' };
      await createTenancyReleasePlanAction(rs.deps, rs.deps.releases!).handler(
        plan.ctx,
      );
      const counts = (plan.outputs as any).counts;
      const failed = outputs.failed as any[];
      const lines = [
        `tenants: ${TENANTS}; waves: ${outputs.waves
          .map((w: any) => `${w.name} ${w.done}/${w.failed}/${w.remaining}`)
          .join(', ')}`,
        `simulated wall time: ${simulatedMs / 1000} s; floor: ${
          floorMs / 1000
        } s; ratio: ${(simulatedMs / floorMs).toFixed(3)} (goal ≤ 1.2)`,
        `real time: ${(realMs / 1000).toFixed(1)} s`,
        `AWS calls of the rollout: ${calls
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')}`,
        `end state: ${counts.none} on 1.1.0, ${failed.length} failed (${failed
          .map(f => `${f.accountId}: ${f.reason}`)
          .join('; ')}), ${counts.skipped} skipped, ${counts.blocked} blocked`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      expect(simulatedMs / floorMs).toBeLessThanOrEqual(1.2);
      // Every tenant not on 1.1.0 is one of the failed ones (listed with AWS's reason).
      expect(counts.deploy).toBe(failed.length);
      expect(failed.map(f => f.accountId).sort()).toEqual([...failing].sort());
    } finally {
      await rs.stop();
    }
  });
});
