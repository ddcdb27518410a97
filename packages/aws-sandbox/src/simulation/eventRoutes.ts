/**
 * Admin routes of the sandbox's events (JSON in, JSON out), under `/_sandbox/events/`:
 *
 * - `POST alarm` `{ accountId, check?, state? }` → the `CloudWatch Alarm State Change` sent
 * - `POST finding` `{ accountId, typeIndex?, region? }` → the `GuardDuty Finding` sent
 * - `POST config` `{ accountId, configRuleName, complianceType, resourceId? }` → the
 *   `Config Rules Compliance Change` sent
 * - `GET queue` → the central queue's URL and counts; `PUT faults` `{ duplicate?, reorder?, lose? }`
 *   sets its delivery faults (probabilities 0–1)
 */
import { eventsQueue } from '../core/eventBridge';
import type { OperationContext } from '../core/service';
import { changeCompliance, flipAlarm, raiseFinding } from './liveEvents';

/** Answers an events route, or undefined when `route` is not one. */
export function handleEventsRoute(
  route: string,
  method: string,
  body: any,
  ctx: OperationContext,
): unknown {
  const queue = eventsQueue(ctx);
  if (method === 'POST' && route === 'events/alarm') {
    return flipAlarm(ctx, String(body?.accountId), body ?? {});
  }
  if (method === 'POST' && route === 'events/finding') {
    return raiseFinding(ctx, String(body?.accountId), body ?? {});
  }
  if (method === 'POST' && route === 'events/config') {
    return changeCompliance(ctx, String(body?.accountId), body ?? {});
  }
  if (method === 'GET' && route === 'events/queue') {
    const counts = queue.counts(ctx.now().getTime());
    return { queueUrl: queue.url, ...counts, faults: queue.faults };
  }
  if (method === 'PUT' && route === 'events/faults') {
    for (const k of ['duplicate', 'reorder', 'lose'] as const) {
      const v = body?.[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
        throw new TypeError(`${k} must be a probability from 0 to 1`);
      }
    }
    queue.faults = { ...body };
    return { faults: queue.faults };
  }
  return undefined;
}
