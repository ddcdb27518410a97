/**
 * The offboarding actions against the AWS sandbox, in template order (docs/aws-behaviours/offboarding.md).
 */
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import {
  startOffboarding,
  SPEND_MONTHS,
} from './__testUtils__/offboardingSetup';

jest.setTimeout(60_000);

type Setup = Awaited<ReturnType<typeof startOffboarding>>;
const STEPS = [
  'plan',
  'suspend',
  'remove',
  'budget',
  'spend',
  'close',
  'state',
] as const;

/** The template's offboard steps, sharing one task's checkpoints. */
async function offboard(
  s: Setup,
  t: { tenantId: string; accountId: string },
  opts: { isDryRun?: boolean; checkpoints?: Map<string, unknown> } = {},
) {
  const checkpoints = opts.checkpoints ?? new Map<string, unknown>();
  const lines: Record<string, string[]> = {};
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const step of STEPS) {
    const input: Record<string, any> = { ...t };
    if (step === 'plan')
      Object.assign(input, {
        confirmation: t.tenantId,
        mode: 'offboard',
        retainStacks: false,
      });
    if (step === 'remove') input.retainStacks = false;
    if (step === 'state') input.state = 'closed';
    const r = await s.run(step, input, {
      isDryRun: opts.isDryRun,
      checkpoints,
    });
    lines[step] = r.lines;
    outputs[step] = r.outputs;
  }
  return { lines, outputs, checkpoints };
}

describe('offboarding against the sandbox', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.stop();
  });

  it('offboards a tenant: suspended in /Suspended, instances gone, budget deleted, spend kept, account closed', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    const { outputs, lines } = await offboard(s, t);
    const account = s.sandbox.state.org.account(t.accountId)!;
    expect(s.sandbox.state.org.pathOf(account.parentId)).toBe('/Suspended');
    expect(account.state).toBe('SUSPENDED');
    expect(account.tags['tenancy-state']).toBe('closing');
    expect(s.sandbox.state.budgets.map(b => b.budget.BudgetName)).not.toContain(
      `tenant-${t.tenantId}`,
    );
    // 250 closes per 30 days (AWS's floor); the seeded organization has 1 SUSPENDED account.
    expect(outputs.plan).toMatchObject({
      alreadyClosed: false,
      state: 'active',
      closeQuotaLeft: 249,
      blockers: [],
    });
    expect(outputs.suspend).toMatchObject({ moved: true });
    expect(outputs.budget).toEqual({
      budgetName: `tenant-${t.tenantId}`,
      deleted: true,
    });
    expect(outputs.spend).toEqual({
      months: SPEND_MONTHS,
      lastMonth: '412.50',
    });
    expect(outputs.close).toEqual({ state: 'SUSPENDED', closed: true });
    expect(s.followed).toEqual(['closed']);
    expect(lines.close).toContain(
      `info: Account ${t.accountId} is closed (State SUSPENDED); AWS keeps it 90 days, then removes it`,
    );
    expect(s.writesByOperation()).toEqual({
      'Organizations.TagResource': 2,
      'Organizations.MoveAccount': 1,
      'Budgets.DeleteBudget': 1,
      'Organizations.CloseAccount': 1,
    });
    expect(s.activity.map(a => a.summary)).toEqual([
      'Offboarding planned: 5 steps (tenancy:offboard:plan)',
      `Account ${t.accountId} suspended: in /Suspended, suspended-deny-all-but-read applies (tenancy:account:suspend)`,
      `Budget tenant-${t.tenantId} deleted (tenancy:budget:delete)`,
      `Spend history of tenant ${t.tenantId} kept: 13 months (2025-03 to 2026-03), last month 412.50 USD (tenancy:spend:archive)`,
      `Account ${t.accountId} closed with CloseAccount (State SUSPENDED) (tenancy:account:close)`,
      'Tenant shown closed (State X) (tenancy:tenant:state)',
    ]);
  });

  it('running it again for a closed tenant says so and changes nothing', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    await offboard(s, t);
    s.sandbox.resetStats();
    const activity = s.activity.length;
    const { outputs, lines } = await offboard(s, t);
    expect(s.writesByOperation()).toEqual({});
    expect(outputs.plan).toMatchObject({
      alreadyClosed: true,
      state: 'closed',
      steps: [],
    });
    const already = `info: Tenant ${t.tenantId} (account ${t.accountId}) is already closed (State SUSPENDED); nothing changed`;
    for (const step of ['suspend', 'remove', 'budget', 'close'])
      expect(lines[step]).toEqual([already]);
    expect(lines.plan[0]).toBe(
      `info: Tenant ${t.tenantId} (account ${t.accountId}) is already closed (State SUSPENDED); the run changes nothing`,
    );
    // Only the plan, spend and state steps record again (what was read); no AWS write.
    expect(s.activity.slice(activity).map(a => a.summary)).toEqual([
      'Offboarding planned: 0 steps (already closed: nothing to do) (tenancy:offboard:plan)',
      `Spend history of tenant ${t.tenantId} kept: 13 months (2025-03 to 2026-03), last month 412.50 USD (tenancy:spend:archive)`,
      'Tenant shown closed (State X) (tenancy:tenant:state)',
    ]);
  });

  it('a dry run of every step makes 0 mutating calls', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    const { outputs, lines } = await offboard(s, t, { isDryRun: true });
    expect(s.writesByOperation()).toEqual({});
    expect(outputs.close).toEqual({ state: 'SUSPENDED', closed: true });
    expect(lines.suspend.at(-1)).toMatch(
      new RegExp(
        `^info: Dry run: would tag account ${t.accountId} tenancy-state=offboarding and move it from ou-`,
      ),
    );
    expect(s.sandbox.state.org.account(t.accountId)!.state).toBe('ACTIVE');
    expect(s.activity).toEqual([]);
  });

  it('refuses the management account before any AWS call, in a dry run too', async () => {
    s = await startOffboarding();
    for (const isDryRun of [false, true]) {
      await expect(
        s.run(
          'close',
          { tenantId: 'acme', accountId: '000000000000' },
          { isDryRun },
        ),
      ).rejects.toThrow(
        "Account 000000000000 is the organization's management account (tenancy.aws.managementAccountId); it is never a tenant, so tenancy:account:close refuses it (rule account.central)",
      );
    }
    expect(s.sandbox.stats().calls).toEqual({});
  });

  it('refuses a user without tenants.tenant.offboard before any AWS call', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    s.allowed.value = false;
    await expect(s.run('suspend', t)).rejects.toThrow(
      `tenancy:account:suspend needs the permission tenants.tenant.offboard for tenant ${t.tenantId}; only platform engineers hold it (rule offboard.permission)`,
    );
    expect(s.sandbox.stats().calls).toEqual({});
  });

  it('refuses an account of another tenant and a wrong confirmation', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    await expect(
      s.run('plan', { ...t, confirmation: 'acme', mode: 'offboard' }),
    ).rejects.toThrow(
      `Type the tenant id ${t.tenantId} to confirm; got 'acme'. Nothing was changed (rule offboard.confirmation)`,
    );
    await expect(
      s.run('suspend', { ...t, tenantId: 'globex' }),
    ).rejects.toThrow(
      `Account ${t.accountId} belongs to tenant ${t.tenantId} (tag tenant=${t.tenantId}), not to tenant globex; tenancy:account:suspend changes nothing (rule account.oneTenant)`,
    );
    expect(s.writesByOperation()).toEqual({});
  });

  it('close quota exhausted: the close step fails with AWS reason; a later run resumes it', async () => {
    s = await startOffboarding({
      limits: { closeAccountQuota: 1 },
      closeAccountQuota: 1,
    });
    const t = await s.tenant();
    const other = s.sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE' && a.id !== t.accountId)!;
    await s.org.send(new CloseAccountCommand({ AccountId: other.id }));
    s.sandbox.resetStats();
    const checkpoints = new Map<string, unknown>();
    await expect(offboard(s, t, { checkpoints })).rejects.toThrow(
      `CloseAccount refused account ${t.accountId}: ConstraintViolationException CLOSE_ACCOUNT_QUOTA_EXCEEDED (You have exceeded close account quota for the past 30 days.): the organization closed as many accounts as its quota allows in the last 30 days. The account stays suspended; run this template again once the rolling 30-day window frees a close`,
    );
    expect(s.sandbox.state.org.account(t.accountId)!.state).toBe('ACTIVE');
    expect(s.writesByOperation()).toEqual({
      'Organizations.TagResource': 2,
      'Organizations.MoveAccount': 1,
      'Budgets.DeleteBudget': 1,
      'Organizations.CloseAccount': 1,
    });
    // 31 days later the window has room: a new run of the template closes it, nothing else.
    s.sandbox.clock.advance(31 * 86_400_000);
    s.sandbox.resetStats();
    const again = await offboard(s, t);
    expect(again.outputs.close).toEqual({ state: 'SUSPENDED', closed: true });
    expect(s.writesByOperation()).toEqual({ 'Organizations.CloseAccount': 1 });
  });

  it.each([
    ['Organizations', 'TagResource'],
    ['Organizations', 'MoveAccount'],
    ['Budgets', 'DeleteBudget'],
    ['Organizations', 'CloseAccount'],
  ])(
    'a re-run after %s.%s failed makes 0 duplicate calls',
    async (service, operation) => {
      s = await startOffboarding();
      const t = await s.tenant();
      s.sandbox.faults.add({
        kind: 'error',
        service,
        operation,
        code: 'AccessDeniedException',
        message: 'injected',
        count: 1,
      });
      const checkpoints = new Map<string, unknown>();
      await expect(offboard(s, t, { checkpoints })).rejects.toThrow(/injected/);
      await offboard(s, t, { checkpoints });
      const expected: Record<string, number> = {
        'Organizations.TagResource': 2,
        'Organizations.MoveAccount': 1,
        'Budgets.DeleteBudget': 1,
        'Organizations.CloseAccount': 1,
      };
      expected[`${service}.${operation}`] += 1;
      expect(s.writesByOperation()).toEqual(expected);
      expect(s.sandbox.state.org.account(t.accountId)!.state).toBe('SUSPENDED');
    },
  );

  it('removes the instances of an account still in its tier OU with one DeleteStackInstances, retaining the stacks', async () => {
    s = await startOffboarding({ durations: { stackSetOperationMs: 5_000 } });
    const t = await s.tenant();
    const set = s.sandbox.state.stackSets[0];
    const regions = set.instances
      .filter(i => i.account === t.accountId)
      .map(i => i.region);
    const checkpoints = new Map<string, unknown>();
    const first = await s.run(
      'remove',
      { ...t, retainStacks: true },
      { checkpoints },
    );
    const removed = first.outputs.removed as any[];
    expect(removed).toEqual([
      {
        stackSetName: 'tenant-baseline',
        regions,
        operationId: expect.stringMatching(
          new RegExp(`^tenancy-offboard-${t.accountId}-[0-9a-f]{16}$`),
        ),
      },
    ]);
    const op = set.operations.find(
      o => o.operationId === removed[0].operationId,
    )!;
    expect(op).toMatchObject({
      action: 'DELETE',
      retainStacks: true,
      status: 'SUCCEEDED',
    });
    expect(set.instances.filter(i => i.account === t.accountId)).toEqual([]);
    await s.run('remove', { ...t, retainStacks: true }, { checkpoints });
    expect(s.writesByOperation()).toEqual({
      'CloudFormation.DeleteStackInstances': 1,
    });
  });

  it('a re-run after DeleteStackInstances failed sends it once more, then never again', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    s.sandbox.faults.add({
      kind: 'error',
      service: 'CloudFormation',
      operation: 'DeleteStackInstances',
      code: 'StaleRequestException',
      message: 'injected',
      count: 1,
    });
    const checkpoints = new Map<string, unknown>();
    const input = { ...t, retainStacks: false };
    await expect(s.run('remove', input, { checkpoints })).rejects.toThrow(
      /injected/,
    );
    await s.run('remove', input, { checkpoints });
    await s.run('remove', input, { checkpoints });
    expect(s.writesByOperation()).toEqual({
      'CloudFormation.DeleteStackInstances': 2,
    });
  });

  it('CloseAccount answering ConcurrentModificationException is retried with backoff', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    await s.run('suspend', t);
    s.sandbox.faults.add({
      kind: 'error',
      service: 'Organizations',
      operation: 'CloseAccount',
      code: 'ConcurrentModificationException',
      message:
        "AWS Organizations can't complete your request because it conflicts with another attempt to modify the same entity. Try again later.",
      count: 2,
    });
    const r = await s.run('close', t);
    expect(r.outputs).toEqual({ state: 'SUSPENDED', closed: true });
    expect(s.writesByOperation()['Organizations.CloseAccount']).toBe(3);
    expect(
      r.lines.filter(l => l.includes('ConcurrentModificationException')),
    ).toEqual([
      `info: CloseAccount ${t.accountId}: ConcurrentModificationException, retrying (attempt 1 of 5)`,
      `info: CloseAccount ${t.accountId}: ConcurrentModificationException, retrying (attempt 2 of 5)`,
    ]);
  });

  it('reinstates a suspended tenant: back in its tier OU, state tag cleared, baseline CURRENT again', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    await s.run('suspend', t);
    const org = s.sandbox.state.org;
    expect(org.pathOf(org.account(t.accountId)!.parentId)).toBe('/Suspended');
    const back = await s.run('reinstate', t);
    expect(back.outputs).toMatchObject({
      ouPath: `/Tenants/${t.tier}`,
      moved: true,
    });
    const account = org.account(t.accountId)!;
    expect(org.pathOf(account.parentId)).toBe(`/Tenants/${t.tier}`);
    expect(account.tags['tenancy-state']).toBeUndefined();
    const baseline = await s.run('baseline', {
      accountId: t.accountId,
      ouId: back.outputs.ouId as string,
    });
    expect(baseline.outputs.status).toBe('CURRENT');
    // Reinstating again changes nothing.
    s.sandbox.resetStats();
    await s.run('reinstate', t);
    expect(s.writesByOperation()).toEqual({});
  });

  it('refuses to reinstate a tenant once CloseAccount was accepted', async () => {
    s = await startOffboarding();
    const t = await s.tenant();
    await offboard(s, t);
    await expect(s.run('reinstate', t)).rejects.toThrow(
      `Account ${t.accountId} of tenant ${t.tenantId} is closed (State SUSPENDED): CloseAccount was accepted, so it cannot be reinstated here; only AWS Support can reopen it, within 90 days of closure (rule offboard.reinstate)`,
    );
  });
});
