import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  ValidationException,
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

  it('fails the executions of accounts an executionFailure fault names, with its error and cause', async () => {
    const id = t.sandbox.faults.add({
      kind: 'executionFailure',
      accountPattern: '^111111111111$',
      cause: 'Deploy step failed: quota exceeded',
    });
    const start = (name: string, account: string) =>
      t.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: MACHINE,
          name,
          input: JSON.stringify({
            accountArn: `arn:aws:organizations::000000000000:account/o-x/${account}`,
            version: '1.2.0',
          }),
        }),
      );
    const bad = await start('f-111', '111111111111');
    const good = await start('f-222', '222222222222');
    t.sandbox.faults.remove(id);
    t.sandbox.clock.advance(10_000);
    const read = (executionArn: string) =>
      t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(await read(bad.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: 'Deploy step failed: quota exceeded',
      redriveStatus: 'REDRIVABLE',
    });
    const ok = await read(good.executionArn!);
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.error).toBeUndefined();
  });

  it('lists executions newest first, by status, in pages; stops a running one ABORTED', async () => {
    const arn = `${MACHINE}-failing`;
    for (const name of ['l-1', 'l-2', 'l-3']) {
      await t.sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name }),
      );
      t.sandbox.clock.advance(1_000);
    }
    const first = await t.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }),
    );
    expect(first.executions!.map(e => e.name)).toEqual(['l-3', 'l-2']);
    const second = await t.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: arn,
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second.executions!.map(e => e.name)).toEqual(['l-1', 'boom']);
    expect(second.nextToken).toBeUndefined();
    const l3 = first.executions![0].executionArn!;
    const stopped = await t.sfn.send(
      new StopExecutionCommand({
        executionArn: l3,
        error: 'Halted',
        cause: 'wave over its tolerance',
      }),
    );
    expect(stopped.stopDate).toEqual(t.sandbox.clock.now());
    expect(
      await t.sfn.send(new DescribeExecutionCommand({ executionArn: l3 })),
    ).toMatchObject({
      status: 'ABORTED',
      error: 'Halted',
      cause: 'wave over its tolerance',
    });
    const aborted = await t.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: arn,
        statusFilter: 'ABORTED',
      }),
    );
    expect(aborted.executions!.map(e => e.name)).toEqual(['l-3']);
    expect(
      await errorOf(
        t.sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: arn,
            statusFilter: 'DONE' as any,
          }),
        ),
      ),
    ).toBeInstanceOf(ValidationException);
    expect(
      await errorOf(
        t.sfn.send(
          new StopExecutionCommand({ executionArn: `${l3.slice(0, -4)}:nope` }),
        ),
      ),
    ).toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('lists a new execution only after executionListLagMs (ListExecutions is eventually consistent); StartExecution and DescribeExecution see it at once', async () => {
    const lagged = await startTestSandbox({
      tenants: 5,
      durations: { executionMs: 10_000, executionListLagMs: 1_000 },
    });
    try {
      const start = new StartExecutionCommand({
        stateMachineArn: MACHINE,
        name: 'lag-1',
        input: '{}',
      });
      const first = await lagged.sfn.send(start);
      const names = async () =>
        (
          await lagged.sfn.send(
            new ListExecutionsCommand({ stateMachineArn: MACHINE }),
          )
        ).executions!.map(e => e.name);
      expect(await names()).toEqual([]);
      expect((await lagged.sfn.send(start)).executionArn).toBe(
        first.executionArn,
      );
      expect(
        (
          await lagged.sfn.send(
            new DescribeExecutionCommand({ executionArn: first.executionArn }),
          )
        ).status,
      ).toBe('RUNNING');
      lagged.sandbox.clock.advance(1_000);
      expect(await names()).toEqual(['lag-1']);
    } finally {
      await stopTestSandbox(lagged);
    }
  });
});
