/**
 * Fleet rollouts end to end against the AWS sandbox (docs/aws-behaviours/rollouts.md): waves,
 * halt at tolerance 0 and resume, rollback of one wave, two concurrent rollouts, a restart
 * mid-wave, suspended and closing tenants skipped, the plan's dry run.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { testContext } from '../__testUtils__/harness';
import {
  ReleaseSandbox,
  startReleaseSandbox,
  templateOf,
} from '../__testUtils__/releaseSandbox';
import { createTenancyReleaseDeployAction } from './tenancyReleaseDeploy';
import { createTenancyReleasePlanAction } from './tenancyReleasePlan';
import { createTenancyReleaseResumeAction } from './tenancyReleaseResume';
import { createTenancyReleaseRollbackAction } from './tenancyReleaseRollback';

jest.setTimeout(60_000);

const REASON =
  'ResourceLogicalId:ApiFunction, ResourceType:AWS::Lambda::Function, ResourceStatusReason:Resource handler returned message: "Code storage limit exceeded."';

describe('tenant-stack rollouts against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let rs: ReleaseSandbox;
  beforeEach(async () => {
    rs = await startReleaseSandbox(databases);
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

  async function run(
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
    const action = create(rs.deps, rs.deps.releases!);
    const t = testContext(input as any, opts);
    t.ctx.task = { id: opts.taskId ?? `task-${kind}` };
    const promise = action.handler(t.ctx);
    return { ...t, promise };
  }
  const deploy = async (
    version: string,
    extra: Record<string, unknown> = {},
    taskId = `task-${version}`,
  ) => {
    const r = await run(
      'deploy',
      { version, templateBody: templateOf(version), ...extra },
      { taskId },
    );
    await r.promise;
    return r;
  };
  const versions = async (version: string) => {
    const r = await run('plan', { version });
    await r.promise;
    return r.outputs as any;
  };
  const waitForLine = async (lines: string[], re: RegExp) => {
    for (let i = 0; i < 500 && !lines.some(l => re.test(l)); i++)
      await new Promise(r => setTimeout(r, 10));
    if (!lines.some(l => re.test(l))) throw new Error(`no line ${re}`);
  };

  it('first release: canary, tier standard, the rest; suspended and closing tenants skipped and listed', async () => {
    const standard = tierAccounts('standard');
    const canary = activeTenants()
      .filter(a => !standard.includes(a))
      .slice(0, 2);
    const r = await deploy('1.0.0', {
      canary,
      tiers: ['standard'],
      canaryPreferences: { maxConcurrentCount: 1 },
      tierPreferences: { maxConcurrentCount: 5 },
      restPreferences: { maxConcurrentPercentage: 100 },
    });
    const active = activeTenants();
    expect(r.outputs.status).toBe('completed');
    expect(
      (r.outputs.waves as any[]).map(w => [
        w.name,
        w.done,
        w.failed,
        w.remaining,
      ]),
    ).toEqual([
      ['canary', 2, 0, 0],
      ['tier standard', standard.length, 0, 0],
      ['the rest', active.length - 2 - standard.length, 0, 0],
    ]);
    const suspended = org()
      .accounts()
      .filter(a => a.state === 'SUSPENDED')
      .map(a => ({ accountId: a.id, reason: 'suspended' }));
    const closing = org()
      .accountsUnder(org().parentByPath('/Tenants')!, true)
      .filter(a => a.state === 'PENDING_CLOSURE')
      .map(a => ({ accountId: a.id, reason: 'closing' }));
    expect(r.outputs.skipped).toEqual(
      expect.arrayContaining([...suspended, ...closing]),
    );
    expect((r.outputs.skipped as any[]).length).toBe(
      suspended.length + closing.length,
    );
    expect([suspended.length, closing.length]).toEqual([1, 1]);
    expect(rs.writes()).toEqual({ CreateStackSet: 1, CreateStackInstances: 3 });
    expect((await versions('1.0.0')).counts).toEqual({
      deploy: 0,
      none: active.length,
      skipped: 2,
      blocked: 0,
      drifted: 0,
    });
  });

  it('halts wave 2 at tolerance 0 with the failure and its reason; resume completes it; rollback of that wave returns its tenants', async () => {
    await deploy('1.0.0', {
      restPreferences: { maxConcurrentPercentage: 100 },
    });
    const standard = tierAccounts('standard');
    const canary = activeTenants()
      .filter(a => !standard.includes(a))
      .slice(0, 2);
    const bad = standard[1];
    const fault = rs.sandbox.faults.add({
      kind: 'stackInstanceFailure',
      accountPattern: `^${bad}$`,
      statusReason: REASON,
    });
    const waves = {
      canary,
      tiers: ['standard'],
      canaryPreferences: { maxConcurrentCount: 1 },
      tierPreferences: { maxConcurrentCount: 1, failureToleranceCount: 0 },
      restPreferences: { maxConcurrentPercentage: 100 },
    };
    const halted = await run(
      'deploy',
      { version: '1.1.0', templateBody: templateOf('1.1.0'), ...waves },
      { taskId: 'task-1.1.0' },
    );
    await expect(halted.promise).rejects.toThrow(
      `Wave tier standard halted: 1 failed, more than its failure tolerance (${bad} us-east-1: ${REASON}). Fix the cause, then run tenancy:release:resume.`,
    );
    expect(
      (halted.outputs.waves as any[]).map(w => [
        w.name,
        w.done,
        w.failed,
        w.remaining,
      ]),
    ).toEqual([
      ['canary', 2, 0, 0],
      ['tier standard', 1, 1, standard.length - 2],
    ]);
    expect(halted.outputs.failed).toEqual([
      { accountId: bad, region: 'us-east-1', reason: REASON },
    ]);
    expect(halted.lines).toContain(
      `info:   failed: ${bad} us-east-1: ${REASON}`,
    );

    rs.sandbox.faults.remove(fault);
    const resumed = await run('resume', {}, { taskId: 'task-resume' });
    await resumed.promise;
    expect(resumed.outputs.status).toBe('completed');
    expect(
      (resumed.outputs.waves as any[]).map(w => [w.name, w.failed]),
    ).toEqual([
      ['tier standard', 0],
      ['the rest', 0],
    ]);
    const after = await versions('1.1.0');
    expect(after.counts.none).toBe(activeTenants().length);

    const back = await run('rollback', { waves: ['tier standard'] });
    await back.promise;
    expect([back.outputs.version, back.outputs.status]).toEqual([
      '1.0.0',
      'completed',
    ]);
    const plan = (await versions('1.1.0')).tenants as any[];
    const current = (ids: string[]) => [
      ...new Set(
        plan.filter(p => ids.includes(p.accountId)).map(p => p.current),
      ),
    ];
    expect([current(standard), current(canary)]).toEqual([
      ['1.0.0'],
      ['1.1.0'],
    ]);
  });

  it('refuses a second rollout of the StackSet while one runs, naming it', async () => {
    const gate = rs.gate();
    const first = await run(
      'deploy',
      { version: '1.0.0', templateBody: templateOf('1.0.0') },
      { taskId: 'task-a' },
    );
    await waitForLine(first.lines, /Wave 1\/1 \(the rest\) operation/);
    const second = await run(
      'deploy',
      { version: '2.0.0', templateBody: templateOf('2.0.0') },
      { taskId: 'task-b' },
    );
    await expect(second.promise).rejects.toThrow(
      'Rollout of tenant-stack 1.0.0 is running (task task-a, started by unknown at 2026-03-15T12:00:00.000Z); wait for it to finish, or resume it if it halted',
    );
    gate.release();
    await first.promise;
    expect(first.outputs.status).toBe('completed');
    expect(rs.writes()).toEqual({ CreateStackSet: 1, CreateStackInstances: 1 });
  });

  it('a backend restart mid-wave re-attaches to the running operation: 0 duplicate operations', async () => {
    await deploy('1.0.0', {
      restPreferences: { maxConcurrentPercentage: 100 },
    });
    const standard = tierAccounts('standard');
    const input = {
      version: '1.1.0',
      templateBody: templateOf('1.1.0'),
      tiers: ['standard'],
      tierPreferences: { maxConcurrentCount: 2 },
      restPreferences: { maxConcurrentPercentage: 100 },
    };
    const checkpoints = new Map<string, unknown>();
    const gate = rs.gate();
    const first = await run('deploy', input, { taskId: 'task-r', checkpoints });
    await waitForLine(
      first.lines,
      /Wave 1\/2 \(tier standard\) operation .*RUNNING/,
    );
    gate.crash();
    await expect(first.promise).rejects.toThrow('backend stopped');
    gate.release();
    const recovered = await run('deploy', input, {
      taskId: 'task-r',
      checkpoints,
    });
    await recovered.promise;
    expect(recovered.outputs.status).toBe('completed');
    expect(
      recovered.lines.some(l =>
        /re-attaching to running operation tr-1-1-0-/.test(l),
      ),
    ).toBe(true);
    expect(rs.writes()).toEqual({
      CreateStackSet: 1,
      CreateStackInstances: 1,
      UpdateStackSet: 1,
      UpdateStackInstances: 1,
    });
    expect((recovered.outputs.waves as any[])[0].done).toBe(standard.length);
  });

  it('the plan’s and the deploy’s dry runs make 0 mutating calls; drift detection lists the drifted tenant', async () => {
    await deploy('1.0.0', {
      restPreferences: { maxConcurrentPercentage: 100 },
    });
    const drifted = tierAccounts('premium')[0];
    rs.sandbox.faults.add({
      kind: 'stackInstanceDrift',
      accountPattern: `^${drifted}$`,
    });
    const before = rs.mutating();
    const dry = await run(
      'plan',
      { version: '1.1.0', detectDrift: true },
      { isDryRun: true },
    );
    await dry.promise;
    const dryDeploy = await run(
      'deploy',
      {
        version: '1.1.0',
        templateBody: templateOf('1.1.0'),
        tiers: ['premium'],
      },
      { isDryRun: true },
    );
    await dryDeploy.promise;
    expect(rs.mutating() - before).toBe(0);
    expect(dry.lines).toContain(
      'info: Dry run: would run drift detection on StackSet tenant-stack',
    );
    expect(dryDeploy.lines).toEqual(
      expect.arrayContaining([
        `info: Dry run: wave 1/2 (tier premium) would deploy 1.1.0 to ${
          tierAccounts('premium').length
        } tenants`,
        `info: Dry run: wave 2/2 (the rest) would deploy 1.1.0 to ${
          activeTenants().length - tierAccounts('premium').length
        } tenants`,
      ]),
    );
    const real = await run('plan', { version: '1.1.0', detectDrift: true });
    await real.promise;
    expect((real.outputs.counts as any).drifted).toBe(1);
    expect(
      (real.outputs.tenants as any[])
        .filter(t => t.drifted)
        .map(t => t.accountId),
    ).toEqual([drifted]);
    expect((real.outputs.counts as any).deploy).toBe(activeTenants().length);
  });
});
