/**
 * The deployments source with the pipeline target (docs/aws-behaviours/rollouts.md#pipeline-target)
 * against the sandbox's Step Functions: each tenant's release from its executions, the
 * history with who (the recorded release starts) and a failed execution's error and cause.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import type {
  TenantDeployments,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import request from 'supertest';
import { createSandboxRefresh } from '../__testUtils__/sourcesSandboxHarness';
import { createTestApp, TEST_USERS } from '../__testUtils__/testApp';

jest.setTimeout(120_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const MACHINE =
  'arn:aws:states:us-east-1:000000000000:stateMachine:tenant-stack-deployment';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('deployments source, pipeline target (sandbox)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      seed: 1,
      tenants: 20,
      clock: NOW,
      durations: { executionMs: 60_000 },
    });
  });
  afterAll(() => sandbox?.stop());

  it('reads each tenant’s release and history from the executions of recorded releases', async () => {
    const knex = await databases.init('SQLITE_3');
    const h = await createSandboxRefresh(sandbox.endpoint, knex, {
      sources: ['deployments'],
      tenancy: {
        releases: {
          target: 'pipeline',
          pipeline: { stateMachineArn: MACHINE },
        },
      },
    });
    const app = await createTestApp(
      h.store,
      { requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }) },
      [h.router],
    );
    const get = async (path: string) =>
      request(app)
        .get(path)
        .set({
          Authorization: mockCredentials.user.header(TEST_USERS.platform),
        });
    const started = (operationPrefix: string, version: string, by: string) =>
      request(app)
        .post('/releases/starts')
        .set({ Authorization: mockCredentials.service.header() })
        .send({ operationPrefix, version, startedBy: by });
    await h.refresher.run({ id: 'inventory', trigger: 'manual' });
    const all: TenantSummary[] = (await get('/tenants?limit=100')).body.items;
    const [a, b, c] = all.filter(t => t.state === 'ACTIVE');
    const sfn = await h.clients.sfn('us-east-1');
    const start = (name: string, account: string) =>
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: MACHINE,
          name,
          input: JSON.stringify({ accountId: account }),
        }),
      );

    await started('tr-1-0-0-aaaa', '1.0.0', 'user:default/guest');
    for (const t of [a, b])
      await start(`tr-1-0-0-aaaa-w1-a1-${t.accountId}`, t.accountId);
    // Not a release's (no recorded start): left out.
    await start(`adhoc-w1-a1-${c.accountId}`, c.accountId);
    sandbox.clock.advance(60_000);
    await started('tr-1-1-0-bbbb', '1.1.0', 'user:default/alex');
    sandbox.faults.add({
      kind: 'executionFailure',
      accountPattern: `^${b.accountId}$`,
      cause: 'CodeBuild exited 2',
    });
    for (const t of [a, b])
      await start(`tr-1-1-0-bbbb-w1-a1-${t.accountId}`, t.accountId);
    sandbox.clock.advance(60_000);
    sandbox.faults.clear();
    const run = await h.refresher.run({ id: 'second', trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.awsCalls).toMatchObject({
      'SFN.ListExecutions': 1,
      'SFN.DescribeExecution': 1,
    });
    const release = async (t: TenantSummary) =>
      (await get(`/tenants/${t.tenantId}`)).body.release;
    expect(await Promise.all([a, b, c].map(release))).toEqual([
      { version: '1.1.0', status: 'current' },
      { version: '1.0.0', status: 'failed' },
      null,
    ]);
    const failed: TenantDeployments = (
      await get(`/tenants/${b.tenantId}/deployments`)
    ).body;
    expect(
      failed.history.map(x => [
        x.version,
        x.by,
        x.operationId,
        x.result,
        x.reason,
      ]),
    ).toEqual([
      [
        '1.1.0',
        'user:default/alex',
        `tr-1-1-0-bbbb-w1-a1-${b.accountId}`,
        'FAILED',
        'FAILED: States.TaskFailed: CodeBuild exited 2',
      ],
      [
        '1.0.0',
        'user:default/guest',
        `tr-1-0-0-aaaa-w1-a1-${b.accountId}`,
        'SUCCEEDED',
        '',
      ],
    ]);
    expect([failed.latestVersion, failed.instances]).toEqual(['1.1.0', []]);
    // A later refresh keeps the failure's reason without reading it again.
    const again = await h.refresher.run({ id: 'third', trigger: 'manual' });
    expect(again.awsCalls['SFN.DescribeExecution'] ?? 0).toBe(0);
  });
});
