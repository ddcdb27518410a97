import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  InMemoryAwsCallMeter,
  type AwsClientFactory,
} from '@tenancy/plugin-tenants-node';
import { DefaultTenantsCollectorRegistry } from './collectorRegistry';
import { testAuditor } from '../__testUtils__/testApp';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';
import type { StoredTenant } from '../inventory/store/types';
import {
  REFRESH_TASK_ID,
  TenantsRefresher,
  meterDelta,
} from './TenantsRefresher';

jest.setTimeout(30_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setup(
  inventory: (previous: StoredTenant[]) => Promise<StoredTenant[]>,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  const meter = new InMemoryAwsCallMeter();
  meter.record('Organizations.ListRoots'); // a call before the run is not the run's
  const clients = { meter } as unknown as AwsClientFactory;
  const collectors = new DefaultTenantsCollectorRegistry();
  const events: Array<{ eventId: string; outcome: string; meta?: unknown }> =
    [];
  const scheduler = { triggerTask: jest.fn(async () => {}) };
  const refresher = new TenantsRefresher({
    store,
    clients,
    inventory: {
      collect: async ctx => {
        meter.record('Organizations.ListAccountsForParent');
        meter.record('Organizations.ListAccountsForParent');
        ctx.reportError({
          accountId: '999999999999',
          message: 'Tag owner=x is not a group entity ref',
        });
        return inventory(ctx.previous);
      },
    },
    collectors,
    logger: mockServices.logger.mock(),
    auditor: testAuditor(events),
    scheduler,
    timeoutMs: 15 * 60_000,
  });
  return { store, meter, collectors, events, scheduler, refresher };
}

describe('TenantsRefresher', () => {
  it('records a run: calls by operation, per-tenant errors; a failing collector does not fail it', async () => {
    const { store, meter, collectors, events, refresher } = await setup(
      async () => [makeTenant(1), makeTenant(2)],
    );
    collectors.register({
      name: 'health',
      collect: async ctx => {
        meter.record('CloudWatch.GetMetricData');
        ctx.reportError({
          tenantId: ctx.tenants[1].tenantId,
          message: 'no metrics',
        });
      },
    });
    collectors.register({
      name: 'spend',
      collect: async () => {
        throw new Error('Cost Explorer is not enabled');
      },
    });
    const run = await refresher.run({ id: 'run-1', trigger: 'schedule' });
    expect(run).toMatchObject({
      id: 'run-1',
      status: 'succeeded',
      awsCalls: {
        'CloudWatch.GetMetricData': 1,
        'Organizations.ListAccountsForParent': 2,
      },
      errors: [
        {
          accountId: '999999999999',
          collector: 'inventory',
          message: 'Tag owner=x is not a group entity ref',
        },
        { tenantId: 'tenant-002', collector: 'health', message: 'no metrics' },
        { collector: 'spend', message: 'Cost Explorer is not enabled' },
      ],
      tenantCount: 2,
    });
    expect(run.finishedAt).not.toBeNull();
    expect((await store.listAllTenants()).map(t => t.tenantId)).toEqual([
      'tenant-001',
      'tenant-002',
    ]);
    expect(await store.listActivity('tenant-001', 5)).toEqual([
      expect.objectContaining({
        kind: 'refresh',
        summary: 'Found in the tenants OU by refresh run-1',
      }),
    ]);
    expect(events).toEqual([
      {
        eventId: 'refresh',
        outcome: 'success',
        meta: {
          runId: 'run-1',
          trigger: 'schedule',
          tenantCount: 2,
          errorCount: 3,
          awsCalls: {
            'CloudWatch.GetMetricData': 1,
            'Organizations.ListAccountsForParent': 2,
          },
        },
      },
    ]);
  });

  it('records state changes as activity on the next run', async () => {
    let state: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE';
    const { store, refresher } = await setup(async () => [
      makeTenant(1, { state }),
    ]);
    await refresher.run({ id: 'run-1', trigger: 'schedule' });
    state = 'SUSPENDED';
    await refresher.run({ id: 'run-2', trigger: 'schedule' });
    expect(
      (await store.listActivity('tenant-001', 5)).map(a => a.summary),
    ).toEqual([
      'Changed: state ACTIVE → SUSPENDED (refresh run-2)',
      'Found in the tenants OU by refresh run-1',
    ]);
  });

  it('fails the run only when the inventory cannot be read, keeping the stored tenants', async () => {
    let fail = false;
    const { store, events, refresher } = await setup(async () => {
      if (fail)
        throw new Error('AccessDenied: organizations:ListAccountsForParent');
      return [makeTenant(1)];
    });
    await refresher.run({ id: 'run-1', trigger: 'schedule' });
    fail = true;
    const run = await refresher.run({
      id: 'run-2',
      trigger: 'manual',
      actor: 'user:default/pat',
    });
    expect(run.status).toBe('failed');
    expect(run.errors).toContainEqual({
      collector: 'inventory',
      message: 'AccessDenied: organizations:ListAccountsForParent',
    });
    expect((await store.listAllTenants()).map(t => t.tenantId)).toEqual([
      'tenant-001',
    ]);
    expect(events[1]).toMatchObject({
      eventId: 'refresh',
      outcome: 'fail',
      meta: { runId: 'run-2', actor: 'user:default/pat' },
    });
  });

  it('queues a manual refresh, triggers the task, and the task runs that run id', async () => {
    const { store, scheduler, refresher } = await setup(async () => [
      makeTenant(1),
    ]);
    const first = await refresher.requestRefresh({ actor: 'user:default/pat' });
    expect(first.alreadyRunning).toBe(false);
    expect(scheduler.triggerTask).toHaveBeenCalledWith(REFRESH_TASK_ID);
    expect(
      await refresher.requestRefresh({ actor: 'user:default/sam' }),
    ).toEqual({ runId: first.runId, alreadyRunning: true });
    await refresher.runScheduled();
    const runs = await store.listRefreshRuns(10);
    expect(runs.map(r => [r.id, r.status, r.trigger, r.actor])).toEqual([
      [first.runId, 'succeeded', 'manual', 'user:default/pat'],
    ]);
  });

  it('marks runs left running by a stopped backend as failed', async () => {
    const { store, refresher } = await setup(async () => [makeTenant(1)]);
    await store.startRefreshRun({
      id: 'crashed',
      trigger: 'schedule',
      startedAt: new Date(Date.now() - 60_000),
    });
    await refresher.runScheduled();
    const crashed = await store.getRefreshRun('crashed');
    expect(crashed?.status).toBe('failed');
    expect(crashed?.errors).toEqual([
      {
        collector: 'refresh',
        message: 'Interrupted: the backend stopped during the run',
      },
    ]);
    expect(
      (await store.listRefreshRuns(10)).filter(r => r.status === 'succeeded'),
    ).toHaveLength(1);
  });

  it('computes the calls of a run from two meter snapshots', () => {
    expect(
      meterDelta({ 'A.X': 5, 'A.Y': 1, 'B.Z': 2 }, { 'A.X': 2, 'A.Y': 1 }),
    ).toEqual({ 'A.X': 3, 'B.Z': 2 });
  });
});
