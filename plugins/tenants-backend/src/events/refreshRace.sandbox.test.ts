/*
 * The race through the real refresh and the real queue (docs/aws-behaviours/events.md, "An
 * event during a refresh"): the alarms refresh reads DescribeAlarms, the alarm fires and its
 * event is consumed and applied, then the refresh writes what it read — the event's value stays.
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';
import {
  createSandboxRefresh,
  sandboxConfig,
} from '../__testUtils__/sourcesSandboxHarness';
import { HealthStore } from '../health/HealthStore';
import { createLiveEvents } from '.';

jest.setTimeout(120_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/tenancy-events';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const logger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => logger,
};

let sandbox: RunningSandbox;
beforeAll(async () => {
  fakeDateOnly(NOW);
  sandbox = await startSandbox({ port: 0, seed: 1, tenants: 8, clock: NOW });
});
afterAll(async () => {
  await sandbox?.stop();
  jest.useRealTimers();
});

it('an alarm event applied between the alarms refresh’s DescribeAlarms and its write survives the write', async () => {
  const knex = await databases.init('SQLITE_3');
  const h = await createSandboxRefresh(sandbox.endpoint, knex, {
    sources: ['health'],
  });
  expect(
    (await h.refresher.run({ id: 'first', trigger: 'manual' })).errors,
  ).toEqual([]);
  const live = await createLiveEvents({
    config: sandboxConfig(sandbox.endpoint, {
      events: { queueUrl: QUEUE, waitTimeSeconds: 0, batchSize: 10 },
    }),
    database: { getClient: async () => knex },
    events: DefaultEventsService.create({ logger }),
    clients: h.clients,
    tenants: h.store,
    handlers: h.sources.flatMap(s => (s.events ? [s.events] : [])),
    logger,
  });
  const [a, b] = (await h.store.listAllTenants()).filter(
    t => t.state === 'ACTIVE',
  );
  const name = `tenancy/${a.tenantId}/lambda-errors`;
  const store = new HealthStore(knex);
  const before = await store.listStoredHealth();
  expect(
    before.get(a.tenantId)!.alarmList.find(x => x.name === name)?.state,
  ).not.toBe('ALARM');
  sandbox.clock.advance(60_000);

  // The hook: once the refresh has read DescribeAlarms (its last page), the alarm fires and
  // the consumer applies its event — before the refresh writes what it read.
  let fired = false;
  const flips: Array<{ status: number; deleted: number }> = [];
  const cloudWatch = h.clients.cloudWatch.bind(h.clients);
  h.clients.cloudWatch = async region => {
    const client = await cloudWatch(region);
    const send = client.send.bind(client) as (c: any) => Promise<any>;
    (client as any).send = async (command: any) => {
      const out = await send(command);
      if (command instanceof DescribeAlarmsCommand && !out.NextToken) {
        fired = true;
        const res = await fetch(`${sandbox.endpoint}/_sandbox/events/alarm`, {
          method: 'POST',
          body: JSON.stringify({
            accountId: a.accountId,
            check: 'lambda-errors',
            state: 'ALARM',
          }),
        });
        const poll = await live.consumer!.pollOnce();
        flips.push({ status: res.status, deleted: poll.deleted });
      }
      return out;
    };
    return client;
  };
  const run = await h.refresher.run({
    id: 'alarms',
    trigger: 'schedule',
    sources: ['alarms'],
  });
  expect(run.errors).toEqual([]);
  expect(fired).toBe(true);
  expect(flips).toEqual([{ status: 200, deleted: 1 }]);
  expect(live.applier.counts.applied).toBe(1);

  const after = await store.listStoredHealth();
  const got = after.get(a.tenantId)!;
  expect(got.alarmList.find(x => x.name === name)).toMatchObject({
    state: 'ALARM',
    updatedAt: '2026-03-15T12:01:00.000Z',
  });
  expect(got.status).toMatch(/^(degraded|critical)$/);
  expect((await h.store.getTenant(a.tenantId))!.healthStatus).toBe(got.status);
  // Another tenant's row is the refresh's: the same states, as read a minute later (the
  // sandbox's alarm times follow its clock).
  const states = (list: Array<{ name: string; state: string }>) =>
    list.map(x => `${x.name} ${x.state}`);
  expect(states(after.get(b.tenantId)!.alarmList)).toEqual(
    states(before.get(b.tenantId)!.alarmList),
  );
  expect(after.get(b.tenantId)!.alarmList).not.toEqual(
    before.get(b.tenantId)!.alarmList,
  );
});
