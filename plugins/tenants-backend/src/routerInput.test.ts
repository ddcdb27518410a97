import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import Router from 'express-promise-router';
import fc from 'fast-check';
import request from 'supertest';
import { KnexTenantsStore } from './inventory/store/KnexTenantsStore';
import { makeTenant } from './__testUtils__/testFixtures';
import { TEST_USERS, createTestApp } from './__testUtils__/testApp';
import { toBackstageError } from '@tenancy/plugin-tenants-node';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** An AWS SDK v3 error as the SDK throws it: name, ARN-bearing message, `$metadata`, `$fault`. */
function awsError(name: string, httpStatusCode: number) {
  return Object.assign(
    new Error(
      'User: arn:aws:sts::000000000001:assumed-role/tenancy-reader/x is not authorized to perform: logs:StartQuery on resource: arn:aws:logs:us-east-1:435457385505:log-group:/aws/lambda/secret-fn',
    ),
    {
      name,
      $fault: 'client',
      $metadata: { httpStatusCode, requestId: 'req-123', attempts: 1 },
      __type: `com.amazonaws.cloudwatchlogs#${name}`,
    },
  );
}

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  await store.replaceInventory([makeTenant(1)]);
  const thrower = async () => {
    const r = Router();
    r.get('/aws-fails/:name/:status', req => {
      throw awsError(req.params.name, Number(req.params.status));
    });
    r.get('/aws-wrapped/:name/:status', req => {
      throw toBackstageError(
        awsError(req.params.name, Number(req.params.status)),
        'CloudWatchLogs.StartQuery',
      );
    });
    return r;
  };
  const app = await createTestApp(
    store,
    { requestRefresh: async () => ({ runId: 'r', alreadyRunning: false }) },
    [thrower],
  );
  const get = (path: string) =>
    request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header(TEST_USERS.platform) });
  const post = (path: string, body: string, headers: Record<string, string>) =>
    request(app)
      .post(path)
      .set({
        Authorization: mockCredentials.user.header(TEST_USERS.platform),
        'Content-Type': 'application/json',
        ...headers,
      })
      .send(body);
  return { get, post };
}

describe('router input and AWS errors', () => {
  it.each([
    ['/tenants?q=%00'],
    ['/tenants?tier=%00'],
    ['/tenants?owner=a%0Ab'],
    ['/tenants/a%00b'],
    ['/spend/fleet?q=%1F'],
  ])('answers 400 naming the rule for a control character: %s', async path => {
    const { get } = await setup();
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message:
        'Invalid input: the path and query must not contain control characters (U+0000–U+001F, U+007F)',
    });
  });

  it.each([
    ['gzip', 'not gzip at all'],
    ['deflate', '{"a":1}'],
  ])(
    "a %s body that does not decompress answers 400 naming the encoding, not zlib's message",
    async (encoding, body) => {
      const { post } = await setup();
      const res = await post('/refresh', body, {
        'Content-Encoding': encoding,
      });
      expect([res.status, res.body.error]).toEqual([
        400,
        {
          name: 'InputError',
          message: `Invalid body: not valid ${encoding} data (Content-Encoding: ${encoding})`,
        },
      ]);
    },
  );

  it('a body that is not JSON answers 400 naming the rule', async () => {
    const { post } = await setup();
    const res = await post('/refresh', '{"a":', {});
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(/^Invalid body: must be JSON \(/);
  });

  it.each([
    [
      'AccessDeniedException',
      400,
      500,
      'AwsRoleMisconfiguredError',
      'AWS denied the call (AccessDeniedException): the Tenancy IAM role is misconfigured; grant it the permission named in the plugin README',
    ],
    [
      'ThrottlingException',
      400,
      503,
      'ServiceUnavailableError',
      'AWS throttled the request (ThrottlingException); try again later',
    ],
    [
      'InternalServerException',
      500,
      503,
      'ServiceUnavailableError',
      'AWS answered InternalServerException',
    ],
    [
      'SomethingNewException',
      400,
      500,
      'Error',
      'AWS answered SomethingNewException; the call failed',
    ],
  ])(
    'an AWS %s (HTTP %i) answers %i %s without the SDK message, $metadata or request id',
    async (name, status, expected, errorName, message) => {
      const { get } = await setup();
      const res = await get(`/aws-fails/${name}/${status}`);
      expect(res.status).toBe(expected);
      expect(res.body.error).toEqual({ name: errorName, message });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('arn:aws');
      expect(text).not.toContain('req-123');
      expect(text).not.toContain('$metadata');
      // Wrapped by a route (toBackstageError with the operation): the same, with the operation.
      const wrapped = await get(`/aws-wrapped/${name}/${status}`);
      expect(wrapped.status).toBe(expected);
      expect(wrapped.body.error.name).toBe(errorName);
      expect(JSON.stringify(wrapped.body)).not.toContain('arn:aws');
    },
  );
});

describe('the control-character rule, over random input (fast-check)', () => {
  it('any query value or tenant id holding a control character answers 400 naming the rule, never 500', async () => {
    const { get } = await setup();
    const control = fc
      .integer({ min: 0, max: 0x20 })
      .map(c => String.fromCharCode(c === 0x20 ? 0x7f : c));
    const hostile = fc
      .tuple(
        fc.string({ maxLength: 20 }),
        control,
        fc.string({ maxLength: 20 }),
      )
      .map(([a, c, b]) => `${a}${c}${b}`);
    const where = fc.constantFrom(
      (v: string) => `/tenants?q=${encodeURIComponent(v)}`,
      (v: string) => `/tenants?tier=${encodeURIComponent(v)}`,
      (v: string) => `/tenants?owner=${encodeURIComponent(v)}`,
      (v: string) => `/tenants/${encodeURIComponent(v)}`,
      (v: string) => `/tenants/tenant-001/spend?x=${encodeURIComponent(v)}`,
      (v: string) => `/spend/fleet?q=${encodeURIComponent(v)}`,
    );
    // Bounded: 150 requests, 20 s; fast-check prints the seed and the input of a failing run.
    await fc.assert(
      fc.asyncProperty(hostile, where, async (value, path) => {
        const res = await get(path(value));
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'Invalid input: the path and query must not contain control characters (U+0000–U+001F, U+007F)',
        );
      }),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
  });
});

describe('a missing tenant', () => {
  it.each([
    ['/tenants/nope', 'Tenant nope not found'],
    [
      '/tenants/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      'Tenant not found: the id is not a valid tenant id',
    ],
    [
      `/tenants/${'a'.repeat(5000)}`,
      'Tenant not found: the id is not a valid tenant id',
    ],
  ])('%s answers 404 echoing only a valid tenant id', async (path, message) => {
    const { get } = await setup();
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ name: 'NotFoundError', message });
  });
});
