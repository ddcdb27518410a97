/**
 * Amazon SQS (`sqs`, target `AmazonSQS`, AWS JSON 1.0 query-compatible, the protocol of the
 * pinned `@aws-sdk/client-sqs` 3.11xx): standard queues with CreateQueue, GetQueueUrl,
 * GetQueueAttributes, SendMessage(Batch), ReceiveMessage with long polling,
 * DeleteMessage(Batch) and ChangeMessageVisibility. Errors carry the JSON shape name in
 * `__type` and the legacy query code in `x-amzn-query-error`, as SQS answers
 * (e.g. `QueueDoesNotExist` / `AWS.SimpleQueueService.NonExistentQueue`).
 */
import { AwsServiceError } from '../../core/errors';
import { eventsQueue } from '../../core/eventBridge';
import type {
  OperationContext,
  OperationInput,
  ServiceDefinition,
} from '../../core/service';
import {
  sqsQueuesSlot,
  type SqsQueue,
  type SqsQueueAttributes,
} from '../../core/sqsQueues';

const NAMESPACE_ERRORS: Record<string, string> = {
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExist',
  QueueAlreadyExists: 'QueueNameExists',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  'AWS.SimpleQueueService.MessageNotInflight': 'MessageNotInflight',
  'AWS.SimpleQueueService.EmptyBatchRequest': 'EmptyBatchRequest',
  'AWS.SimpleQueueService.TooManyEntriesInBatchRequest':
    'TooManyEntriesInBatchRequest',
  'AWS.SimpleQueueService.BatchEntryIdsNotDistinct': 'BatchEntryIdsNotDistinct',
  InvalidAttributeValue: 'InvalidAttributeValue',
};

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterValue', message);
}

function queueOf(input: OperationInput, ctx: OperationContext): SqsQueue {
  const url = input.QueueUrl;
  if (typeof url !== 'string' || !url) {
    throw new AwsServiceError(
      'MissingParameter',
      'The request must contain the parameter QueueUrl.',
    );
  }
  eventsQueue(ctx); // the central events queue exists from the start, as set up in AWS
  const q = ctx.data.slot(sqsQueuesSlot).byUrl(url);
  if (!q) {
    throw new AwsServiceError(
      'AWS.SimpleQueueService.NonExistentQueue',
      'The specified queue does not exist.',
    );
  }
  return q;
}

/** An integer within bounds, or the default; InvalidParameterValue naming the member otherwise. */
function bounded(
  value: unknown,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalid(
      `Value ${String(
        value,
      )} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  }
  return n;
}

function readAttributes(
  raw: Record<string, string> | undefined,
): Partial<SqsQueueAttributes> {
  const out: Partial<SqsQueueAttributes> = {};
  const limits: Record<keyof SqsQueueAttributes, [number, number]> = {
    VisibilityTimeout: [0, 43_200],
    ReceiveMessageWaitTimeSeconds: [0, 20],
    MessageRetentionPeriod: [60, 1_209_600],
  };
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (!(k in limits)) continue;
    const [min, max] = limits[k as keyof SqsQueueAttributes];
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new AwsServiceError(
        'InvalidAttributeValue',
        `Invalid value for the parameter ${k}.`,
      );
    }
    out[k as keyof SqsQueueAttributes] = n;
  }
  return out;
}

/** Checks a batch's entries: 1 to 10, distinct ids. */
function batchEntries(input: OperationInput): Array<Record<string, any>> {
  const entries: Array<Record<string, any>> = input.Entries ?? [];
  if (!entries.length) {
    throw new AwsServiceError(
      'AWS.SimpleQueueService.EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  }
  if (entries.length > 10) {
    throw new AwsServiceError(
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
    );
  }
  if (new Set(entries.map(e => e.Id)).size !== entries.length) {
    throw new AwsServiceError(
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
      'Two or more batch entries in the request have the same Id.',
    );
  }
  return entries;
}

function checkBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) {
    throw new AwsServiceError(
      'MissingParameter',
      'The request must contain the parameter MessageBody.',
    );
  }
  if (Buffer.byteLength(body) > 262_144) {
    throw invalid(
      'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    );
  }
  return body;
}

async function receiveMessage(input: OperationInput, ctx: OperationContext) {
  const q = queueOf(input, ctx);
  const max = bounded(
    input.MaxNumberOfMessages,
    'MaxNumberOfMessages',
    1,
    10,
    1,
  );
  const wait = bounded(
    input.WaitTimeSeconds,
    'WaitTimeSeconds',
    0,
    20,
    q.attributes.ReceiveMessageWaitTimeSeconds,
  );
  const visibility = bounded(
    input.VisibilityTimeout,
    'VisibilityTimeout',
    0,
    43_200,
    q.attributes.VisibilityTimeout,
  );
  const names: string[] = [
    ...(input.AttributeNames ?? []),
    ...(input.MessageSystemAttributeNames ?? []),
  ];
  const deadline = Date.now() + wait * 1000;
  let got = q.receive(max, visibility, ctx.now().getTime());
  while (!got.length && Date.now() < deadline) {
    // Woken by a send, or every 250 ms for messages whose visibility timeout ran out.
    await q.waitForMessage(Math.min(250, deadline - Date.now()));
    got = q.receive(max, visibility, ctx.now().getTime());
  }
  if (!got.length) return {};
  const all = names.includes('All');
  return {
    Messages: got.map(m => {
      const attrs = Object.fromEntries(
        Object.entries(m.Attributes).filter(([k]) => all || names.includes(k)),
      );
      const { Attributes: _a, ...rest } = m;
      return Object.keys(attrs).length ? { ...rest, Attributes: attrs } : rest;
    }),
  };
}

/** The SQS service definition. @public */
export const sqsService: ServiceDefinition = {
  name: 'SQS',
  signingName: 'sqs',
  protocol: 'awsJson1_0',
  targetPrefix: 'AmazonSQS',
  awsQueryCompatible: true,
  errorNamespace: 'com.amazonaws.sqs',
  wireShapes: { inputs: {}, outputs: {}, errorShapes: NAMESPACE_ERRORS },
  throttlingError: {
    code: 'RequestThrottled',
    httpStatus: 400,
    message: 'Request is throttled.',
  },
  operations: {
    CreateQueue(input, ctx) {
      const name = String(input.QueueName ?? '');
      if (!/^[\w-]{1,80}$/.test(name)) {
        throw invalid(
          'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
        );
      }
      const attributes = readAttributes(input.Attributes);
      const queues = ctx.data.slot(sqsQueuesSlot);
      const existing = queues.get(ctx.callerAccountId, name);
      if (existing) {
        const differs = Object.entries(attributes).some(
          ([k, v]) => existing.attributes[k as keyof SqsQueueAttributes] !== v,
        );
        if (differs) {
          throw new AwsServiceError(
            'QueueAlreadyExists',
            'A queue already exists with the same name and a different value for attribute(s) VisibilityTimeout',
          );
        }
        return { QueueUrl: existing.url };
      }
      const q = queues.create(
        ctx.callerAccountId,
        ctx.region,
        name,
        attributes,
        ctx.now().getTime(),
      );
      return { QueueUrl: q.url };
    },
    GetQueueUrl(input, ctx) {
      eventsQueue(ctx);
      const owner = input.QueueOwnerAWSAccountId ?? ctx.callerAccountId;
      const q = ctx.data.slot(sqsQueuesSlot).get(owner, input.QueueName);
      if (!q) {
        throw new AwsServiceError(
          'AWS.SimpleQueueService.NonExistentQueue',
          'The specified queue does not exist.',
        );
      }
      return { QueueUrl: q.url };
    },
    GetQueueAttributes(input, ctx) {
      const q = queueOf(input, ctx);
      const c = q.counts(ctx.now().getTime());
      const all: Record<string, string> = {
        QueueArn: q.arn,
        ApproximateNumberOfMessages: String(c.visible),
        ApproximateNumberOfMessagesNotVisible: String(c.inFlight),
        CreatedTimestamp: String(Math.floor(q.createdMs / 1000)),
        ...Object.fromEntries(
          Object.entries(q.attributes).map(([k, v]) => [k, String(v)]),
        ),
      };
      const names: string[] = input.AttributeNames ?? [];
      const picked = names.includes('All')
        ? all
        : Object.fromEntries(
            Object.entries(all).filter(([k]) => names.includes(k)),
          );
      return Object.keys(picked).length ? { Attributes: picked } : {};
    },
    SendMessage(input, ctx) {
      const q = queueOf(input, ctx);
      return q.send(checkBody(input.MessageBody), ctx.now().getTime());
    },
    SendMessageBatch(input, ctx) {
      const q = queueOf(input, ctx);
      const entries = batchEntries(input);
      return {
        Successful: entries.map(e => ({
          Id: e.Id,
          ...q.send(checkBody(e.MessageBody), ctx.now().getTime()),
        })),
        Failed: [],
      };
    },
    ReceiveMessage: receiveMessage,
    DeleteMessage(input, ctx) {
      const q = queueOf(input, ctx);
      if (!q.delete(String(input.ReceiptHandle ?? ''))) {
        throw new AwsServiceError(
          'ReceiptHandleIsInvalid',
          `The input receipt handle "${input.ReceiptHandle}" is not a valid receipt handle.`,
        );
      }
      return {};
    },
    DeleteMessageBatch(input, ctx) {
      const q = queueOf(input, ctx);
      const entries = batchEntries(input);
      const ok = entries.filter(e => q.delete(String(e.ReceiptHandle ?? '')));
      return {
        Successful: ok.map(e => ({ Id: e.Id })),
        Failed: entries
          .filter(e => !ok.includes(e))
          .map(e => ({
            Id: e.Id,
            SenderFault: true,
            Code: 'ReceiptHandleIsInvalid',
            Message: `The input receipt handle "${e.ReceiptHandle}" is not a valid receipt handle.`,
          })),
      };
    },
    ChangeMessageVisibility(input, ctx) {
      const q = queueOf(input, ctx);
      if (input.VisibilityTimeout === undefined) {
        throw new AwsServiceError(
          'MissingParameter',
          'The request must contain the parameter VisibilityTimeout.',
        );
      }
      const seconds = bounded(
        input.VisibilityTimeout,
        'VisibilityTimeout',
        0,
        43_200,
        0,
      );
      const result = q.changeVisibility(
        String(input.ReceiptHandle ?? ''),
        seconds,
        ctx.now().getTime(),
      );
      if (result === 'invalid') {
        throw new AwsServiceError(
          'ReceiptHandleIsInvalid',
          `The input receipt handle "${input.ReceiptHandle}" is not a valid receipt handle.`,
        );
      }
      if (result === 'not-in-flight') {
        throw new AwsServiceError(
          'AWS.SimpleQueueService.MessageNotInflight',
          'Message does not exist or is not available for visibility timeout change.',
        );
      }
      return {};
    },
  },
};
