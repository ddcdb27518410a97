/**
 * CASES X3 through the real scaffolder: the backend stops while the task waits on the baseline
 * StackSet operation (its process is killed); a new backend on the same databases recovers the task (strategy
 * startOver), the steps before it run again, and the end state is one account, one budget, one
 * Tenant entity.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startSandbox } from '@tenancy/aws-sandbox';
import { collectAll } from '@tenancy/plugin-tenants-node';
import {
  api,
  finishedTask,
  sandboxCredentials,
  startPortal,
  startTask,
  taskEvents,
  waitFor,
} from './__testUtils__/portal';
import { startPortalProcess } from './__testUtils__/portalChild';

jest.setTimeout(300_000);

describe('a vending task survives a backend restart', () => {
  it('CASES X3: 0 extra CreateAccount, the move is a no-op, the wait re-attaches; one account, one Tenant entity', async () => {
    const sqliteDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'tenancy-recovery-'),
    );
    // StackSet operations take 10 simulated minutes: the task waits until the clock moves.
    const sandbox = await startSandbox({
      port: 0,
      seed: 11,
      tenants: 6,
      durations: { stackSetOperationMs: 600_000 },
    });
    try {
      const first = await startPortalProcess(sandbox.endpoint, sqliteDir);
      const id = await startTask(first.base, {
        tenantId: 'globex-rec',
        owner: 'group:default/team-bravo',
        tier: 'standard',
        budgetAmountUsd: 100,
        homeRegion: 'eu-west-1',
      });
      await waitFor('the task to wait on the baseline', async () =>
        (
          await taskEvents(first.base, id)
        ).some(
          e =>
            e.body?.stepId === 'baseline' &&
            /waiting/.test(e.body?.message ?? ''),
        )
          ? true
          : undefined,
      );
      const before = sandbox.stats().calls;
      expect(before['Organizations.CreateAccount']).toBe(1);
      await first.kill();

      const second = await startPortal(sandbox.endpoint, sqliteDir);
      await waitFor('the task to be recovered', async () =>
        (await taskEvents(second.base, id)).some(e => e.type === 'recovered')
          ? true
          : undefined,
      );
      sandbox.clock.advance(3_600_000);
      const { task, events } = await finishedTask(second.base, id);
      expect(task.status).toBe('completed');
      const after = sandbox.stats().calls;
      expect([
        after['Organizations.CreateAccount'],
        after['Organizations.MoveAccount'] ?? 0,
        after['Budgets.CreateBudget'],
      ]).toEqual([1, 1, 1]);
      const org = new OrganizationsClient({
        endpoint: sandbox.endpoint,
        region: 'us-east-1',
        credentials: sandboxCredentials,
      });
      const accounts = (
        await collectAll(
          t => org.send(new ListAccountsCommand({ NextToken: t })),
          p => p.Accounts,
          p => p.NextToken,
        )
      ).filter(a => a.Email === 'aws+tenant-globex-rec@saas-example.com');
      expect(accounts).toHaveLength(1);
      const entity = await api(
        second.base,
        '/api/catalog/entities/by-name/tenant/default/globex-rec',
      );
      expect([entity.status, entity.body?.spec?.accountId]).toEqual([
        200,
        accounts[0].Id,
      ]);
      const lines = events.map(e => e.body?.message ?? '');
      expect(lines).toEqual(
        expect.arrayContaining([
          'Skipping step account because it was already completed in a previous run',
          'Skipping step move because it was already completed in a previous run',
          'Beginning step Apply the baseline StackSet',
        ]),
      );
      // The wait re-attached to the auto-deployment started by the move: no operation of ours.
      expect(after['CloudFormation.CreateStackInstances'] ?? 0).toBe(0);
      expect(
        lines.some(l =>
          /Baseline tenant-baseline in us-east-1: CURRENT/.test(l),
        ),
      ).toBe(true);
    } finally {
      await sandbox.stop();
      fs.rmSync(sqliteDir, { recursive: true, force: true });
    }
  });
});
