import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { EventLedger } from './EventLedger';

/**
 * The Backstage events topic the consumer publishes each EventBridge event on (no dot: a topic
 * is a config key of `@backstage/plugin-events-backend-module-aws-sqs`, where a dot splits keys).
 * @public
 */
export const TENANCY_EVENTS_TOPIC = 'tenancyAwsEvents';

/**
 * Seconds beyond the long-poll wait within which a finished poll still counts as live (the
 * batch's apply time; a failed poll waits 5 s before the next, so a failing consumer drops out).
 * @public
 */
export const LIVE_GRACE_SECONDS = 10;

/**
 * Received batches each receive loop may have in hand (being applied) before it waits: the loop
 * long-polls again while its earlier batch applies.
 */
const BATCHES_IN_HAND_PER_LOOP = 2;

/** Settings of {@link SqsEventConsumer} (config `tenancy.events`). @public */
export interface SqsEventConsumerOptions {
  /** The queue the central EventBridge rule delivers to. */
  queueUrl: string;
  /** Messages per ReceiveMessage, 1–10 (the batch; memory is bounded by it). */
  batchSize: number;
  /** Long-poll wait, seconds 0–20. */
  waitTimeSeconds: number;
  /** Visibility timeout asked for on receive, seconds; undefined → the queue's. */
  visibilityTimeoutSeconds?: number;
  /** Receive loops run side by side, 1–10 (each holds at most one batch); default 1. */
  concurrency?: number;
}

/** What one poll did. @public */
export interface PollResult {
  received: number;
  /** Deleted after being settled (applied or ignored on purpose). */
  deleted: number;
  /** Left on the queue (not settled): they come back after the visibility timeout. */
  kept: number;
}

/**
 * Reads the live-events queue with the SDK's SQS client and publishes each EventBridge event on
 * the Backstage events topic {@link TENANCY_EVENTS_TOPIC}, where the tenants backend's subscriber
 * applies it. A message is deleted only once its event is settled in the ledger (applied, or
 * ignored as a duplicate, older, unknown account or unknown shape), so a replica that dies between
 * receive and delete loses nothing: the message comes back after its visibility timeout and the
 * ledger makes the second delivery change nothing if the first was applied. A body that is not
 * JSON, or JSON without an event id, is logged and deleted (it would never apply).
 * AWS APIs: ReceiveMessage (long polling), DeleteMessageBatch.
 * @public
 */
export class SqsEventConsumer {
  #running?: Promise<void>;
  #stopping = false;
  #lastPollAt?: number;
  #abort = new AbortController();

  constructor(
    private readonly deps: {
      sqs: () => Promise<SQSClient>;
      events: EventsService;
      ledger: EventLedger;
      logger: LoggerService;
      options: SqsEventConsumerOptions;
    },
  ) {}

  /** Receives one batch, publishes its events (side by side), deletes the settled ones. */
  async pollOnce(): Promise<PollResult> {
    const { sqs, messages } = await this.#receive();
    return this.#settle(sqs, messages);
  }

  /** One ReceiveMessage (long poll); marks the consumer live when it answers. */
  async #receive(): Promise<{ sqs: SQSClient; messages: Message[] }> {
    const { options } = this.deps;
    const sqs = await this.deps.sqs();
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: options.batchSize,
        WaitTimeSeconds: options.waitTimeSeconds,
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      { abortSignal: this.#abort.signal },
    );
    this.#lastPollAt = Date.now();
    return { sqs, messages: res.Messages ?? [] };
  }

  /** Publishes a received batch's events, deletes the settled ones. */
  async #settle(sqs: SQSClient, messages: Message[]): Promise<PollResult> {
    const { options, logger } = this.deps;
    const parsed = messages.map(m => ({ m, payload: bodyOf(m, logger) }));
    parsed.sort((a, b) => timeOf(a.payload).localeCompare(timeOf(b.payload)));
    // Published side by side, oldest first (the applier applies what is published together as
    // one batch, each tenant's events oldest first); each is deleted only once the ledger holds
    // it (one read for the batch).
    const ids = parsed.map(({ m, payload }) => {
      const id = (payload as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id) return id;
      logger.warn(
        `Message ${m.MessageId} deleted: its body is not an EventBridge event with an id`,
      );
      return undefined;
    });
    await Promise.all(
      parsed.map(async ({ m, payload }, i) => {
        if (ids[i] === undefined) return;
        await this.deps.events.publish({
          topic: TENANCY_EVENTS_TOPIC,
          eventPayload: payload,
          metadata: { messageId: m.MessageId ?? '' },
        });
      }),
    );
    const outcomes = await this.deps.ledger.outcomesOf(
      ids.filter((id): id is string => id !== undefined),
    );
    const done = parsed.map(({ m }, i) => {
      const id = ids[i];
      if (id === undefined || outcomes.has(id)) return true;
      logger.warn(
        `Event ${id} was not applied (receive count ${m.Attributes?.ApproximateReceiveCount}); it comes back after the visibility timeout`,
      );
      return false;
    });
    const settled = parsed.filter((_, i) => done[i]).map(p => p.m);
    if (settled.length) {
      const out = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: settled.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
          })),
        }),
      );
      for (const f of out.Failed ?? []) {
        logger.warn(`DeleteMessageBatch entry failed: ${f.Code}: ${f.Message}`);
      }
    }
    return {
      received: messages.length,
      deleted: settled.length,
      kept: messages.length - settled.length,
    };
  }

  /**
   * When the consumer, running, last finished a poll (ISO-8601 UTC), if that was within its poll
   * window at `now` (the long-poll wait plus {@link LIVE_GRACE_SECONDS}): the events it applies
   * are live. Undefined when it is stopped, has not polled, or its polls fail.
   */
  liveAt(now: Date): string | undefined {
    const last = this.#lastPollAt;
    if (!this.#running || this.#stopping || last === undefined)
      return undefined;
    const windowMs =
      (this.deps.options.waitTimeSeconds + LIVE_GRACE_SECONDS) * 1000;
    return now.getTime() - last <= windowMs
      ? new Date(last).toISOString()
      : undefined;
  }

  /**
   * Polls until {@link SqsEventConsumer.stop}: `concurrency` receive loops side by side, each
   * receiving its next batch as soon as it has handed one to the applier (several long polls
   * in flight), while at most {@link BATCHES_IN_HAND_PER_LOOP} × `concurrency` received batches
   * are being applied (memory and the time a message waits in hand stay bounded). A failed poll
   * is logged and retried after 5 s.
   */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    const loops = Math.max(1, this.deps.options.concurrency ?? 1);
    const inHand = new Set<Promise<unknown>>();
    const loop = async () => {
      while (!this.#stopping) {
        try {
          while (inHand.size >= loops * BATCHES_IN_HAND_PER_LOOP)
            await Promise.race(inHand);
          const { sqs, messages } = await this.#receive();
          if (!messages.length) continue;
          const settling: Promise<unknown> = this.#settle(sqs, messages)
            .catch(e => this.#failed('Applying a received batch', e))
            .finally(() => inHand.delete(settling));
          inHand.add(settling);
        } catch (e) {
          if (this.#stopping) break;
          this.#failed('Reading the events queue', e);
          await new Promise(r => setTimeout(r, 5_000));
        }
      }
    };
    this.#running = Promise.all(Array.from({ length: loops }, loop))
      .then(() => Promise.all(inHand))
      .then(() => undefined);
  }

  #failed(what: string, e: unknown) {
    this.deps.logger.error(
      `${what} failed: ${(e as Error).name}: ${(e as Error).message}`,
    );
  }

  /** Stops polling (aborts the long polls in flight) and waits for the batches in hand. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    await this.#running;
    this.#running = undefined;
    this.#abort = new AbortController();
  }
}

function bodyOf(m: Message, logger: LoggerService): unknown {
  try {
    return JSON.parse(m.Body ?? '');
  } catch {
    logger.warn(`Message ${m.MessageId} is not JSON`);
    return undefined;
  }
}

function timeOf(payload: unknown): string {
  const t = (payload as { time?: unknown } | undefined)?.time;
  return typeof t === 'string' ? t : '';
}
