import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { SqsEventConsumerOptions } from './SqsEventConsumer';

/** `tenancy.events` as read: the consumer's options and where the queue is. @public */
export interface EventsSettings extends SqsEventConsumerOptions {
  queueAccountId?: string;
  queueRegion?: string;
}

function intIn(
  config: Config,
  key: string,
  min: number,
  max: number,
  fallback: number | undefined,
): number | undefined {
  const v = config.getOptionalNumber(key);
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new InputError(
      `tenancy.events.${key} must be an integer from ${min} to ${max}, got ${v}`,
    );
  }
  return v;
}

/**
 * Reads `tenancy.events`; undefined when no `queueUrl` is set (no queue is read).
 * @throws InputError naming the key when a number is out of its range or the URL names no queue.
 */
export function readEventsSettings(config: Config): EventsSettings | undefined {
  const events = config.getOptionalConfig('tenancy.events');
  const queueUrl = events?.getOptionalString('queueUrl');
  if (!events || !queueUrl) return undefined;
  const m =
    /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.[^/]+|[^/]+)\/(\d{12})\/[\w-]{1,80}$/.exec(
      queueUrl,
    );
  if (!m) {
    throw new InputError(
      `tenancy.events.queueUrl must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>), got ${queueUrl}`,
    );
  }
  return {
    queueUrl,
    queueAccountId: events.getOptionalString('queueAccountId') ?? m[2],
    queueRegion: events.getOptionalString('queueRegion') ?? m[1],
    batchSize: intIn(events, 'batchSize', 1, 10, 10)!,
    waitTimeSeconds: intIn(events, 'waitTimeSeconds', 0, 20, 20)!,
    concurrency: intIn(events, 'concurrency', 1, 10, 4)!,
    visibilityTimeoutSeconds: intIn(
      events,
      'visibilityTimeoutSeconds',
      0,
      43_200,
      undefined,
    ),
  };
}
