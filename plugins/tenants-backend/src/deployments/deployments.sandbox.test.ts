/**
 * The deployments source through the real refresh against the sandbox's tenant-stack StackSet
 * (docs/aws-behaviours/rollouts.md#deployments-source): current, behind, failed (AWS's
 * reason), drifted, suspended; the tenants list's release column and filter; a failed read
 * keeps the last values, stale.
 */
import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DetectStackSetDriftCommand,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
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
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const REASON = 'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.';
const template = (v: string) =>
  JSON.stringify({ Description: `tenant stack ${v}`, Resources: {} });
const version = (v: string) => [
  { ParameterKey: 'ReleaseVersion', ParameterValue: v },
];
const SOFT = {
  MaxConcurrentCount: 10,
  FailureToleranceCount: 10,
  ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' as const,
};

describe('deployments source (sandbox, 20 tenants)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, tenants: 20, clock: NOW });
  });
  afterAll(() => sandbox?.stop());

  it('maps each tenant’s instance to current, behind, failed, drifted, suspended; filters by release; a failed read keeps them, stale', async () => {
    const knex = await databases.init('SQLITE_3');
    const h = await createSandboxRefresh(sandbox.endpoint, knex, {
      sources: ['deployments'],
      extraOuPaths: ['/Suspended'],
    });
    const app = await createTestApp(
      h.store,
      { requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }) },
      [h.router],
    );
    const get = async (path: string, user: string = TEST_USERS.platform) =>
      request(app)
        .get(path)
        .set({ Authorization: mockCredentials.user.header(user) });

    const run0 = await h.refresher.run({ id: 'none', trigger: 'manual' });
    // Before the first release the StackSet does not exist: no error, no release.
    expect(run0.errors).toEqual([]);
    const all: TenantSummary[] = (await get('/tenants?limit=100')).body.items;
    const active = all.filter(t => t.state === 'ACTIVE').slice(0, 5);
    const suspended = all.find(t => t.state === 'SUSPENDED')!;
    expect(all.every(t => t.release === null)).toBe(true);
    const [a, b, c, d, e] = active;

    const cfn = await h.clients.cloudFormation();
    await cfn.send(
      new CreateStackSetCommand({
        StackSetName: 'tenant-stack',
        TemplateBody: template('1.0.0'),
        Parameters: version('1.0.0'),
        PermissionModel: 'SELF_MANAGED',
      }),
    );
    await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: 'tenant-stack',
        OperationId: 'tr-1-0-0-aaaa-w1-a0-c',
        Accounts: [a, b, c, d, suspended].map(t => t.accountId),
        Regions: ['us-east-1'],
        OperationPreferences: SOFT,
      }),
    );
    sandbox.clock.advance(60_000);
    await h.refresher.run({ id: 'first', trigger: 'manual' });
    sandbox.faults.add({
      kind: 'stackInstanceFailure',
      accountPattern: `^${b.accountId}$`,
      statusReason: REASON,
    });
    await cfn.send(
      new UpdateStackSetCommand({
        StackSetName: 'tenant-stack',
        OperationId: 'tr-2-0-0-bbbb-w1-a0-s',
        TemplateBody: template('2.0.0'),
        Parameters: version('2.0.0'),
        Accounts: [a, b].map(t => t.accountId),
        Regions: ['us-east-1'],
        OperationPreferences: SOFT,
      }),
    );
    sandbox.clock.advance(60_000);
    sandbox.faults.clear();
    sandbox.faults.add({
      kind: 'stackInstanceDrift',
      accountPattern: `^${c.accountId}$`,
    });
    await cfn.send(
      new DetectStackSetDriftCommand({
        StackSetName: 'tenant-stack',
        OperationId: 'drift-1',
        OperationPreferences: SOFT,
      }),
    );
    sandbox.clock.advance(60_000);
    // The release actions record who started each rollout's operations (by id prefix); the
    // first one after its operation was seen, which fills its history entry's who.
    const started = async (operationPrefix: string, startedBy: string) =>
      request(app)
        .post('/releases/starts')
        .set({ Authorization: mockCredentials.service.header() })
        .send({ operationPrefix, version: '1', startedBy });
    expect((await started('tr-1-0-0-aaaa', 'user:default/guest')).status).toBe(
      201,
    );
    expect((await started('tr-2-0-0-bbbb', 'user:default/alex')).status).toBe(
      201,
    );
    const run = await h.refresher.run({ id: 'second', trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.awsCalls).toMatchObject({
      'CloudFormation.DescribeStackSet': 1,
      'CloudFormation.ListStackInstances': 1,
      'CloudFormation.ListStackSetOperations': 1,
    });

    const release = async (t: TenantSummary) =>
      (await get(`/tenants/${t.tenantId}`)).body.release;
    expect(await Promise.all([a, b, c, d, e, suspended].map(release))).toEqual([
      { version: '2.0.0', status: 'current' },
      { version: '1.0.0', status: 'failed' },
      { version: '1.0.0', status: 'drifted' },
      { version: '1.0.0', status: 'behind' },
      null,
      { version: '', status: 'suspended' },
    ]);
    const failed: TenantDeployments = (
      await get(`/tenants/${b.tenantId}/deployments`)
    ).body;
    expect(failed.release).toEqual({ version: '1.0.0', status: 'failed' });
    expect(failed.latestVersion).toBe('2.0.0');
    expect(
      failed.instances.map(i => [i.awsStatus, i.detailedStatus, i.reason]),
    ).toEqual([['OUTDATED', 'FAILED', REASON]]);
    expect(
      failed.history.map(x => [
        x.version,
        x.operationId,
        x.result,
        x.reason,
        x.by,
      ]),
    ).toEqual([
      ['2.0.0', 'tr-2-0-0-bbbb-w1-a0-s', 'FAILED', REASON, 'user:default/alex'],
      ['1.0.0', 'tr-1-0-0-aaaa-w1-a0-c', 'SUCCEEDED', '', 'user:default/guest'],
    ]);
    const filtered = await get('/tenants?release=behind&release=failed');
    expect(filtered.body.items.map((t: TenantSummary) => t.tenantId)).toEqual(
      [b.tenantId, d.tenantId].sort(),
    );
    expect((await get('/tenants?release=late')).body.error.message).toBe(
      'Invalid query: release must be one of current, behind, suspended, drifted, failed',
    );
    // Support reads deployments; finance does not (the column is null, the route 403).
    expect(
      (await get(`/tenants/${b.tenantId}/deployments`, TEST_USERS.support))
        .status,
    ).toBe(200);
    const fran = await get(`/tenants/${b.tenantId}`, TEST_USERS.finance);
    expect(fran.body.release).toBeNull();
    expect(
      (await get(`/tenants/${b.tenantId}/deployments`, TEST_USERS.finance))
        .status,
    ).toBe(403);
    expect(
      (await get('/tenants?release=failed', TEST_USERS.finance)).body.error
        .message,
    ).toBe(
      'Filtering tenants by release needs tenants.deployments.read for every tenant',
    );

    sandbox.faults.add({
      kind: 'error',
      service: 'CloudFormation',
      operation: 'ListStackInstances',
      code: 'AccessDenied',
      message:
        'User is not authorized to perform: cloudformation:ListStackInstances',
      httpStatus: 403,
    });
    const denied = await h.refresher.run({ id: 'denied', trigger: 'manual' });
    expect(denied.errors).toEqual([
      {
        collector: 'deployments',
        source: 'cloudFormation',
        message:
          'AccessDenied: User is not authorized to perform: cloudformation:ListStackInstances',
      },
    ]);
    const stale: TenantDeployments = (
      await get(`/tenants/${b.tenantId}/deployments`)
    ).body;
    expect(stale.release).toEqual({ version: '1.0.0', status: 'failed' });
    expect(stale.stale).toEqual({
      since: failed.collectedAt,
      error:
        'AccessDenied: User is not authorized to perform: cloudformation:ListStackInstances',
    });
    expect(await release(b)).toEqual({ version: '1.0.0', status: 'failed' });
    sandbox.faults.clear();
  });
});
