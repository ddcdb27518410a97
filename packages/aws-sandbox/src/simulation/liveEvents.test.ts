import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import {
  DescribeAlarmsCommand,
  CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { DEMO_ALARM_STEPS, demoAlarmChanges } from './liveEvents';
import { clientConfig } from '../__testUtils__/testSandbox';

jest.setTimeout(30_000);

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/tenancy-events';

let sandbox: RunningSandbox;
let sqs: SQSClient;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, tenants: 5 });
  sqs = new SQSClient(clientConfig(sandbox.endpoint));
});
afterEach(async () => {
  sqs?.destroy();
  await sandbox?.stop();
});

async function admin(path: string, method: string, body?: unknown) {
  const res = await fetch(`${sandbox.endpoint}/_sandbox/${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function receiveAll(): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: QUEUE, MaxNumberOfMessages: 10 }),
    );
    if (!got.Messages) return out;
    out.push(...got.Messages);
  }
}

async function firstTenant(): Promise<string> {
  const { body } = await admin('state', 'GET');
  return body.org.accounts.find(
    (a: any) => a.kind === 'tenant' && a.state === 'ACTIVE',
  ).id;
}

describe('the sandbox publishes the EventBridge event AWS sends', () => {
  it('an alarm flip: the envelope, the detail, and DescribeAlarms answers the new state', async () => {
    const accountId = await firstTenant();
    const flip = await admin('events/alarm', 'POST', {
      accountId,
      check: 'lambda-errors',
      state: 'ALARM',
    });
    expect(flip.status).toBe(200);
    const [message] = await receiveAll();
    const event = JSON.parse(message.Body!);
    expect(event).toEqual(flip.body);
    expect(Object.keys(event)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '000000000001',
      time: '2026-03-15T12:00:00Z',
      region: 'us-east-1',
    });
    const name = event.detail.alarmName as string;
    expect(event.resources).toEqual([
      `arn:aws:cloudwatch:us-east-1:000000000001:alarm:${name}`,
    ]);
    expect(event.detail.state).toEqual({
      value: 'ALARM',
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold (10).',
      timestamp: '2026-03-15T12:00:00.000+0000',
    });
    expect(event.detail.configuration.metrics[0].accountId).toBe(accountId);
    const cw = new CloudWatchClient({
      ...clientConfig(sandbox.endpoint, {
        accessKeyId: '000000000001',
        secretAccessKey: 'x',
      }),
    });
    const alarms = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: [name] }),
    );
    cw.destroy();
    expect(alarms.MetricAlarms![0].StateValue).toBe('ALARM');
  });

  it('a flip changes the alarm of its Region only: the same name in eu-central-1 keeps its state', async () => {
    const cw = (region: string) =>
      new CloudWatchClient({
        ...clientConfig(sandbox.endpoint, {
          accessKeyId: '000000000001',
          secretAccessKey: 'x',
        }),
        region,
      });
    const eu = cw('eu-central-1');
    const us = cw('us-east-1');
    try {
      const stateIn = async (client: CloudWatchClient, name: string) =>
        (await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] })))
          .MetricAlarms?.[0]?.StateValue;
      // an alarm OK in eu-central-1 whose tenant also has it in us-east-1
      const euOk = (
        await eu.send(new DescribeAlarmsCommand({ StateValue: 'OK' }))
      ).MetricAlarms!;
      let picked:
        | { name: string; accountId: string; check: string }
        | undefined;
      for (const alarm of euOk) {
        const name = alarm.AlarmName!;
        const check = name.split('/')[2];
        // "<check> of tenant <id> (account <account id>)"
        const accountId = /\(account (\d{12})\)/.exec(
          alarm.AlarmDescription ?? '',
        )?.[1];
        if (!accountId || (await stateIn(us, name)) === undefined) continue;
        picked = { name, accountId, check };
        break;
      }
      expect(picked).toBeDefined();
      const { name, accountId, check } = picked!;
      const flip = await admin('events/alarm', 'POST', {
        accountId,
        check,
        state: 'ALARM',
      });
      expect([flip.status, flip.body.region]).toEqual([200, 'us-east-1']);
      expect(await stateIn(us, name)).toBe('ALARM');
      // before: DescribeAlarms answered the flip in every Region, and the OK event of the flip
      // back (us-east-1) left the eu-central-1 copy in ALARM until the next alarms read
      expect(await stateIn(eu, name)).toBe('OK');
    } finally {
      eu.destroy();
      us.destroy();
    }
  });

  it('event ids are unique across a restart of a sandbox with the same seed (a consumer keeps the ids it has seen)', async () => {
    const accountId = await firstTenant();
    const first = await admin('events/alarm', 'POST', { accountId });
    await sandbox.stop();
    sandbox = await startSandbox({ port: 0, tenants: 5 });
    const again = await admin('events/alarm', 'POST', {
      accountId: await firstTenant(),
    });
    expect(first.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(again.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(again.body.id).not.toBe(first.body.id);
  });

  it('an Organizations call arrives as "AWS API Call via CloudTrail" with camelCase requestParameters', async () => {
    const accountId = await firstTenant();
    const org = new OrganizationsClient(clientConfig(sandbox.endpoint));
    await org.send(
      new TagResourceCommand({
        ResourceId: accountId,
        Tags: [{ Key: 'tier', Value: 'premium' }],
      }),
    );
    org.destroy();
    const events = (await receiveAll()).map(m => JSON.parse(m.Body!));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.organizations',
      account: '000000000000',
      region: 'us-east-1',
      detail: {
        eventSource: 'organizations.amazonaws.com',
        eventName: 'TagResource',
        requestParameters: {
          resourceId: accountId,
          tags: [{ key: 'tier', value: 'premium' }],
        },
        responseElements: null,
      },
    });
  });

  it('delivery faults: duplicated messages keep their MessageId; reordered ones arrive newest first; a lost one comes back after the visibility timeout', async () => {
    const accountId = await firstTenant();
    await admin('events/faults', 'PUT', { duplicate: 1 });
    await admin('events/alarm', 'POST', { accountId });
    const twice = await receiveAll();
    expect(twice).toHaveLength(2);
    expect(twice[0].MessageId).toBe(twice[1].MessageId);
    expect(twice[0].Body).toBe(twice[1].Body);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: QUEUE,
        Entries: twice.map((m, i) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle,
        })),
      }),
    );

    await admin('events/faults', 'PUT', { reorder: 1 });
    const first = await admin('events/alarm', 'POST', { accountId });
    const second = await admin('events/alarm', 'POST', { accountId });
    const reordered = (await receiveAll()).map(m => JSON.parse(m.Body!).id);
    expect(reordered).toEqual([second.body.id, first.body.id]);
    sandbox.clock.advance(30_000);
    await receiveAll().then(ms =>
      sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: QUEUE,
          Entries: ms.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
          })),
        }),
      ),
    );

    await admin('events/faults', 'PUT', { lose: 1 });
    await admin('events/alarm', 'POST', { accountId });
    expect(await receiveAll()).toEqual([]);
    await admin('events/faults', 'PUT', {});
    sandbox.clock.advance(30_000);
    const back = await receiveAll();
    expect(back).toHaveLength(1);
    expect(JSON.parse(back[0].Body!).detail.state.value).toBe('OK');
    expect((await admin('events/faults', 'PUT', { lose: 2 })).body).toEqual({
      error: 'lose must be a probability from 0 to 1',
    });
  });

  it('a vended account: CreateAccountResult, MoveAccount, then the baseline instance status change of the auto-deployment', async () => {
    const org = new OrganizationsClient(clientConfig(sandbox.endpoint));
    const { CreateAccountStatus } = await org.send(
      new CreateAccountCommand({
        AccountName: 'Nova Labs',
        Email: 'nova-labs@example.com',
      }),
    );
    const done = await org.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: CreateAccountStatus!.Id,
      }),
    );
    const accountId = done.CreateAccountStatus!.AccountId!;
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    const tenantsOu = sandbox.state.org.parentByPath('/Tenants')!;
    await org.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: rootId,
        DestinationParentId: tenantsOu,
      }),
    );
    await org.send(new ListRootsCommand({})); // settles the auto-deployment
    org.destroy();
    const events = (await receiveAll()).map(m => JSON.parse(m.Body!));
    expect(
      events.map(e => [e['detail-type'], e.detail.eventName ?? null]),
    ).toEqual([
      ['AWS Service Event via CloudTrail', 'CreateAccountResult'],
      ['AWS API Call via CloudTrail', 'MoveAccount'],
      ['CloudFormation StackSet StackInstance Status Change', null],
    ]);
    expect(events[0].detail.serviceEventDetails.createAccountStatus).toEqual({
      id: CreateAccountStatus!.Id,
      state: 'SUCCEEDED',
      accountName: 'Nova Labs',
      accountId,
      requestedTimestamp: '2026-03-15T12:00:00.000Z',
      completedTimestamp: '2026-03-15T12:00:00.000Z',
    });
    expect(events[1].detail.requestParameters).toEqual({
      accountId,
      sourceParentId: rootId,
      destinationParentId: tenantsOu,
    });
    expect(events[2]).toMatchObject({
      source: 'aws.cloudformation',
      account: '000000000000',
      region: 'us-east-1',
      detail: {
        action: 'CREATE',
        'status-details': { status: 'CURRENT', 'detailed-status': 'SUCCEEDED' },
      },
    });
    expect(events[2].detail['stack-id'].split(':')[4]).toBe(accountId);
    expect(events[2].detail['stack-set-arn']).toMatch(
      /^arn:aws:cloudformation:us-east-1:000000000000:stackset\/tenant-baseline:/,
    );
  });
});

describe('the demo (--demo) keeps its alarms bounded', () => {
  it('raises one alarm a step and puts each back to OK 6 steps later: never more than 6 raised at once', () => {
    for (const tenants of [1, 5, 50, 54, 1000]) {
      const raised = new Map<number, number>(); // tenant index → step raised
      let most = 0;
      for (let step = 1; step <= 500; step++) {
        const changes = demoAlarmChanges(step, tenants);
        expect(changes.map(c => c.state)).toEqual(
          step > DEMO_ALARM_STEPS ? ['OK', 'ALARM'] : ['ALARM'],
        );
        for (const { index, state } of changes) {
          if (state === 'OK') raised.delete(index);
          else raised.set(index, step);
        }
        most = Math.max(most, raised.size);
        for (const at of raised.values())
          expect(step - at).toBeLessThan(DEMO_ALARM_STEPS);
      }
      expect(most).toBe(Math.min(tenants, DEMO_ALARM_STEPS));
    }
  });
});
