import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  InMemoryAwsCallMeter,
  type AwsClientFactory,
} from '@tenancy/plugin-tenants-node';
import { testAuditor } from '../__testUtils__/testApp';
import { makeTenant } from '../__testUtils__/testFixtures';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { DefaultTenantsCollectorRegistry } from './collectorRegistry';
import { scheduleRefreshTasks } from './schedule';
import { readRefreshSettings } from './settings';
import { SourceFreshnessStore, toSourceFreshness } from './sourceFreshness';
import { TenantsRefresher } from './TenantsRefresher';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';

jest.setTimeout(30_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const NOW = new Date('2026-03-15T12:00:00.000Z');
const T = NOW.toISOString();

beforeAll(() => {
  // Only Date is faked: the runs' times are NOW; timers run for real.
  fakeDateOnly(NOW);
});
afterAll(() => jest.useRealTimers());

async function setup(
  extra: Partial<ConstructorParameters<typeof TenantsRefresher>[0]> = {},
) {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  const freshness = new SourceFreshnessStore(knex);
  const meter = new InMemoryAwsCallMeter();
  const read: string[] = [];
  const collectors = new DefaultTenantsCollectorRegistry();
  for (const name of ['health', 'spend', 'compliance']) {
    collectors.register({
      name,
      collect: async ctx => {
        read.push(`${name}:${ctx.tenants.map(t => t.tenantId).join(',')}`);
        if (name === 'compliance') throw new Error('Config is not enabled');
      },
    });
  }
  const scheduler = { triggerTask: jest.fn(async (_id: string) => {}) };
  const events: Array<{ eventId: string; outcome: string; meta?: unknown }> =
    [];
  const refresher = new TenantsRefresher({
    store,
    clients: { meter } as unknown as AwsClientFactory,
    inventory: {
      collect: async () => {
        read.push('inventory');
        return [makeTenant(1), makeTenant(2)];
      },
    },
    collectors,
    logger: mockServices.logger.mock(),
    auditor: testAuditor(events),
    scheduler,
    timeoutMs: 15 * 60_000,
    freshness,
    ...extra,
  });
  return {
    store,
    freshness,
    read,
    scheduler,
    refresher,
    events,
    collectors,
  };
}

describe('per-source cadences', () => {
  it('announces a read inventory, and with coldStartWait starts the sources never read only once the catalog has its entities', async () => {
    const published: Array<{ topic: string; eventPayload: unknown }> = [];
    let cataloged: (ok: boolean) => void = () => {};
    const waited: string[] = [];
    const { scheduler, refresher, store } = await setup({
      events: { publish: async e => void published.push(e) },
      waitForCatalog: runId => {
        waited.push(runId);
        return new Promise(resolve => {
          cataloged = resolve;
        });
      },
    });
    await refresher.runScheduledSource('inventory');
    const [run] = await store.listRefreshRuns(1);
    expect(published).toEqual([
      {
        topic: 'tenancy.inventory.refreshed',
        eventPayload: {
          runId: run.id,
          tenantCount: 2,
          finishedAt: run.finishedAt,
        },
      },
    ]);
    expect(waited).toEqual([run.id]);
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
    cataloged(true);
    await new Promise(r => setTimeout(r, 50));
    expect(scheduler.triggerTask.mock.calls.map(c => c[0])).toEqual([
      'tenants-refresh-health',
      'tenants-refresh-spend',
      'tenants-refresh-compliance',
    ]);
    // A run of another source neither announces the inventory nor waits.
    await refresher.runScheduledSource('spend');
    expect(published).toHaveLength(1);
    expect(waited).toHaveLength(1);
  });

  it('reads each source on its own: the inventory first, then one source at a time for the stored tenants', async () => {
    const { store, freshness, read, scheduler, refresher, events } =
      await setup();

    await refresher.runScheduledSource('spend');
    expect(read).toEqual([]); // waits for the first inventory read
    expect(await store.listRefreshRuns(10)).toEqual([]);

    await refresher.runScheduledSource('inventory');
    expect(read).toEqual(['inventory']);
    // The sources never read are started at once.
    expect(scheduler.triggerTask.mock.calls.map(c => c[0])).toEqual([
      'tenants-refresh-health',
      'tenants-refresh-spend',
      'tenants-refresh-compliance',
    ]);

    await refresher.runScheduledSource('spend');
    await refresher.runScheduledSource('compliance');
    expect(read).toEqual([
      'inventory',
      'spend:tenant-001,tenant-002',
      'compliance:tenant-001,tenant-002',
    ]);
    const runs = await store.listRefreshRuns(10);
    expect(
      runs.map(r => [r.sources, r.status, r.errors.map(e => e.message)]),
    ).toEqual(
      expect.arrayContaining([
        [['inventory'], 'succeeded', []],
        [['spend'], 'succeeded', []],
        [['compliance'], 'succeeded', ['Config is not enabled']],
      ]),
    );
    expect(runs).toHaveLength(3);
    expect(
      events.map(e => [
        e.eventId,
        e.outcome,
        (e.meta as { sources?: string[] }).sources,
      ]),
    ).toEqual([
      ['refresh', 'success', ['inventory']],
      ['refresh', 'success', ['spend']],
      ['refresh', 'success', ['compliance']],
    ]);

    const cadences = readRefreshSettings(new ConfigReader({}), [
      'inventory',
      'health',
      'spend',
      'compliance',
    ]).cadences;
    expect(toSourceFreshness(await freshness.list(NOW), cadences)).toEqual([
      {
        source: 'inventory',
        refreshedAt: T,
        attemptedAt: T,
        error: null,
        refreshing: false,
        cadenceSeconds: 86400,
      },
      {
        source: 'health',
        refreshedAt: null,
        attemptedAt: null,
        error: null,
        refreshing: false,
        cadenceSeconds: 3600,
      },
      {
        source: 'spend',
        refreshedAt: T,
        attemptedAt: T,
        error: null,
        refreshing: false,
        cadenceSeconds: 28800,
      },
      {
        source: 'compliance',
        refreshedAt: null,
        attemptedAt: T,
        error: 'Config is not enabled',
        refreshing: false,
        cadenceSeconds: 21600,
      },
    ]);
  });

  it('a source read with one part failing is fresh, naming the stale part; a later clean read clears it', async () => {
    const { freshness, refresher, collectors } = await setup();
    const partFails = { on: true };
    collectors.register({
      name: 'guardrails',
      collect: async ctx => {
        if (partFails.on)
          ctx.reportError({
            source: 'guardDuty',
            message: 'AccessDeniedException: guardduty:ListDetectors',
          });
      },
    });
    await refresher.runScheduledSource('inventory');
    await refresher.runScheduledSource('guardrails');
    const cadences = { guardrails: { hours: 6 } };
    expect(toSourceFreshness(await freshness.list(NOW), cadences)).toEqual([
      {
        source: 'guardrails',
        refreshedAt: T,
        attemptedAt: T,
        error: null,
        refreshing: false,
        cadenceSeconds: 21600,
        staleParts: [
          {
            part: 'guardDuty',
            error: 'AccessDeniedException: guardduty:ListDetectors',
          },
        ],
      },
    ]);
    partFails.on = false;
    await refresher.runScheduledSource('guardrails');
    expect(
      toSourceFreshness(await freshness.list(NOW), cadences)[0].staleParts,
    ).toBeUndefined();
  });

  it('skips a source another run is reading; a full refresh waits until the source is free', async () => {
    const { store, freshness, read, refresher } = await setup();
    await refresher.runScheduledSource('inventory');
    const later = new Date(NOW.getTime() + 60_000);
    expect(await freshness.lease('spend', 'other-run', NOW, later)).toBe(true);

    await refresher.runScheduledSource('spend');
    // Both runs started at NOW (a frozen clock): find the spend run by its sources.
    const skipped = (await store.listRefreshRuns(10)).find(
      r => r.sources?.[0] === 'spend',
    )!;
    expect([skipped.sources, skipped.errors]).toEqual([
      ['spend'],
      [
        {
          collector: 'spend',
          message: 'Skipped: another run is reading spend',
        },
      ],
    ]);
    expect(read).toEqual(['inventory']);

    setTimeout(() => void freshness.release('spend', 'other-run'), 1500);
    const full = await refresher.run({ id: 'full', trigger: 'manual' });
    expect(full.sources).toBeUndefined();
    expect(read).toEqual([
      'inventory',
      'inventory',
      'health:tenant-001,tenant-002',
      'spend:tenant-001,tenant-002',
      'compliance:tenant-001,tenant-002',
    ]);
    expect(full.errors).toEqual([
      { collector: 'compliance', message: 'Config is not enabled' },
    ]);
    expect((await freshness.list(NOW)).map(s => s.refreshingRunId)).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('refresh schedule', () => {
  it('schedules a manual full refresh and one global task per source at its cadence', async () => {
    const settings = readRefreshSettings(
      new ConfigReader({
        tenancy: {
          refresh: { cadence: { spend: { hours: 12 } }, frequency: 'PT30M' },
        },
      }),
      ['inventory', 'health', 'spend', 'compliance', 'budgets'],
    );
    const tasks: unknown[] = [];
    await scheduleRefreshTasks(
      { scheduleTask: async ({ fn: _fn, ...task }) => void tasks.push(task) },
      settings,
      { runScheduled: async () => {}, runScheduledSource: async () => {} },
    );
    const timeout = { minutes: 15 };
    const initialDelay = { seconds: 10 };
    expect(tasks).toEqual([
      {
        id: 'tenants-refresh',
        scope: 'global',
        frequency: { trigger: 'manual' },
        timeout,
      },
      ...[
        ['inventory', { hours: 24 }],
        ['health', { hours: 1 }],
        ['spend', { hours: 12 }],
        ['compliance', { hours: 6 }],
        ['budgets', { minutes: 30 }],
      ].map(([source, frequency]) => ({
        id: `tenants-refresh-${source}`,
        scope: 'global',
        frequency,
        timeout,
        initialDelay,
      })),
    ]);
  });

  it('rejects a cadence for a source that does not exist, naming the key', () => {
    expect(() =>
      readRefreshSettings(
        new ConfigReader({
          tenancy: { refresh: { cadence: { metrics: { hours: 1 } } } },
        }),
        ['inventory', 'health'],
      ),
    ).toThrow(
      'tenancy.refresh.cadence.metrics names no source; the sources are inventory, health',
    );
  });
});
