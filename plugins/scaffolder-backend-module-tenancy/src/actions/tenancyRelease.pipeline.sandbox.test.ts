/**
 * Rollouts through the pipeline target (docs/aws-behaviours/rollouts.md, "The pipeline
 * target") against the sandbox's Step Functions: waves of executions with one failing at
 * tolerance 0 (halt naming account, Region and the execution's error and cause), resume,
 * rollback, a task restart mid-wave (0 duplicate executions: StartExecution is idempotent on
 * name and input only while the execution runs, so the task lists the wave's executions
 * first), and the dry run (0 mutating calls).
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { testContext } from '../__testUtils__/harness';
import {
  ReleaseSandbox,
  startReleaseSandbox,
  templateOf,
} from '../__testUtils__/releaseSandbox';
import { rolloutPrefix } from '../lib/releases/operations';
import { createTenancyReleaseDeployAction } from './tenancyReleaseDeploy';
import { createTenancyReleasePlanAction } from './tenancyReleasePlan';
import { createTenancyReleaseResumeAction } from './tenancyReleaseResume';
import { createTenancyReleaseRollbackAction } from './tenancyReleaseRollback';

jest.setTimeout(60_000);

const CAUSE = 'Deploy stage failed: CodeBuild project tenant-stack exited 2';

describe('tenant-stack rollouts through the pipeline target', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let rs: ReleaseSandbox;
  let starts: Array<{ operationPrefix: string; startedBy: string }>;
  beforeEach(async () => {
    rs = await startReleaseSandbox(databases, { pipeline: true });
    starts = [];
    rs.deps.activity.recordReleaseStart = async s => void starts.push(s);
  });
  afterEach(() => rs.stop());

  const org = () => rs.sandbox.state.org;
  const tierAccounts = (tier: string) =>
    org()
      .childAccounts(org().parentByPath(`/Tenants/${tier}`)!)
      .filter(a => a.state === 'ACTIVE')
      .map(a => a.id);
  const activeTenants = () =>
    org()
      .accountsUnder(org().parentByPath('/Tenants')!, true)
      .filter(a => a.state === 'ACTIVE')
      .map(a => a.id);
  const executions = () => rs.sandbox.state.executions;

  function run(
    kind: 'plan' | 'deploy' | 'resume' | 'rollback',
    input: Record<string, unknown>,
    opts: {
      taskId?: string;
      isDryRun?: boolean;
      checkpoints?: Map<string, unknown>;
    } = {},
  ) {
    const create = {
      plan: createTenancyReleasePlanAction,
      deploy: createTenancyReleaseDeployAction,
      resume: createTenancyReleaseResumeAction,
      rollback: createTenancyReleaseRollbackAction,
    }[kind];
    const t = testContext(input as any, opts);
    t.ctx.task = { id: opts.taskId ?? `task-${kind}` };
    t.ctx.user = { ref: `user:default/${kind}-user` };
    return { ...t, promise: create(rs.deps, rs.deps.releases!).handler(t.ctx) };
  }
  const deploy = (version: string, extra: Record<string, unknown> = {}) =>
    run(
      'deploy',
      { version, templateBody: templateOf(version), ...extra },
      { taskId: `task-${version}` },
    );
  const currentOf = async (version: string) => {
    const r = run('plan', { version });
    await r.promise;
    return new Map(
      (r.outputs.tenants as any[]).map(t => [t.accountId, t.current]),
    );
  };
  const tally = (waves: any[]) =>
    waves.map(w => [w.name, w.done, w.failed, w.remaining]);

  it('halts wave 2 at tolerance 0 naming the failed execution; resume completes; rollback returns that wave', async () => {
    const first = deploy('1.0.0', {
      restPreferences: { maxConcurrentPercentage: 100 },
    });
    await first.promise;
    const active = activeTenants();
    expect(first.outputs.status).toBe('completed');
    expect(executions().length).toBe(active.length);
    expect(rs.writes()).toEqual({ 'SFN.StartExecution': active.length });
    const input = JSON.parse(executions()[0].input);
    expect(Object.keys(input)).toEqual([
      'accountArn',
      'accountId',
      'version',
      'stackName',
    ]);
    expect(input.accountArn).toMatch(
      new RegExp(
        `^arn:aws:organizations::000000000000:account/o-[a-z0-9]+/${input.accountId}$`,
      ),
    );
    expect([input.version, input.stackName]).toEqual(['1.0.0', 'tenant-stack']);

    const standard = tierAccounts('standard');
    const canary = active.filter(a => !standard.includes(a)).slice(0, 2);
    const bad = standard[1];
    const fault = rs.sandbox.faults.add({
      kind: 'executionFailure',
      accountPattern: `^${bad}$`,
      cause: CAUSE,
    });
    const waves = {
      canary,
      tiers: ['standard'],
      canaryPreferences: { maxConcurrentCount: 1 },
      tierPreferences: { maxConcurrentCount: 1, failureToleranceCount: 0 },
      restPreferences: { maxConcurrentPercentage: 100 },
    };
    const halted = deploy('1.1.0', waves);
    const reason = `FAILED: States.TaskFailed: ${CAUSE}`;
    await expect(halted.promise).rejects.toThrow(
      `Wave tier standard halted: 1 failed, more than its failure tolerance (${bad} us-east-1: ${reason}). Fix the cause, then run tenancy:release:resume.`,
    );
    expect(tally(halted.outputs.waves as any[])).toEqual([
      ['canary', 2, 0, 0],
      ['tier standard', 1, 1, standard.length - 2],
    ]);
    expect(halted.outputs.failed).toEqual([
      { accountId: bad, region: 'us-east-1', reason },
    ]);
    expect(halted.lines).toContain(
      `info:   failed: ${bad} us-east-1: ${reason}`,
    );
    // Canary 2 + standard[0] + the failing one; the wave started no more.
    expect(rs.writes()['SFN.StartExecution']).toBe(active.length + 4);

    rs.sandbox.faults.remove(fault);
    const resumed = run('resume', {}, { taskId: 'task-resume' });
    await resumed.promise;
    expect(resumed.outputs.status).toBe('completed');
    expect(tally(resumed.outputs.waves as any[])).toEqual([
      // The tenants that already ran 1.1.0 count as done.
      ['tier standard', standard.length, 0, 0],
      ['the rest', active.length - 2 - standard.length, 0, 0],
    ]);
    // One new execution per tenant not yet on 1.1.0, the failed one's as attempt 2.
    expect(rs.writes()['SFN.StartExecution']).toBe(2 * active.length + 1);
    expect(executions().filter(e => e.name.endsWith(`-a2-${bad}`)).length).toBe(
      1,
    );
    const after = await currentOf('1.1.0');
    expect(new Set(active.map(a => after.get(a)))).toEqual(new Set(['1.1.0']));

    const back = run('rollback', { waves: ['tier standard'] });
    await back.promise;
    expect([back.outputs.version, back.outputs.status]).toEqual([
      '1.0.0',
      'completed',
    ]);
    const rolled = await currentOf('1.1.0');
    expect([
      [...new Set(standard.map(a => rolled.get(a)))],
      [...new Set(canary.map(a => rolled.get(a)))],
    ]).toEqual([['1.0.0'], ['1.1.0']]);
    // Who started what, for the Deployments history: by prefix of the execution names.
    const tr = rolloutPrefix('tr', 'tenant-stack', '1.1.0', 2);
    expect(starts.map(x => [x.operationPrefix, x.startedBy]).slice(1)).toEqual([
      [tr, 'user:default/deploy-user'],
      [`${tr}-w2-a2-`, 'user:default/resume-user'],
      [`${tr}-w3-`, 'user:default/resume-user'],
      [
        rolloutPrefix('rb', 'tenant-stack', '1.0.0', 3),
        'user:default/rollback-user',
      ],
    ]);
    const rollbackInputs = executions()
      .filter(e => e.name.startsWith('rb-'))
      .map(e => JSON.parse(e.input).version);
    expect(rollbackInputs).toEqual(standard.map(() => '1.0.0'));
  });

  it.each([
    ['re-attaches to the running executions it lists', 0, 2],
    [
      'sends the same StartExecution when ListExecutions does not show them yet',
      60_000,
      0,
    ],
  ])(
    'a task restart mid-wave %s: 0 duplicates',
    async (_what, lagMs, reattached) => {
      if (lagMs) {
        await rs.stop();
        rs = await startReleaseSandbox(databases, {
          pipeline: true,
          executionListLagMs: lagMs,
        });
      }
      const standard = tierAccounts('standard');
      const input = {
        version: '1.0.0',
        templateBody: templateOf('1.0.0'),
        tiers: ['standard'],
        // SOFT: in STRICT mode tolerance 0 would allow one at a time.
        tierPreferences: {
          maxConcurrentCount: 2,
          concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        },
        restPreferences: { maxConcurrentPercentage: 100 },
      };
      const checkpoints = new Map<string, unknown>();
      const gate = rs.gate();
      const first = run('deploy', input, { taskId: 'task-r', checkpoints });
      // The task logs each start once AWS answered; then it waits (held by the gate).
      const started = () =>
        first.lines.filter(l => l.includes('Started execution')).length;
      for (let i = 0; i < 500 && started() < 2; i++)
        await new Promise(r => setTimeout(r, 10));
      expect([started(), executions().length]).toEqual([2, 2]);
      gate.crash();
      await expect(first.promise).rejects.toThrow('backend stopped');
      gate.release();
      const recovered = run('deploy', input, {
        taskId: 'task-r',
        checkpoints,
      });
      await recovered.promise;
      expect(recovered.outputs.status).toBe('completed');
      expect(
        recovered.lines.filter(l =>
          /re-attaching to execution tr-1-0-0-/.test(l),
        ).length,
      ).toBe(reattached);
      const names = executions().map(e => e.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.length).toBe(activeTenants().length);
      // Without the listing, the two running ones are sent again: idempotent, same executions.
      expect(rs.writes()).toEqual({
        'SFN.StartExecution': activeTenants().length + 2 - reattached,
      });
      expect((recovered.outputs.waves as any[])[0].done).toBe(standard.length);
    },
  );

  it('the deploy’s dry run makes 0 mutating calls and names the pipeline waves', async () => {
    const before = rs.mutating();
    const dry = run(
      'deploy',
      {
        version: '1.0.0',
        templateBody: templateOf('1.0.0'),
        tiers: ['premium'],
      },
      { isDryRun: true },
    );
    await dry.promise;
    expect(rs.mutating() - before).toBe(0);
    expect(executions()).toEqual([]);
    expect(dry.lines).toContain(
      `info: Dry run: wave 1/2 (tier premium) would deploy 1.0.0 to ${
        tierAccounts('premium').length
      } tenants`,
    );
  });
});
