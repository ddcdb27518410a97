import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  createMessageScrubber,
  toSafeError,
  toSafeSerializedError,
} from './safeErrors';

const scrub = createMessageScrubber(['work', 'tmp', 'usr', 'home']);

describe('createMessageScrubber', () => {
  it.each([
    [
      "ENOENT: no such file or directory, open '/work/wt/guardrails/scp.json'",
      "ENOENT: no such file or directory, open '<server path>'",
    ],
    [
      'failed in /tmp/tenancy-x/sqlite/tenants.sqlite',
      'failed in <server path>',
    ],
    [
      'Cannot load file:///work/wt/plugins/x/dist/index.cjs.js: bad',
      'Cannot load <server path>: bad',
    ],
    ['Cannot open C:\\srv\\portal\\app.js', 'Cannot open <server path>'],
    [
      'Boom\n    at Object.<anonymous> (/work/wt/src/a.ts:1:2)\n    at next (node:internal/x:3:4)',
      'Boom',
    ],
  ])('scrubs %j', (message, expected) => {
    expect(scrub(message)).toBe(expected);
  });

  it.each([
    'Tenant acme not found',
    'Invalid query: tier /Tenants/premium is not a tier OU',
    'GET /api/tenants/tenants failed',
    'amount must be between 1 and 1000000 USD',
  ])('keeps %j', message => {
    expect(scrub(message)).toBe(message);
  });
});

describe('toSafeError', () => {
  it('keeps the name (and so the status), scrubs the message and the cause, drops other fields', () => {
    const cause = Object.assign(new Error("open '/work/x/y.json'"), {
      path: '/work/x/y.json',
    });
    const error = Object.assign(
      new ServiceUnavailableError('AWS is throttling', cause),
      { body: { stack: 'at x (/work/a.js:1:1)' } },
    );
    const safe = toSafeError(error, scrub) as Error & { cause: Error };
    expect(safe.name).toBe('ServiceUnavailableError');
    expect(safe.message).toBe(
      "AWS is throttling; caused by Error: open '<server path>'",
    );
    expect(safe.cause.message).toBe("open '<server path>'");
    expect(Object.keys(safe)).toEqual(['name', 'cause']);
    expect(Object.keys(safe.cause)).toEqual(['name']);
  });

  it('keeps a numeric status field', () => {
    const error = Object.assign(new Error('Payload too large'), {
      statusCode: 413,
      expose: true,
    });
    expect(toSafeError(error, scrub)).toMatchObject({
      name: 'Error',
      statusCode: 413,
    });
    expect((toSafeError(new NotFoundError('x'), scrub) as Error).name).toBe(
      'NotFoundError',
    );
  });
});

describe('toSafeSerializedError', () => {
  it('drops every stack and scrubs every message, down the cause chain', () => {
    expect(
      toSafeSerializedError(
        {
          name: 'InputError',
          message: 'bad input',
          stack: 'InputError: bad input\n    at x (/work/a.ts:1:2)',
          cause: {
            name: 'Error',
            message: "open '/tmp/x/y.json'",
            stack: 'Error\n    at y (/work/b.ts:3:4)',
          },
        },
        scrub,
      ),
    ).toEqual({
      name: 'InputError',
      message: 'bad input',
      cause: { name: 'Error', message: "open '<server path>'" },
    });
  });
});
