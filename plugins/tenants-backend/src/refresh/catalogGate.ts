import type { EventsService } from '@backstage/plugin-events-node';
import {
  INVENTORY_CATALOGED_TOPIC,
  type InventoryCatalogedEvent,
} from '@tenancy/plugin-tenants-common';

/**
 * The cold start's order (`tenancy.refresh.coldStartWait`): after the first inventory read,
 * the other sources' first reads wait until the catalog's Tenant entity provider announces
 * that run's entities readable ({@link INVENTORY_CATALOGED_TOPIC}), or `waitMs` passed. The
 * catalog then ingests the inventory while the process is otherwise idle; the cold reads of
 * spend, health and compliance (thousands of AWS pages at 10,000 tenants) come after.
 */
export class InventoryCatalogedGate {
  private readonly announced = new Set<string>();
  private readonly waiting = new Map<string, () => void>();

  private constructor(private readonly waitMs: number) {}

  /** Subscribes to {@link INVENTORY_CATALOGED_TOPIC} and answers the gate. */
  static async create(
    events: Pick<EventsService, 'subscribe'>,
    waitMs: number,
  ): Promise<InventoryCatalogedGate> {
    const gate = new InventoryCatalogedGate(waitMs);
    await events.subscribe({
      id: 'tenants-refresh-cold-start',
      topics: [INVENTORY_CATALOGED_TOPIC],
      onEvent: async ({ eventPayload }) => {
        const runId = (eventPayload as Partial<InventoryCatalogedEvent>)?.runId;
        if (typeof runId === 'string') gate.markCataloged(runId);
      },
    });
    return gate;
  }

  private markCataloged(runId: string) {
    const resolve = this.waiting.get(runId);
    if (resolve) resolve();
    else {
      this.announced.add(runId);
      if (this.announced.size > 100) {
        this.announced.delete(this.announced.values().next().value!);
      }
    }
  }

  /**
   * Resolves true when the catalog announced run `runId`'s inventory (before or after this
   * call), false once `waitMs` passed without it.
   */
  wait(runId: string): Promise<boolean> {
    if (this.announced.delete(runId)) return Promise.resolve(true);
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.waiting.delete(runId);
        resolve(false);
      }, this.waitMs);
      this.waiting.set(runId, () => {
        clearTimeout(timer);
        this.waiting.delete(runId);
        resolve(true);
      });
    });
  }
}
