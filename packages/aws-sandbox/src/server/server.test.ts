import {
  ConcurrentModificationException,
  ListAccountsCommand,
  ListRootsCommand,
  OrganizationsClient,
  TagResourceCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import {
  clientConfig,
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../__testUtils__/testSandbox';

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=sandbox/20260315/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

describe('sandbox server: routing, faults, metering, admin routes', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({ tenants: 20 });
  });
  afterEach(() => stopTestSandbox(t));

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.sandbox.endpoint}/_sandbox/${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('answers an unknown operation with HTTP 400 for JSON and query services', async () => {
    const json = await fetch(t.sandbox.endpoint, {
      method: 'POST',
      headers: {
        authorization: AUTH('organizations'),
        'x-amz-target': 'AWSOrganizationsV20161128.LeaveOrganizationForever',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(json.headers.get('x-amzn-errortype')).toBe(
      'UnknownOperationException',
    );
    const query = await fetch(t.sandbox.endpoint, {
      method: 'POST',
      headers: {
        authorization: AUTH('cloudformation'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'Action=DeleteEverything&Version=2010-05-15',
    });
    expect(query.status).toBe(400);
    expect(await query.text()).toContain('<Code>InvalidAction</Code>');
    const unknownService = await fetch(t.sandbox.endpoint, {
      method: 'POST',
      headers: { authorization: AUTH('s3') },
    });
    expect(unknownService.status).toBe(400);
  });

  it('throttles with the service’s real error, the first N calls only', async () => {
    t.sandbox.faults.add({
      kind: 'throttle',
      service: 'Organizations',
      operation: 'TagResource',
      count: 3,
    });
    t.sandbox.faults.add({
      kind: 'error',
      service: 'organizations',
      operation: 'TagResource',
      code: 'ConcurrentModificationException',
      count: 1,
    });
    const account = t.sandbox.state.org.tenantAccounts()[0].id;
    const tag = () =>
      t.organizations.send(
        new TagResourceCommand({
          ResourceId: account,
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      );
    for (let i = 0; i < 3; i++) {
      const e = await errorOf(tag());
      expect(e).toBeInstanceOf(TooManyRequestsException);
      expect(e.$metadata.httpStatusCode).toBe(400);
    }
    expect(await errorOf(tag())).toBeInstanceOf(
      ConcurrentModificationException,
    );
    await tag();
    const stats = t.sandbox.stats();
    expect(stats.calls['Organizations.TagResource']).toBe(5);
    expect(stats.errors).toEqual({
      'Organizations.TagResource.TooManyRequestsException': 3,
      'Organizations.TagResource.ConcurrentModificationException': 1,
    });
    expect(stats.throttled).toBe(3);
  });

  it('lets the SDK retry policy ride out injected throttling', async () => {
    await t.sandbox.faults.add({
      kind: 'throttle',
      service: 'Organizations',
      count: 2,
    });
    const retrying = new OrganizationsClient({
      ...clientConfig(t.sandbox.endpoint),
      maxAttempts: 4,
    });
    const roots = await retrying.send(new ListRootsCommand({}));
    expect(roots.$metadata.attempts).toBe(3);
    retrying.destroy();
  });

  it('throttles a deterministic fraction of calls with rate', async () => {
    t.sandbox.faults.add({
      kind: 'throttle',
      service: 'Organizations',
      operation: 'ListRoots',
      rate: 0.5,
    });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(
        !!(await t.organizations
          .send(new ListRootsCommand({}))
          .catch(() => undefined)),
      );
    }
    const ok = outcomes.filter(Boolean).length;
    expect(ok).toBeGreaterThan(4);
    expect(ok).toBeLessThan(16);
  });

  it('adds latency', async () => {
    t.sandbox.faults.add({
      kind: 'latency',
      service: 'CloudFormation',
      ms: 150,
      count: 1,
    });
    const started = Date.now();
    await t.cloudFormation.send(new ListStackSetsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('enforces per-operation rate limits', async () => {
    t.sandbox.faults.setRateLimits([
      {
        service: 'Organizations',
        operation: 'ListRoots',
        perSecond: 0.001,
        burst: 2,
      },
    ]);
    await t.organizations.send(new ListRootsCommand({}));
    await t.organizations.send(new ListRootsCommand({}));
    expect(
      await errorOf(t.organizations.send(new ListRootsCommand({}))),
    ).toBeInstanceOf(TooManyRequestsException);
    await t.organizations.send(new ListAccountsCommand({}));
  });

  it('serves stats, faults and the clock under /_sandbox/', async () => {
    await t.organizations.send(new ListRootsCommand({}));
    await t.cloudFormation.send(new ListStackSetsCommand({}));
    const stats = await admin('GET', 'stats');
    expect(stats.body).toMatchObject({
      total: 2,
      calls: {
        'Organizations.ListRoots': 1,
        'CloudFormation.ListStackSets': 1,
      },
      byService: {
        Organizations: { ListRoots: 1 },
        CloudFormation: { ListStackSets: 1 },
      },
    });
    expect((await admin('POST', 'stats')).body.total).toBe(0);
    const added = await admin('POST', 'faults', {
      kind: 'throttle',
      service: 'Organizations',
      count: 1,
    });
    expect(added).toEqual({ status: 201, body: { ids: ['fault-1'] } });
    expect(
      await errorOf(t.organizations.send(new ListRootsCommand({}))),
    ).toBeInstanceOf(TooManyRequestsException);
    expect((await admin('GET', 'faults')).body.faults).toEqual([
      {
        kind: 'throttle',
        service: 'Organizations',
        count: 1,
        id: 'fault-1',
        fired: 1,
      },
    ]);
    expect((await admin('DELETE', 'faults/fault-1')).status).toBe(200);
    expect((await admin('POST', 'faults', { kind: 'bogus' })).status).toBe(400);
    expect((await admin('GET', 'clock')).body).toEqual({
      now: '2026-03-15T12:00:00.000Z',
      mode: 'manual',
    });
    expect(
      (await admin('POST', 'clock', { advanceSeconds: 90 })).body.now,
    ).toBe('2026-03-15T12:01:30.000Z');
    expect(
      (await admin('POST', 'clock', { set: '2026-04-01T00:00:00Z' })).body.now,
    ).toBe('2026-04-01T00:00:00.000Z');
    expect(t.sandbox.clock.now().toISOString()).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    expect((await admin('GET', 'health')).body).toMatchObject({
      status: 'ok',
      seed: 1,
      tenants: 20,
    });
    expect((await admin('GET', 'nope')).status).toBe(404);
  });
});
