/**
 * Every documented example of the release actions, run through its handler against the
 * sandbox, in an order that gives each one what it needs (a recorded release, a halted
 * rollout, a previous version). Example account ids are placeholders for sandbox tenants.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { exampleInput, testContext } from '../__testUtils__/harness';
import {
  ReleaseSandbox,
  startReleaseSandbox,
  templateOf,
} from '../__testUtils__/releaseSandbox';
import { createTenancyReleaseDeployAction } from './tenancyReleaseDeploy';
import { examples as deployExamples } from './tenancyReleaseDeploy.examples';
import { createTenancyReleasePlanAction } from './tenancyReleasePlan';
import { examples as planExamples } from './tenancyReleasePlan.examples';
import { createTenancyReleaseResumeAction } from './tenancyReleaseResume';
import { examples as resumeExamples } from './tenancyReleaseResume.examples';
import { createTenancyReleaseRollbackAction } from './tenancyReleaseRollback';
import { examples as rollbackExamples } from './tenancyReleaseRollback.examples';

jest.setTimeout(60_000);

describe('tenancy:release:* examples', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let rs: ReleaseSandbox;
  beforeAll(async () => {
    rs = await startReleaseSandbox(databases, { stackInstanceMs: 1_000 });
  });
  afterAll(() => rs.stop());

  async function run(
    create: (
      deps: typeof rs.deps,
      rel: NonNullable<typeof rs.deps.releases>,
    ) => { handler(ctx: any): Promise<void> },
    input: Record<string, unknown>,
    taskId: string,
  ) {
    const t = testContext(input as any);
    t.ctx.task = { id: taskId };
    await create(rs.deps, rs.deps.releases!).handler(t.ctx);
    return t.outputs as any;
  }
  const standard = () => {
    const org = rs.sandbox.state.org;
    return org
      .childAccounts(org.parentByPath('/Tenants/standard')!)
      .filter(a => a.state === 'ACTIVE')
      .map(a => a.id);
  };
  /** The example's input with its placeholder canary accounts replaced by sandbox tenants. */
  const withTenants = (input: Record<string, unknown>) =>
    Array.isArray(input.canary)
      ? { ...input, canary: standard().slice(0, input.canary.length) }
      : input;

  it('deploy: re-deploying a recorded version to every tenant', async () => {
    await run(
      createTenancyReleaseDeployAction,
      { version: '1.4.2', templateBody: templateOf('1.4.2') },
      'task-record',
    );
    const input = exampleInput(deployExamples[1]);
    const out = await run(createTenancyReleaseDeployAction, input, 'task-ex-2');
    expect([out.status, out.failed]).toEqual(['completed', []]);
  });

  it('deploy: three waves with per-wave preferences', async () => {
    const input = withTenants(exampleInput(deployExamples[0]));
    const out = await run(createTenancyReleaseDeployAction, input, 'task-ex-1');
    expect(out.status).toBe('completed');
    expect(out.waves.map((w: any) => w.name)).toEqual([
      'canary',
      'tier standard',
      'the rest',
    ]);
  });

  it.each(planExamples.map(e => [e.description, e]))(
    'plan: %s',
    async (_d, example) => {
      const out = await run(
        createTenancyReleasePlanAction,
        exampleInput(example),
        `task-plan-${_d}`,
      );
      expect(out.counts.deploy).toBe(0);
    },
  );

  it('resume: after a wave halted', async () => {
    const bad = standard()[3];
    const fault = rs.sandbox.faults.add({
      kind: 'stackInstanceFailure',
      accountPattern: `^${bad}$`,
    });
    await expect(
      run(
        createTenancyReleaseDeployAction,
        {
          version: '1.6.0',
          templateBody: templateOf('1.6.0'),
          tiers: ['standard'],
        },
        'task-halt',
      ),
    ).rejects.toThrow(/^Wave tier standard halted: 1 failed/);
    rs.sandbox.faults.remove(fault);
    const out = await run(
      createTenancyReleaseResumeAction,
      exampleInput(resumeExamples[0]),
      'task-ex-resume',
    );
    expect([out.version, out.status]).toEqual(['1.6.0', 'completed']);
  });

  it.each(rollbackExamples.map(e => [e.description, e]))(
    'rollback: %s',
    async (_d, example) => {
      await run(
        createTenancyReleaseDeployAction,
        {
          version: '1.7.0',
          templateBody: templateOf('1.7.0'),
          tiers: ['standard'],
        },
        `task-deploy-${_d}`,
      );
      const out = await run(
        createTenancyReleaseRollbackAction,
        exampleInput(example),
        `task-rollback-${_d}`,
      );
      expect([out.version, out.status]).toEqual(['1.6.0', 'completed']);
    },
  );
});
