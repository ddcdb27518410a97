import { InventoryCatalogedGate } from './catalogGate';

describe('InventoryCatalogedGate', () => {
  async function gate(waitMs: number) {
    let onEvent: (e: { topic: string; eventPayload: unknown }) => Promise<void>;
    const subscribed: string[][] = [];
    const g = await InventoryCatalogedGate.create(
      {
        subscribe: async options => {
          subscribed.push(options.topics);
          onEvent = options.onEvent;
        },
      },
      waitMs,
    );
    const announce = (payload: unknown) =>
      onEvent({ topic: 'tenancy.inventory.cataloged', eventPayload: payload });
    return { g, announce, subscribed };
  }

  it('opens for the run the catalog announced, before or after the wait began', async () => {
    const { g, announce, subscribed } = await gate(60_000);
    expect(subscribed).toEqual([['tenancy.inventory.cataloged']]);
    await announce({ runId: 'r1', entityCount: 10 });
    expect(await g.wait('r1')).toBe(true);
    const later = g.wait('r2');
    await announce({ runId: 'other', entityCount: 10 });
    await announce({ entityCount: 10 }); // no run id: ignored
    await announce({ runId: 'r2', entityCount: 10 });
    expect(await later).toBe(true);
  });

  it('answers false once the wait passed without the announcement', async () => {
    const { g } = await gate(30);
    const started = Date.now();
    expect(await g.wait('r1')).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
