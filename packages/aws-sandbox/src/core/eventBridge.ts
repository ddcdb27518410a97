/**
 * The sandbox's EventBridge: every change the sandbox makes or simulates is published as the event
 * AWS would send (the envelope `version`, `id`, `detail-type`, `source`, `account`, `time`,
 * `region`, `resources`, `detail`) and delivered, as the central rule of a real organization
 * would, to one SQS queue: `tenancy-events` of the management account in `us-east-1` (created
 * on first use; a test or the portal may create it first with CreateQueue). See
 * docs/aws-behaviours/events.md.
 */
import type { SandboxData } from './context';
import type { Organization } from './organization/organization';
import { randomUUID } from 'node:crypto';
import { sqsQueuesSlot, type SqsQueue } from './sqsQueues';

/** Name of the queue the sandbox's central rule delivers every event to. @public */
export const EVENTS_QUEUE_NAME = 'tenancy-events';
/** Region of that queue (the organization's home region). @public */
export const EVENTS_QUEUE_REGION = 'us-east-1';

/** An EventBridge event as AWS delivers it to an SQS target (the message body). @public */
export interface EventBridgeEvent {
  version: '0';
  /** A UUID, unique per event (a redelivered message carries the same). */
  id: string;
  'detail-type': string;
  source: string;
  /** The account the event happened in. */
  account: string;
  /** When it happened, ISO-8601 UTC to the second (`2026-03-15T12:00:00Z`). */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** An event before the bus stamps it: no `version`, `id`; `time` a Date. @public */
export type EventInput = Omit<EventBridgeEvent, 'version' | 'id' | 'time'> & {
  time: Date;
};

/** What publishing needs from a handler's context (an `OperationContext` has it). @public */
export interface EventCall {
  data: SandboxData;
  org: Organization;
  now(): Date;
}

/** EventBridge's `time`: ISO-8601 UTC without milliseconds. @public */
export function eventTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The central events queue, created when missing. @public */
export function eventsQueue(call: EventCall): SqsQueue {
  const queues = call.data.slot(sqsQueuesSlot);
  const account = call.org.managementAccountId;
  return (
    queues.get(account, EVENTS_QUEUE_NAME) ??
    queues.create(
      account,
      EVENTS_QUEUE_REGION,
      EVENTS_QUEUE_NAME,
      {},
      call.now().getTime(),
    )
  );
}

/** Publishes events: stamps each and sends it to the central queue. Returns them as sent. @public */
export function publishEvents(
  call: EventCall,
  events: EventInput[],
): EventBridgeEvent[] {
  const queue = eventsQueue(call);
  return events.map(e => {
    const event: EventBridgeEvent = {
      version: '0',
      // A random UUID, as AWS's: unique across sandbox restarts (a counter from the seed would
      // repeat the ids of an earlier run, which a consumer keeping seen ids drops as duplicates).
      id: randomUUID(),
      'detail-type': e['detail-type'],
      source: e.source,
      account: e.account,
      time: eventTime(e.time),
      region: e.region,
      resources: e.resources,
      detail: e.detail,
    };
    queue.send(JSON.stringify(event), call.now().getTime());
    return event;
  });
}
