/*
 * Live events end to end: the sandbox publishes the EventBridge event AWS would send onto its SQS
 * queue; the consumer (SDK SQS client) publishes it on the Backstage events topic; the tenants
 * backend's subscriber applies it to the tenant it names. Pinning docs/aws-behaviours/events.md.
 */
import {
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  AttachPolicyCommand,
  CloseAccountCommand,
  ListPoliciesCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-organizations';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import type { Knex } from 'knex';
import {
  createSandboxRefresh,
  sandboxConfig,
} from '../__testUtils__/sourcesSandboxHarness';
import { ComplianceStore } from '../compliance/ComplianceStore';
import { HealthStore } from '../health/HealthStore';
import { createInventoryEventHandler } from '../inventory/events';
import { createLiveEvents } from '.';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';

jest.setTimeout(120_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/tenancy-events';
const KEYS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const warnings: string[] = [];
const logger: LoggerService = {
  error: m => warnings.push(`error: ${m}`),
  warn: m => warnings.push(m),
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

async function admin(path: string, body: unknown, method = 'POST') {
  const res = await fetch(`${sandbox.endpoint}/_sandbox/${path}`, {
    method,
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** A refreshed snapshot, then 60 s later the live events. */
async function setUp() {
  sandbox.faults.clear();
  sandbox.reset();
  sandbox.clock.set(NOW);
  warnings.length = 0;
  const knex: Knex = await databases.init('SQLITE_3');
  const h = await createSandboxRefresh(sandbox.endpoint, knex, {
    sources: ['health', 'compliance'],
  });
  const run = await h.refresher.run({ id: 'first', trigger: 'manual' });
  expect(run.errors).toEqual([]);
  sandbox.clock.advance(60_000);
  const events = DefaultEventsService.create({ logger });
  const live = await createLiveEvents({
    config: sandboxConfig(sandbox.endpoint, {
      events: { queueUrl: QUEUE, waitTimeSeconds: 0, batchSize: 10 },
    }),
    database: { getClient: async () => knex },
    events,
    clients: h.clients,
    tenants: h.store,
    handlers: [
      ...h.sources.flatMap(s => (s.events ? [s.events] : [])),
      createInventoryEventHandler({ tenants: h.store }),
    ],
    logger,
  });
  const tenants = (await h.store.listAllTenants()).filter(
    t => t.state === 'ACTIVE',
  );
  const health = new HealthStore(knex);
  const compliance = new ComplianceStore(knex);
  const snapshot = async () => ({
    tenants: await h.store.listAllTenants(),
    summaries: await h.store.getTenants(tenants.map(t => t.tenantId)),
    health: await health.listStoredHealth(),
    compliance: await compliance.listCompliance(),
  });
  return { h, live, consumer: live.consumer!, tenants, snapshot };
}

/** `after` equals `before` except for tenant `tenantId`'s entries. */
function othersUnchanged(
  before: Awaited<ReturnType<Awaited<ReturnType<typeof setUp>>['snapshot']>>,
  after: typeof before,
  tenantId: string,
) {
  const drop = <T extends { tenantId: string }>(xs: T[]) =>
    xs.filter(x => x.tenantId !== tenantId);
  expect(drop(after.tenants)).toEqual(drop(before.tenants));
  expect(drop(after.summaries)).toEqual(drop(before.summaries));
  const dropKey = <V>(m: Map<string, V>) =>
    [...m].filter(([k]) => k !== tenantId);
  expect(dropKey(after.health)).toEqual(dropKey(before.health));
  expect(dropKey(after.compliance)).toEqual(dropKey(before.compliance));
}

describe('live events from the sandbox queue (8 tenants)', () => {
  it('an alarm state change updates exactly its tenant: the alarm, the counts, the status', async () => {
    const { consumer, tenants, snapshot, live } = await setUp();
    const a = tenants[0];
    const before = await snapshot();
    const health = before.health.get(a.tenantId)!;
    const name = `tenancy/${a.tenantId}/lambda-errors`;
    expect(health.alarmList.find(x => x.name === name)?.state).not.toBe(
      'ALARM',
    );
    await admin('events/alarm', {
      accountId: a.accountId,
      check: 'lambda-errors',
      state: 'ALARM',
    });
    expect(await consumer.pollOnce()).toEqual({
      received: 1,
      deleted: 1,
      kept: 0,
    });
    const after = await snapshot();
    const got = after.health.get(a.tenantId)!;
    const firing = health.alarms.ALARM + 1;
    expect(got.alarmList.find(x => x.name === name)).toEqual({
      name,
      state: 'ALARM',
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold (10).',
      updatedAt: '2026-03-15T12:01:00.000Z',
    });
    expect(got.alarms.ALARM).toBe(firing);
    expect(got.status).toBe(firing >= 3 ? 'critical' : 'degraded');
    expect(got.reason).toContain(name);
    expect(
      after.summaries.find(s => s.tenantId === a.tenantId)!.healthStatus,
    ).toBe(got.status);
    othersUnchanged(before, after, a.tenantId);
    expect(live.applier.counts.applied).toBe(1);
  });

  it('a GuardDuty finding, a Config rule change and the baseline instance status update exactly their tenant', async () => {
    const { consumer, tenants, snapshot } = await setUp();
    const before = await snapshot();
    const member = (t: (typeof tenants)[number]) =>
      before.compliance
        .get(t.tenantId)
        ?.findings.regions?.find(r => r.region === 'us-east-1')?.status ===
      'member';
    const a = tenants.find(member)!;
    const [b, c] = tenants.filter(t => t !== a);
    await admin('events/finding', { accountId: a.accountId, typeIndex: 0 });
    await admin('events/config', {
      accountId: b.accountId,
      configRuleName: 'cloudtrail-enabled',
      complianceType: 'NON_COMPLIANT',
    });
    const sqs = new SQSClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    const set = sandbox.state.stackSets.find(
      s => s.name === 'tenant-baseline',
    )!;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: QUEUE,
        MessageBody: JSON.stringify({
          version: '0',
          id: '5b2b9d3e-0000-4000-a000-000000000001',
          'detail-type': 'CloudFormation StackSet StackInstance Status Change',
          source: 'aws.cloudformation',
          account: '000000000000',
          time: '2026-03-15T12:01:00Z',
          region: 'us-east-1',
          resources: [set.arn],
          detail: {
            'stack-set-arn': set.arn,
            'stack-id': `arn:aws:cloudformation:us-east-1:${c.accountId}:stack/StackSet-tenant-baseline-x/1`,
            action: 'UPDATE',
            'status-details': {
              status: 'OUTDATED',
              'status-reason':
                'Resource handler returned message: AccessDenied',
              'detailed-status': 'FAILED',
            },
          },
        }),
      }),
    );
    sqs.destroy();
    expect(await consumer.pollOnce()).toEqual({
      received: 3,
      deleted: 3,
      kept: 0,
    });
    const after = await snapshot();
    const ca = before.compliance.get(a.tenantId)!;
    expect(after.compliance.get(a.tenantId)).toEqual({
      ...ca,
      findings: {
        ...ca.findings,
        low: ca.findings.low + 1,
        regions: ca.findings.regions!.map(r =>
          r.region === 'us-east-1' ? { ...r, low: r.low + 1 } : r,
        ),
      },
    });
    const cb = after.compliance.get(b.tenantId)!;
    expect(
      cb.guardrails.find(g => g.guardrailId === 'cloudtrail-enabled'),
    ).toEqual({ guardrailId: 'cloudtrail-enabled', status: 'non-compliant' });
    const cc = after.compliance.get(c.tenantId)!;
    expect(cc.baselineStatus).toBe('OUTDATED');
    expect(
      cc.guardrails.find(g => g.guardrailId === 'baseline-stackset'),
    ).toEqual({
      guardrailId: 'baseline-stackset',
      status: 'non-compliant',
      detail:
        'Baseline StackSet instance is FAILED: Resource handler returned message: AccessDenied',
    });
    const rest = (m: typeof after.compliance) =>
      [...m].filter(([k]) => ![a, b, c].some(t => t.tenantId === k));
    expect(rest(after.compliance)).toEqual(rest(before.compliance));
    expect(after.health).toEqual(before.health);
  });

  it('Organizations TagResource and CloseAccount (via CloudTrail) update exactly their tenant', async () => {
    const { consumer, tenants, snapshot } = await setUp();
    const [a, b] = tenants;
    const before = await snapshot();
    const org = new OrganizationsClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    await org.send(
      new TagResourceCommand({
        ResourceId: a.accountId,
        Tags: [{ Key: 'tier', Value: 'enterprise-plus' }],
      }),
    );
    await org.send(new CloseAccountCommand({ AccountId: b.accountId }));
    org.destroy();
    expect(await consumer.pollOnce()).toMatchObject({
      received: 2,
      deleted: 2,
    });
    const after = await snapshot();
    const find = (s: typeof after, id: string) =>
      s.tenants.find(t => t.tenantId === id)!;
    expect(find(after, a.tenantId)).toEqual({
      ...find(before, a.tenantId),
      tier: 'enterprise-plus',
      tags: { ...find(before, a.tenantId).tags, tier: 'enterprise-plus' },
      tagsReadAt: '2026-03-15T12:01:00.000Z',
    });
    expect(find(after, b.tenantId)).toEqual({
      ...find(before, b.tenantId),
      state: 'PENDING_CLOSURE',
    });
    const rest = (s: typeof after) =>
      s.tenants.filter(
        t => t.tenantId !== a.tenantId && t.tenantId !== b.tenantId,
      );
    expect(rest(after)).toEqual(rest(before));
  });

  it('Organizations MoveAccount and UntagResource update exactly their tenant; AttachPolicy changes nothing (left to the compliance refresh)', async () => {
    const { consumer, tenants, snapshot, live } = await setUp();
    const a = tenants[0];
    const b = tenants.find(t => t.ouId !== a.ouId)!;
    const c = tenants.find(t => t !== a && t !== b && t.tags.tier)!;
    const before = await snapshot();
    const org = new OrganizationsClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    await org.send(
      new MoveAccountCommand({
        AccountId: a.accountId,
        SourceParentId: a.ouId,
        DestinationParentId: b.ouId,
      }),
    );
    await org.send(
      new UntagResourceCommand({ ResourceId: c.accountId, TagKeys: ['tier'] }),
    );
    const { Policies } = await org.send(
      new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    await org.send(
      new AttachPolicyCommand({
        PolicyId: Policies!.find(p => p.Name !== 'FullAWSAccess')!.Id,
        TargetId: b.accountId,
      }),
    );
    org.destroy();
    expect(await consumer.pollOnce()).toMatchObject({
      received: 3,
      deleted: 3,
    });
    const after = await snapshot();
    const find = (s: typeof after, id: string) =>
      s.tenants.find(t => t.tenantId === id)!;
    expect(find(after, a.tenantId)).toEqual({
      ...find(before, a.tenantId),
      ouId: b.ouId,
      ouPath: b.ouPath,
    });
    const { tier: _tier, ...untagged } = find(before, c.tenantId).tags;
    expect(find(after, c.tenantId)).toEqual({
      ...find(before, c.tenantId),
      tier: null,
      tags: untagged,
      tagsReadAt: '2026-03-15T12:01:00.000Z',
    });
    const rest = (s: typeof after) =>
      s.tenants.filter(
        t => t.tenantId !== a.tenantId && t.tenantId !== c.tenantId,
      );
    expect(rest(after)).toEqual(rest(before));
    expect(after.compliance).toEqual(before.compliance);
    expect(live.applier.counts).toMatchObject({
      applied: 2,
      'not-applicable': 1,
    });
  });

  it('a duplicated message and an older event change nothing', async () => {
    const { consumer, tenants, snapshot, live } = await setUp();
    const a = tenants[0];
    await admin('events/faults', { duplicate: 1 }, 'PUT');
    const event = await admin('events/alarm', {
      accountId: a.accountId,
      check: 'lambda-errors',
      state: 'ALARM',
    });
    await admin('events/faults', {}, 'PUT');
    expect(await consumer.pollOnce()).toEqual({
      received: 2,
      deleted: 2,
      kept: 0,
    });
    expect(live.applier.counts).toMatchObject({ applied: 1, duplicate: 1 });
    const once = await snapshot();
    // An older change of the same alarm (12:00:30, before the applied 12:01:00) arrives late.
    const sqs = new SQSClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: QUEUE,
        MessageBody: JSON.stringify({
          ...event,
          id: '5b2b9d3e-0000-4000-a000-000000000002',
          time: '2026-03-15T12:00:30Z',
          detail: {
            ...event.detail,
            state: {
              value: 'OK',
              reason: 'late',
              timestamp: '2026-03-15T12:00:30.000+0000',
            },
          },
        }),
      }),
    );
    sqs.destroy();
    expect(await consumer.pollOnce()).toEqual({
      received: 1,
      deleted: 1,
      kept: 0,
    });
    expect(live.applier.counts).toMatchObject({
      applied: 1,
      duplicate: 1,
      older: 1,
    });
    expect(await snapshot()).toEqual(once);
    expect(await live.ledger.countByOutcome()).toEqual({
      applied: 1,
      older: 1,
    });
  });

  it('a replica killed between receive and delete loses nothing: the message comes back after the visibility timeout and is applied once', async () => {
    const { consumer, tenants, snapshot, live } = await setUp();
    const a = tenants[1];
    await admin('events/alarm', {
      accountId: a.accountId,
      check: 'lambda-errors',
      state: 'ALARM',
    });
    // Replica 1 receives the batch and dies before applying or deleting it.
    const dying = new SQSClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    const taken = await dying.send(
      new ReceiveMessageCommand({ QueueUrl: QUEUE, MaxNumberOfMessages: 10 }),
    );
    dying.destroy();
    expect(taken.Messages).toHaveLength(1);
    const before = await snapshot();
    expect(await consumer.pollOnce()).toEqual({
      received: 0,
      deleted: 0,
      kept: 0,
    });
    sandbox.clock.advance(30_000);
    // Replica 2 gets it after the 30 s visibility timeout, applies it, deletes it.
    expect(await consumer.pollOnce()).toEqual({
      received: 1,
      deleted: 1,
      kept: 0,
    });
    const after = await snapshot();
    expect(
      after.health
        .get(a.tenantId)!
        .alarmList.find(x => x.name === `tenancy/${a.tenantId}/lambda-errors`)
        ?.state,
    ).toBe('ALARM');
    othersUnchanged(before, after, a.tenantId);

    // Applied, then the replica dies before DeleteMessageBatch: the redelivery is a duplicate.
    await admin('events/alarm', {
      accountId: a.accountId,
      check: 'lambda-errors',
      state: 'OK',
    });
    sandbox.faults.add({
      kind: 'error',
      service: 'SQS',
      operation: 'DeleteMessageBatch',
      code: 'AccessDenied',
      message: 'Access to the resource is denied.',
      httpStatus: 403,
      count: 1,
    });
    await expect(consumer.pollOnce()).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    const applied = await snapshot();
    sandbox.clock.advance(30_000);
    expect(await consumer.pollOnce()).toEqual({
      received: 1,
      deleted: 1,
      kept: 0,
    });
    expect(await snapshot()).toEqual(applied);
    expect(live.applier.counts).toMatchObject({ applied: 2, duplicate: 1 });
  });

  it('an unknown account and an unknown shape are counted, logged and deleted, never fatal', async () => {
    const { consumer, live } = await setUp();
    const sqs = new SQSClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    const envelope = {
      version: '0',
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '000000000002',
      time: '2026-03-15T12:01:00Z',
      region: 'us-east-1',
      resources: [],
    };
    for (const body of [
      {
        ...envelope,
        id: 'e-unknown-account',
        detail: { accountId: '999999999999', id: 'f1', severity: 5 },
      },
      { ...envelope, id: 'e-unknown-shape', detail: { accountId: 'x' } },
      {
        ...envelope,
        id: 'e-other-type',
        'detail-type': 'EC2 Instance State-change Notification',
        detail: {},
      },
    ]) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: QUEUE,
          MessageBody: JSON.stringify(body),
        }),
      );
    }
    await sqs.send(
      new SendMessageCommand({ QueueUrl: QUEUE, MessageBody: 'not json' }),
    );
    sqs.destroy();
    expect(await consumer.pollOnce()).toEqual({
      received: 4,
      deleted: 4,
      kept: 0,
    });
    expect(live.applier.counts).toMatchObject({
      'unknown-account': 1,
      'unknown-shape': 2,
    });
    // The batch's events are applied side by side: the warnings come in any order.
    expect(warnings).toHaveLength(5);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Message [\w-]+ is not JSON$/),
        expect.stringMatching(
          /^Message [\w-]+ deleted: its body is not an EventBridge event with an id$/,
        ),
        'Event e-unknown-account (GuardDuty Finding) ignored: no tenant has account 999999999999',
        'Event e-unknown-shape ignored: unknown shape: GuardDuty finding without detail.accountId, detail.id or detail.severity',
        'Event e-other-type ignored: unknown shape: detail-type EC2 Instance State-change Notification is not one the tenants backend applies',
      ]),
    );
  });
});
