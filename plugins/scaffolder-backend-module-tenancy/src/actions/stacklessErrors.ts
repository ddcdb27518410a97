import type { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Replaces the `stack` of an error (and of every error down its `cause` chain) with just
 * `${name}: ${message}`: no frames, so no server paths. The name, message and class stay, so a
 * ConflictError is still a ConflictError. Anything that is not an Error is returned as is.
 */
export function withoutStackFrames<T>(
  error: T,
  seen: Set<unknown> = new Set(),
): T {
  if (!(error instanceof Error) || seen.has(error)) {
    return error;
  }
  seen.add(error);
  Object.defineProperty(error, 'stack', {
    value: `${error.name}: ${error.message}`,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  withoutStackFrames((error as { cause?: unknown }).cause, seen);
  return error;
}

/**
 * The action with a handler whose thrown errors carry no stack frames. The scaffolder writes a
 * failed step's `error.stack` into the task's log events (`NunjucksWorkflowRunner`'s
 * `markFailed`), which `GET /api/scaffolder/v2/tasks/:id/events` returns to the browser.
 */
export function withStacklessErrors<
  T extends Pick<TemplateAction<any, any, any>, 'handler'>,
>(action: T): T {
  const handler = action.handler;
  return {
    ...action,
    handler: async (ctx: Parameters<T['handler']>[0]) => {
      try {
        return await handler(ctx);
      } catch (error) {
        throw withoutStackFrames(error);
      }
    },
  };
}
