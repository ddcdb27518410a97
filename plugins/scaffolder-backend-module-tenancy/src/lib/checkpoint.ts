import type { JsonValue } from '@backstage/types';

/**
 * The scaffolder's `ctx.checkpoint`, as the `lib/` functions take it: runs `fn` once per task and
 * key, answering the saved value when the task is recovered.
 */
export type Checkpoint = <T extends JsonValue | void>(o: {
  key: string;
  fn: () => Promise<T> | T;
}) => Promise<T>;
