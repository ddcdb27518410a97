import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  MessageNotInflight,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { clientConfig } from '../../__testUtils__/testSandbox';

jest.setTimeout(30_000);

let sandbox: RunningSandbox;
let sqs: SQSClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenants: 5 });
  sqs = new SQSClient(clientConfig(sandbox.endpoint));
});
afterAll(async () => {
  sqs?.destroy();
  await sandbox?.stop();
});

async function newQueue(name: string, visibility = 30): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { VisibilityTimeout: String(visibility) },
    }),
  );
  return QueueUrl!;
}

describe('SQS over AWS JSON 1.0 (the pinned client)', () => {
  it('creates a queue idempotently, finds it by name, refuses other attributes', async () => {
    const url = await newQueue('q-create');
    expect(url).toBe(
      'https://sqs.us-east-1.amazonaws.com/000000000000/q-create',
    );
    await expect(newQueue('q-create')).resolves.toBe(url);
    await expect(newQueue('q-create', 60)).rejects.toBeInstanceOf(
      QueueNameExists,
    );
    const got = await sqs.send(
      new GetQueueUrlCommand({ QueueName: 'q-create' }),
    );
    expect(got.QueueUrl).toBe(url);
    const missing = await sqs
      .send(new GetQueueUrlCommand({ QueueName: 'nope' }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(QueueDoesNotExist);
    expect(missing.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('sends, receives with the body MD5 and receive count, deletes', async () => {
    const url = await newQueue('q-basic');
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }),
    );
    expect(sent.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    expect(got.Messages).toHaveLength(1);
    expect(got.Messages![0].Body).toBe('hello');
    expect(got.Messages![0].MessageId).toBe(sent.MessageId);
    expect(got.Messages![0].Attributes).toEqual({
      ApproximateReceiveCount: '1',
    });
    // In flight: not received again, counted as not visible.
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(again.Messages).toBeUndefined();
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
        ],
      }),
    );
    expect(attrs.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: url,
        ReceiptHandle: got.Messages![0].ReceiptHandle,
      }),
    );
    sandbox.clock.advance(31_000);
    const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(after.Messages).toBeUndefined();
  });

  it('redelivers an undeleted message after its visibility timeout with ApproximateReceiveCount 2', async () => {
    const url = await newQueue('q-visibility', 30);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    sandbox.clock.advance(29_000);
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages,
    ).toBeUndefined();
    sandbox.clock.advance(1_000);
    const second = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    expect(second.Messages![0].MessageId).toBe(first.Messages![0].MessageId);
    expect(second.Messages![0].Attributes!.ApproximateReceiveCount).toBe('2');
    // The first receipt handle is stale: DeleteMessage succeeds and deletes nothing (as AWS documents).
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: url,
        ReceiptHandle: first.Messages![0].ReceiptHandle,
      }),
    );
    const counts = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(counts.Attributes).toEqual({
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    // ChangeMessageVisibility 0 makes it visible now; on a stale handle it is MessageNotInflight.
    await expect(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: first.Messages![0].ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      ),
    ).rejects.toBeInstanceOf(MessageNotInflight);
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: second.Messages![0].ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(third.Messages![0].Body).toBe('x');
  });

  it('long-polls: a receive waiting 20 s answers as soon as a message is sent', async () => {
    const url = await newQueue('q-long-poll');
    const started = Date.now();
    const receiving = sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }),
    );
    await new Promise(r => setTimeout(r, 200));
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' }),
    );
    const got = await receiving;
    expect(got.Messages![0].Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(
      sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('batches: at most 10 entries; DeleteMessageBatch reports a bad handle as Failed', async () => {
    const url = await newQueue('q-batch');
    const entries = Array.from({ length: 3 }, (_, i) => ({
      Id: `e${i}`,
      MessageBody: `m${i}`,
    }));
    const sent = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }),
    );
    expect(sent.Successful!.map(s => s.Id)).toEqual(['e0', 'e1', 'e2']);
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 11 }, (_, i) => ({
            Id: `x${i}`,
            MessageBody: 'x',
          })),
        }),
      ),
    ).rejects.toBeInstanceOf(TooManyEntriesInBatchRequest);
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    expect(got.Messages!.map(m => m.Body)).toEqual(['m0', 'm1', 'm2']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: got.Messages![0].ReceiptHandle },
          { Id: 'b', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'a' }]);
    expect(deleted.Failed).toEqual([
      {
        Id: 'b',
        SenderFault: true,
        Code: 'ReceiptHandleIsInvalid',
        Message:
          'The input receipt handle "not-a-handle" is not a valid receipt handle.',
      },
    ]);
    await expect(
      sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'bad' }),
      ),
    ).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
  });
});
