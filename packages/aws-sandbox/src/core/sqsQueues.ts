/**
 * The SQS queues of the sandbox (standard queues, at-least-once): messages, visibility timeouts,
 * receive counts, long polling and the delivery faults of a standard queue (a message delivered
 * twice, out of order, or received and lost, coming back after its visibility timeout). Held in
 * the sandbox's data (reset with the state); times are the sandbox clock's, in milliseconds.
 * See docs/aws-behaviours/events.md.
 */
import crypto from 'node:crypto';
import { defineDataSlot } from './context';
import { createRng, type Rng } from './random';

/** Queue attributes the sandbox keeps (AWS defaults). @public */
export interface SqsQueueAttributes {
  /** Seconds a received message stays invisible, 0–43,200 (default 30). */
  VisibilityTimeout: number;
  /** Default long-poll wait of ReceiveMessage, seconds 0–20 (default 0). */
  ReceiveMessageWaitTimeSeconds: number;
  /** Seconds a message is kept, 60–1,209,600 (default 345,600: 4 days). */
  MessageRetentionPeriod: number;
}

/** How a standard queue misbehaves, each a probability 0–1 per message. @public */
export interface SqsDeliveryFaults {
  /** A sent message is stored twice (same MessageId): delivered twice. */
  duplicate?: number;
  /** A sent message is put ahead of the message sent before it. */
  reorder?: number;
  /** A received message is not returned (lost in transit); it comes back after its visibility timeout. */
  lose?: number;
}

/** One stored copy of a message. */
interface StoredMessage {
  messageId: string;
  body: string;
  md5: string;
  sentMs: number;
  firstReceiveMs?: number;
  receiveCount: number;
  visibleAtMs: number;
  /** Number of the latest receive; receipt handles carry it. */
  receipt: number;
  /** Copy number (duplicates of one MessageId differ here). */
  copy: number;
}

/** A message as ReceiveMessage returns it. @public */
export interface ReceivedSqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  /** Epoch milliseconds as strings, as AWS returns them. */
  Attributes: Record<string, string>;
}

/** One queue. @public */
export class SqsQueue {
  readonly createdMs: number;
  attributes: SqsQueueAttributes;
  faults: SqsDeliveryFaults = {};
  #messages: StoredMessage[] = [];
  #sent = 0;
  #receipts = 0;
  #rng: Rng;
  #key: string;
  #waiters = new Set<() => void>();

  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly name: string,
    attributes: Partial<SqsQueueAttributes>,
    nowMs: number,
    seed: number,
  ) {
    this.createdMs = nowMs;
    this.attributes = {
      VisibilityTimeout: 30,
      ReceiveMessageWaitTimeSeconds: 0,
      MessageRetentionPeriod: 345_600,
      ...attributes,
    };
    this.#rng = createRng(seed, 'sqs', accountId, name);
    this.#key = `${seed}:${accountId}:${name}`;
  }

  /** `https://sqs.<region>.amazonaws.com/<account>/<name>`, as AWS answers it. */
  get url(): string {
    return `https://sqs.${this.region}.amazonaws.com/${this.accountId}/${this.name}`;
  }
  get arn(): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${this.name}`;
  }

  /** Stores a message; returns its MessageId and the body's MD5 (hex). */
  send(
    body: string,
    nowMs: number,
  ): { MessageId: string; MD5OfMessageBody: string } {
    const n = ++this.#sent;
    const messageId = uuidOf(this.#key, n);
    const md5 = crypto.createHash('md5').update(body, 'utf8').digest('hex');
    const message: StoredMessage = {
      messageId,
      body,
      md5,
      sentMs: nowMs,
      receiveCount: 0,
      visibleAtMs: nowMs,
      receipt: 0,
      copy: 0,
    };
    const list = this.#messages;
    if (list.length && this.#chance(this.faults.reorder)) {
      list.splice(list.length - 1, 0, message);
    } else list.push(message);
    if (this.#chance(this.faults.duplicate)) list.push({ ...message, copy: 1 });
    for (const wake of this.#waiters) wake();
    return { MessageId: messageId, MD5OfMessageBody: md5 };
  }

  /**
   * Receives up to `max` visible messages (oldest first), each then invisible for
   * `visibilitySeconds` with its receive count raised. A lost message is received but not returned.
   */
  receive(
    max: number,
    visibilitySeconds: number,
    nowMs: number,
  ): ReceivedSqsMessage[] {
    this.#expire(nowMs);
    const out: ReceivedSqsMessage[] = [];
    for (const m of this.#messages) {
      if (out.length === max) break;
      if (m.visibleAtMs > nowMs) continue;
      m.receiveCount++;
      m.firstReceiveMs ??= nowMs;
      m.visibleAtMs = nowMs + visibilitySeconds * 1000;
      m.receipt = ++this.#receipts;
      if (this.#chance(this.faults.lose)) continue;
      out.push({
        MessageId: m.messageId,
        ReceiptHandle: encodeReceipt(this.name, m),
        MD5OfBody: m.md5,
        Body: m.body,
        Attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentMs),
          ApproximateFirstReceiveTimestamp: String(m.firstReceiveMs),
        },
      });
    }
    return out;
  }

  /**
   * Deletes the message a receipt handle names when it is the latest receipt of that message
   * (an older handle succeeds without deleting, as AWS documents). `false` for a malformed handle.
   */
  delete(receiptHandle: string): boolean {
    const r = decodeReceipt(receiptHandle);
    if (!r || r.queue !== this.name) return false;
    const i = this.#messages.findIndex(
      m => m.messageId === r.messageId && m.copy === r.copy,
    );
    if (i >= 0 && this.#messages[i].receipt === r.receipt) {
      this.#messages.splice(i, 1);
    }
    return true;
  }

  /**
   * Sets the visibility of an in-flight message. `invalid` for a malformed handle, `not-in-flight`
   * when the message is visible or gone or the handle is not its latest.
   */
  changeVisibility(
    receiptHandle: string,
    seconds: number,
    nowMs: number,
  ): 'ok' | 'invalid' | 'not-in-flight' {
    const r = decodeReceipt(receiptHandle);
    if (!r || r.queue !== this.name) return 'invalid';
    const m = this.#messages.find(
      x => x.messageId === r.messageId && x.copy === r.copy,
    );
    if (!m || m.receipt !== r.receipt || m.visibleAtMs <= nowMs) {
      return 'not-in-flight';
    }
    m.visibleAtMs = nowMs + seconds * 1000;
    return 'ok';
  }

  /** ApproximateNumberOfMessages (visible) and …NotVisible (in flight). */
  counts(nowMs: number): { visible: number; inFlight: number } {
    this.#expire(nowMs);
    const visible = this.#messages.filter(m => m.visibleAtMs <= nowMs).length;
    return { visible, inFlight: this.#messages.length - visible };
  }

  /** Resolves when a message is sent or after `ms` of real time. */
  waitForMessage(ms: number): Promise<void> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  #expire(nowMs: number): void {
    const keepFrom = nowMs - this.attributes.MessageRetentionPeriod * 1000;
    if (this.#messages.some(m => m.sentMs < keepFrom)) {
      this.#messages = this.#messages.filter(m => m.sentMs >= keepFrom);
    }
  }

  #chance(p: number | undefined): boolean {
    return !!p && this.#rng.next() < p;
  }
}

/** A deterministic UUID-shaped id, the n-th of a stream. */
export function uuidOf(name: string, n: number): string {
  const h = crypto.createHash('sha1').update(`${name}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function encodeReceipt(queue: string, m: StoredMessage): string {
  return Buffer.from(
    JSON.stringify([queue, m.messageId, m.copy, m.receipt]),
  ).toString('base64');
}

function decodeReceipt(
  handle: string,
):
  | { queue: string; messageId: string; copy: number; receipt: number }
  | undefined {
  try {
    const [queue, messageId, copy, receipt] = JSON.parse(
      Buffer.from(handle, 'base64').toString('utf8'),
    );
    if (typeof queue !== 'string' || typeof receipt !== 'number')
      return undefined;
    return { queue, messageId, copy, receipt };
  } catch {
    return undefined;
  }
}

/** Every queue of the sandbox, by account and name. @public */
export class SqsQueues {
  #queues = new Map<string, SqsQueue>();
  constructor(private readonly seed: number) {}

  get(accountId: string, name: string): SqsQueue | undefined {
    return this.#queues.get(`${accountId}/${name}`);
  }
  /** The queue a QueueUrl names (any host; the path is `/<account>/<name>`). */
  byUrl(url: string): SqsQueue | undefined {
    const m = /\/(\d{12})\/([\w-]{1,80})\/?$/.exec(url);
    return m ? this.get(m[1], m[2]) : undefined;
  }
  create(
    accountId: string,
    region: string,
    name: string,
    attributes: Partial<SqsQueueAttributes>,
    nowMs: number,
  ): SqsQueue {
    const q = new SqsQueue(
      accountId,
      region,
      name,
      attributes,
      nowMs,
      this.seed,
    );
    this.#queues.set(`${accountId}/${name}`, q);
    return q;
  }
  list(): SqsQueue[] {
    return [...this.#queues.values()];
  }
}

/** The sandbox's queues (created on first use, dropped on reset). @public */
export const sqsQueuesSlot = defineDataSlot(
  'sqs',
  data => new SqsQueues(data.seed),
);
