import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { mockServices } from '@backstage/backend-test-utils';
import type { EventsService } from '@backstage/plugin-events-node';
import type { EventLedger } from './EventLedger';
import { SqsEventConsumer } from './SqsEventConsumer';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111122223333/tenancy-events';

describe('SqsEventConsumer receive loops', () => {
  it('long-polls again while a batch applies, at most 2 batches in hand per loop, and deletes each once settled', async () => {
    let received = 0;
    const deleted: string[][] = [];
    let stopped = false;
    const sqs = {
      send: jest.fn(async (command: unknown) => {
        if (command instanceof ReceiveMessageCommand) {
          if (stopped) return {};
          received += 1;
          const n = received;
          return {
            Messages: [
              {
                MessageId: `m${n}`,
                ReceiptHandle: `r${n}`,
                Body: JSON.stringify({
                  id: `e${n}`,
                  time: '2026-03-15T12:00:00Z',
                }),
              },
            ],
          };
        }
        if (command instanceof DeleteMessageBatchCommand) {
          deleted.push(
            (command.input.Entries ?? []).map(e => e.ReceiptHandle ?? ''),
          );
          return {};
        }
        throw new Error('unexpected command');
      }),
    } as unknown as SQSClient;
    // The applier holds every event until released.
    const releases: Array<() => void> = [];
    const settled = new Set<string>();
    const events = {
      publish: jest.fn(
        ({ eventPayload }: { eventPayload: { id: string } }) =>
          new Promise<void>(resolve =>
            releases.push(() => {
              settled.add(eventPayload.id);
              resolve();
            }),
          ),
      ),
    } as unknown as EventsService;
    const ledger = {
      outcomesOf: async (ids: string[]) =>
        new Map(ids.filter(id => settled.has(id)).map(id => [id, 'applied'])),
    } as unknown as EventLedger;
    const consumer = new SqsEventConsumer({
      sqs: async () => sqs,
      events,
      ledger,
      logger: mockServices.logger.mock(),
      options: {
        queueUrl: QUEUE,
        batchSize: 10,
        waitTimeSeconds: 0,
        concurrency: 1,
      },
    });
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i++)
        await new Promise(r => setTimeout(r, 5));
    };
    consumer.start();
    await until(() => releases.length === 2);
    // Two batches received and in hand, none applied: the one loop waits before a third poll.
    await new Promise(r => setTimeout(r, 50));
    expect(received).toBe(2);
    expect(deleted).toEqual([]);
    releases[0]();
    await until(() => deleted.length === 1 && received === 3);
    expect(deleted).toEqual([['r1']]);
    expect(received).toBe(3);
    stopped = true;
    for (const release of releases.slice(1)) release();
    await until(() => releases.length === 3);
    releases[2]?.();
    await consumer.stop();
    expect(deleted.flat().sort()).toEqual(['r1', 'r2', 'r3']);
  });
});
