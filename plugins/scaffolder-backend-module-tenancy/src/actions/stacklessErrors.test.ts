import { ConflictError, InputError } from '@backstage/errors';
import { testDeps } from '../__testUtils__/harness';
import { createTenancyActions } from '.';
import { withoutStackFrames, withStacklessErrors } from './stacklessErrors';

const noFramesNoPaths = (stack: string | undefined) => {
  expect(stack).not.toContain('    at ');
  expect(stack).not.toContain('/');
  expect(stack).not.toContain('node_modules');
};

describe('withStacklessErrors', () => {
  it('rethrows the same error class, name and message, with a stack of just name and message', async () => {
    const cause = new Error('the cause');
    const thrown = new ConflictError(
      'Email aws+tenant-acme@x.io belongs to another tenant (rule account.oneTenant)',
      cause,
    );
    expect(thrown.stack).toContain('    at ');
    const action = withStacklessErrors({
      id: 'test:throw',
      handler: async (_ctx: unknown) => {
        throw thrown;
      },
    });
    const error = await action.handler({} as any).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toBe(thrown);
    expect(error!.name).toBe('ConflictError');
    expect(error!.message).toBe(thrown.message);
    expect(error!.stack).toBe(`ConflictError: ${thrown.message}`);
    expect(error!.stack!.split('\n')).toHaveLength(1);
    expect((error as ConflictError).cause).toBe(cause);
    expect(cause.stack).toBe('Error: the cause');
  });

  it('keeps what is not an Error, and the id and other fields of the action', async () => {
    expect(withoutStackFrames('plain')).toBe('plain');
    const action = withStacklessErrors({
      id: 'test:ok',
      supportsDryRun: true,
      handler: async (_ctx: unknown) => undefined,
    });
    expect(action.id).toBe('test:ok');
    expect(action.supportsDryRun).toBe(true);
    await expect(action.handler({} as any)).resolves.toBeUndefined();
  });

  it('wraps every vending action, so none of them throws a stack frame or a server path into the task log', async () => {
    const actions = createTenancyActions(testDeps().deps);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      // A context whose every field throws: the handler fails on its first use of it.
      const ctx = new Proxy(
        {},
        {
          get: () => {
            throw new InputError(`${action.id} failed`);
          },
        },
      );
      const error = await action.handler(ctx as any).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(InputError);
      expect([action.id, error!.name, error!.message]).toEqual([
        action.id,
        'InputError',
        `${action.id} failed`,
      ]);
      noFramesNoPaths(error!.stack);
    }
  });
});
