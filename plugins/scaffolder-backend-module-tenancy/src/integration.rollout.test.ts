/**
 * The Roll out a tenant release template through the real scaffolder against the sandbox
 * (docs/aws-behaviours/rollouts.md): progress lines per wave, a halt at tolerance 0 with the
 * failure's reason, resume, rollback of one wave; and a backend killed mid-wave whose recovered
 * task re-attaches to the running StackSet operation (0 duplicate operations).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '@tenancy/aws-sandbox';
import {
  finishedTask,
  startPortal,
  startTask,
  taskEvents,
  waitFor,
} from './__testUtils__/portal';
import { startPortalProcess } from './__testUtils__/portalChild';

jest.setTimeout(300_000);

const TEMPLATE = 'template:default/roll-out-release';
const REASON =
  'ResourceLogicalId:ApiFunction, ResourceType:AWS::Lambda::Function, ResourceStatusReason:Code storage limit exceeded.';
const body = (v: string) => JSON.stringify({ Description: v, Resources: {} });
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The task's status and its event messages (waits for it to finish unless `finished` is false). */
const messages = async (base: string, id: string, finished = true) => {
  const { task, events } = finished
    ? await finishedTask(base, id)
    : { task: { status: 'running' }, events: await taskEvents(base, id) };
  return {
    status: task.status as string,
    // Log lines come as `info: <line>` with the level coloured; the step's error as is.
    lines: events.map(e =>
      String(e.body?.message ?? '')
        // eslint-disable-next-line no-control-regex
        .replace(/\u001b\[[0-9;]*m/g, '')
        .replace(/^info: /, ''),
    ),
  };
};
const activeIn = (sandbox: Sandbox, tier: string) => {
  const org = sandbox.state.org;
  return org
    .childAccounts(org.parentByPath(`/Tenants/${tier}`)!)
    .filter(a => a.state === 'ACTIVE')
    .map(a => a.id);
};

describe('Roll out a tenant release', () => {
  it('three waves with progress lines; wave 2 halts at tolerance 0 naming the failure; resume completes; rollback of that wave returns its tenants', async () => {
    const sandbox = await startSandbox({ port: 0, seed: 11, tenants: 20 });
    const portal = await startPortal(sandbox.endpoint);
    try {
      const standard = activeIn(sandbox, 'standard');
      const premium = activeIn(sandbox, 'premium');
      const enterprise = activeIn(sandbox, 'enterprise');
      const canary = premium.slice(0, 2);
      const values = {
        mode: 'deploy',
        canary,
        tiers: ['standard'],
        tierMaxConcurrentPercentage: 25,
      };
      const first = await messages(
        portal.base,
        await startTask(
          portal.base,
          { ...values, version: '1.0.0', templateBody: body('1.0.0') },
          TEMPLATE,
        ),
      );
      const rest = premium.length + enterprise.length - 2;
      expect(first.status).toBe('completed');
      expect(first.lines).toEqual(
        expect.arrayContaining([
          'Wave 1/3 (canary): 2 done, 0 failed, 0 remaining',
          `Wave 2/3 (tier standard): ${standard.length} done, 0 failed, 0 remaining`,
          `Wave 3/3 (the rest): ${rest} done, 0 failed, 0 remaining`,
        ]),
      );

      const bad = standard[0];
      const fault = sandbox.faults.add({
        kind: 'stackInstanceFailure',
        accountPattern: `^${bad}$`,
        statusReason: REASON,
      });
      const batch = Math.max(1, Math.floor(standard.length / 4));
      const halted = await messages(
        portal.base,
        await startTask(
          portal.base,
          { ...values, version: '1.1.0', templateBody: body('1.1.0') },
          TEMPLATE,
        ),
      );
      expect(halted.status).toBe('failed');
      expect(halted.lines).toEqual(
        expect.arrayContaining([
          `Wave 2/3 (tier standard): ${batch - 1} done, 1 failed, ${
            standard.length - batch
          } remaining`,
          `  failed: ${bad} us-east-1: ${REASON}`,
          `Error: Wave tier standard halted: 1 failed, more than its failure tolerance (${bad} us-east-1: ${REASON}). Fix the cause, then run tenancy:release:resume.`,
        ]),
      );

      sandbox.faults.remove(fault);
      const resumed = await messages(
        portal.base,
        await startTask(
          portal.base,
          { mode: 'resume', version: '1.1.0' },
          TEMPLATE,
        ),
      );
      expect(resumed.status).toBe('completed');
      expect(resumed.lines).toEqual(
        expect.arrayContaining([
          `Wave 2/3 (tier standard): ${standard.length} done, 0 failed, 0 remaining`,
          `Wave 3/3 (the rest): ${rest} done, 0 failed, 0 remaining`,
        ]),
      );
      const planAfter = await messages(
        portal.base,
        await startTask(
          portal.base,
          {
            mode: 'rollback',
            version: '1.1.0',
            rollbackWaves: ['tier standard'],
          },
          TEMPLATE,
        ),
      );
      expect(planAfter.status).toBe('completed');
      expect(planAfter.lines).toEqual(
        expect.arrayContaining([
          `Plan 1.1.0: 0 to deploy, ${
            standard.length + premium.length + enterprise.length
          } already on it, 2 skipped, 0 blocked, 0 drifted`,
          `Rollback of tenant-stack 1.1.0 → 1.0.0: ${standard.length} tenants moved`,
          `Wave 1/1 (rollback): ${standard.length} done, 0 failed, 0 remaining`,
        ]),
      );
      const set = sandbox.state.stackSets.find(s => s.name === 'tenant-stack')!;
      const lastOps = new Set(
        set.instances
          .filter(i => standard.includes(i.account))
          .map(i => `${i.status} ${i.lastOperationId?.slice(0, 9)}`),
      );
      expect([...lastOps]).toEqual(['CURRENT rb-1-0-0-']);
    } finally {
      await portal.backend.stop();
      await sandbox.stop();
    }
  });

  it('a backend killed mid-wave: the recovered task re-attaches to the running operation, 0 duplicate operations', async () => {
    const sqliteDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'tenancy-rollout-'),
    );
    // Each batch of instances takes 10 simulated minutes: the task waits until the clock moves.
    const sandbox = await startSandbox({
      port: 0,
      seed: 11,
      tenants: 6,
      durations: { stackSetOperationMs: 600_000 },
    });
    try {
      const first = await startPortalProcess(sandbox.endpoint, sqliteDir);
      const id = await startTask(
        first.base,
        { mode: 'deploy', version: '1.0.0', templateBody: body('1.0.0') },
        TEMPLATE,
      );
      await waitFor('the deploy to wait on its wave', async () =>
        (
          await taskEvents(first.base, id)
        ).some(
          e =>
            e.body?.stepId === 'deploy' &&
            /Wave 1\/1 \(the rest\) operation .*waiting/.test(
              e.body?.message ?? '',
            ),
        )
          ? true
          : undefined,
      );
      await first.kill();
      const second = await startPortal(sandbox.endpoint, sqliteDir);
      try {
        // The recovered deploy finds its wave's operation still running and follows it.
        const reattached =
          /^Wave 1\/1 \(the rest\): re-attaching to running operation tr-1-0-0-[0-9a-f]{10}-w1-a1-c$/;
        await waitFor('the recovered task to re-attach', async () =>
          (
            await messages(second.base, id, false)
          ).lines.some(l => reattached.test(l))
            ? true
            : undefined,
        );
        sandbox.clock.advance(3_600_000);
        const { status, lines } = await messages(second.base, id);
        expect(status).toBe('completed');
        const calls = sandbox.stats().calls;
        expect([
          calls['CloudFormation.CreateStackSet'],
          calls['CloudFormation.CreateStackInstances'],
          calls['CloudFormation.UpdateStackSet'] ?? 0,
          calls['CloudFormation.UpdateStackInstances'] ?? 0,
        ]).toEqual([1, 1, 0, 0]);
        expect(lines).toEqual(
          expect.arrayContaining([
            'Task recovered - resuming from last known good state. 1 step(s) already completed.',
            'Wave 1/1 (the rest): 5 done, 0 failed, 0 remaining',
          ]),
        );
      } finally {
        await second.backend.stop();
      }
    } finally {
      await sandbox.stop();
      fs.rmSync(sqliteDir, { recursive: true, force: true });
    }
  });
});
