import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

const MACHINE =
  'arn:aws:states:us-east-1:000000000000:stateMachine:tenant-stack-deployment';

describe('Step Functions', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({
      tenants: 5,
      durations: { executionMs: 10_000 },
    });
  });
  afterAll(() => stopTestSandbox(t));

  it('runs an execution RUNNING then SUCCEEDED, idempotent on name and input', async () => {
    const start = new StartExecutionCommand({
      stateMachineArn: MACHINE,
      name: 'acme-1',
      input: '{"tenant":"acme"}',
    });
    const first = await t.sfn.send(start);
    expect(first.executionArn).toBe(
      'arn:aws:states:us-east-1:000000000000:execution:tenant-stack-deployment:acme-1',
    );
    const again = await t.sfn.send(start);
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    const different = await errorOf(
      t.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: MACHINE,
          name: 'acme-1',
          input: '{}',
        }),
      ),
    );
    expect(different).toBeInstanceOf(ExecutionAlreadyExists);
    const describe = () =>
      t.sfn.send(
        new DescribeExecutionCommand({ executionArn: first.executionArn }),
      );
    expect((await describe()).status).toBe('RUNNING');
    t.sandbox.clock.advance(10_000);
    const done = await describe();
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"tenant":"acme"}',
      name: 'acme-1',
      stateMachineArn: MACHINE,
    });
    expect(done.stopDate!.getTime() - done.startDate!.getTime()).toBe(10_000);
    expect(await errorOf(t.sfn.send(start))).toBeInstanceOf(
      ExecutionAlreadyExists,
    );
  });

  it('fails executions of a -failing state machine', async () => {
    const { executionArn } = await t.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: `${MACHINE}-failing`,
        name: 'boom',
      }),
    );
    t.sandbox.clock.advance(10_000);
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
  });

  it('answers the modeled errors', async () => {
    expect(
      await errorOf(
        t.sfn.send(
          new StartExecutionCommand({ stateMachineArn: `${MACHINE}-x` }),
        ),
      ),
    ).toBeInstanceOf(StateMachineDoesNotExist);
    expect(
      await errorOf(
        t.sfn.send(new StartExecutionCommand({ stateMachineArn: 'nope' })),
      ),
    ).toBeInstanceOf(InvalidArn);
    expect(
      await errorOf(
        t.sfn.send(
          new DescribeExecutionCommand({
            executionArn: `${MACHINE.replace(
              'stateMachine',
              'execution',
            )}:missing`,
          }),
        ),
      ),
    ).toBeInstanceOf(ExecutionDoesNotExist);
  });
});
