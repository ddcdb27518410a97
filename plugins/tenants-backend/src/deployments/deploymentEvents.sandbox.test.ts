/**
 * The tenant stack's `CloudFormation StackSet StackInstance Status Change` events, as the
 * sandbox publishes them for every instance an operation (CreateStackInstances,
 * UpdateStackSet, DeleteStackInstances) leaves, keep the deployments source live: exactly the
 * tenant's instance of that Region and its release change (docs/aws-behaviours/events.md).
 */
import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';
import {
  createSandboxRefresh,
  sandboxConfig,
} from '../__testUtils__/sourcesSandboxHarness';
import { createLiveEvents } from '../events';
import { DeploymentsStore } from './DeploymentsStore';

jest.setTimeout(120_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/tenancy-events';
const REASON = 'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const logger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => logger,
};
const SOFT = {
  MaxConcurrentCount: 10,
  FailureToleranceCount: 10,
  ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' as const,
};
const stack = (v: string) => ({
  TemplateBody: JSON.stringify({ Description: `tenant stack ${v}` }),
  Parameters: [{ ParameterKey: 'ReleaseVersion', ParameterValue: v }],
});

let sandbox: RunningSandbox;
beforeAll(async () => {
  fakeDateOnly(NOW);
  sandbox = await startSandbox({ port: 0, seed: 1, tenants: 8, clock: NOW });
});
afterAll(async () => {
  await sandbox?.stop();
  jest.useRealTimers();
});

it('instance status events set exactly their tenant’s instance and release: updated, failed, deleted', async () => {
  const knex = await databases.init('SQLITE_3');
  const h = await createSandboxRefresh(sandbox.endpoint, knex, {
    sources: ['deployments'],
  });
  await h.refresher.run({ id: 'inventory', trigger: 'manual' });
  const [a, b, c, d] = (await h.store.listAllTenants()).filter(
    t => t.state === 'ACTIVE',
  );
  const cfn = await h.clients.cloudFormation();
  await cfn.send(
    new CreateStackSetCommand({
      StackSetName: 'tenant-stack',
      PermissionModel: 'SELF_MANAGED',
      ...stack('1.0.0'),
    }),
  );
  await cfn.send(
    new CreateStackInstancesCommand({
      StackSetName: 'tenant-stack',
      Accounts: [a, b, c, d].map(t => t.accountId),
      Regions: ['us-east-1'],
      OperationPreferences: SOFT,
    }),
  );
  sandbox.clock.advance(60_000);
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
  const drain = async () => {
    while ((await live.consumer!.pollOnce()).received > 0);
  };
  await drain();
  const store = new DeploymentsStore(knex);
  const before = await store.listDeployments();
  const summaries = async () =>
    new Map(
      (await h.store.getTenants([a, b, c, d].map(t => t.tenantId))).map(t => [
        t.tenantId,
        t.release,
      ]),
    );
  expect([...(await summaries()).values()]).toEqual(
    new Array(4).fill({ version: '1.0.0', status: 'current' }),
  );
  const countsBefore = { ...live.applier.counts };

  // A release of 2.0.0 to a and b; b's instance fails with AWS's reason.
  sandbox.faults.add({
    kind: 'stackInstanceFailure',
    accountPattern: `^${b.accountId}$`,
    statusReason: REASON,
  });
  await cfn.send(
    new UpdateStackSetCommand({
      StackSetName: 'tenant-stack',
      ...stack('2.0.0'),
      Accounts: [a, b].map(t => t.accountId),
      Regions: ['us-east-1'],
      OperationPreferences: SOFT,
    }),
  );
  sandbox.clock.advance(60_000);
  await drain();
  sandbox.faults.clear();
  expect(live.applier.counts.applied - countsBefore.applied).toBe(2);
  const after = await store.listDeployments();
  expect(after.get(a.tenantId)!.instances).toEqual([
    {
      ...before.get(a.tenantId)!.instances[0],
      version: '2.0.0',
      awsStatus: 'CURRENT',
      detailedStatus: 'SUCCEEDED',
      status: 'current',
    },
  ]);
  expect(after.get(b.tenantId)!.instances).toEqual([
    {
      ...before.get(b.tenantId)!.instances[0],
      version: '1.0.0',
      awsStatus: 'OUTDATED',
      detailedStatus: 'FAILED',
      status: 'failed',
      reason: REASON,
    },
  ]);
  expect(after.get(c.tenantId)).toEqual(before.get(c.tenantId));
  expect(after.get(d.tenantId)).toEqual(before.get(d.tenantId));
  expect(await summaries()).toEqual(
    new Map([
      [a.tenantId, { version: '2.0.0', status: 'current' }],
      [b.tenantId, { version: '1.0.0', status: 'failed' }],
      [c.tenantId, { version: '1.0.0', status: 'current' }],
      [d.tenantId, { version: '1.0.0', status: 'current' }],
    ]),
  );

  // c's instance is deleted: c has none left, no release.
  await cfn.send(
    new DeleteStackInstancesCommand({
      StackSetName: 'tenant-stack',
      Accounts: [c.accountId],
      Regions: ['us-east-1'],
      RetainStacks: false,
      OperationPreferences: SOFT,
    }),
  );
  sandbox.clock.advance(60_000);
  await drain();
  const gone = await store.listDeployments();
  expect(gone.get(c.tenantId)!.instances).toEqual([]);
  expect(gone.get(c.tenantId)!.release).toBeNull();
  expect(gone.get(d.tenantId)).toEqual(before.get(d.tenantId));
  expect((await summaries()).get(c.tenantId)).toBeNull();
});
