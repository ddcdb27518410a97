/**
 * The pipeline wave against a mocked Step Functions (docs/aws-behaviours/rollouts.md#pipeline-target):
 * ListExecutions is eventually consistent, so a recovered task may not see an execution it
 * started; StartExecution with the same name and input answers it while it runs, and
 * ExecutionAlreadyExists once it ended — then the execution is read, never started again.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeClock, testClients } from '../../__testUtils__/harness';
import { ALL_AT_ONCE } from './plan';
import { executionName, runPipelineWave } from './pipelineWave';

const MACHINE =
  'arn:aws:states:eu-west-1:000000000000:stateMachine:tenant-stack-deployment';
const EXECUTION = MACHINE.replace(':stateMachine:', ':execution:');
const PREFIX = 'tr-1-1-0-0123456789-w2';
const A = '111111111111';
const B = '222222222222';

function setup() {
  const { sfn: client } = testClients();
  const sfn = mockClient(client);
  const logger = { info: jest.fn() } as any;
  const run = (retryUpTo = 0) =>
    runPipelineWave({
      sfn: client,
      target: {
        stateMachineArn: MACHINE,
        accountArns: {
          [A]: `arn:aws:organizations::000000000000:account/o-abc/${A}`,
          [B]: `arn:aws:organizations::000000000000:account/o-abc/${B}`,
        },
      },
      wavePrefix: PREFIX,
      wave: {
        name: '2/3 (tier standard)',
        accountIds: [A, B],
        preferences: ALL_AT_ONCE,
      },
      version: '1.1.0',
      stackName: 'tenant-stack',
      pending: [A, B],
      retryUpTo,
      timeoutSeconds: 3600,
      poll: { initialSeconds: 10, maxSeconds: 30 },
      clock: fakeClock(),
      logger,
    });
  return { sfn, logger, run };
}

describe('runPipelineWave', () => {
  it('starts one execution per tenant with its ARN and the version, under a stable name', async () => {
    const { sfn, run } = setup();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).callsFake(i => ({
      executionArn: `${EXECUTION}:${i.name}`,
      startDate: new Date(),
    }));
    sfn.on(DescribeExecutionCommand).callsFake(i => ({
      executionArn: i.executionArn,
      status: i.executionArn.endsWith(B) ? 'FAILED' : 'SUCCEEDED',
      error: 'States.TaskFailed',
      cause: 'quota exceeded',
    }));
    const outcome = await run();
    expect(
      sfn.commandCalls(StartExecutionCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        stateMachineArn: MACHINE,
        name: `${PREFIX}-a1-${A}`,
        input: `{"accountArn":"arn:aws:organizations::000000000000:account/o-abc/${A}","accountId":"${A}","version":"1.1.0","stackName":"tenant-stack"}`,
      },
      {
        stateMachineArn: MACHINE,
        name: `${PREFIX}-a1-${B}`,
        input: `{"accountArn":"arn:aws:organizations::000000000000:account/o-abc/${B}","accountId":"${B}","version":"1.1.0","stackName":"tenant-stack"}`,
      },
    ]);
    expect(outcome).toEqual({
      status: 'FAILED',
      operationIds: [`${PREFIX}-a1-${A}`, `${PREFIX}-a1-${B}`],
      results: [
        {
          accountId: A,
          region: 'eu-west-1',
          status: 'SUCCEEDED',
          reason: '',
          operationId: `${PREFIX}-a1-${A}`,
        },
        {
          accountId: B,
          region: 'eu-west-1',
          status: 'FAILED',
          reason: 'FAILED: States.TaskFailed: quota exceeded',
          operationId: `${PREFIX}-a1-${B}`,
        },
      ],
    });
  });

  it('an execution ListExecutions does not show yet: StartExecution answers it running, or ExecutionAlreadyExists once ended and it is read', async () => {
    const { sfn, run } = setup();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn
      .on(StartExecutionCommand, { name: `${PREFIX}-a1-${A}` })
      .resolves({
        executionArn: `${EXECUTION}:${PREFIX}-a1-${A}`,
        startDate: new Date(),
      })
      .on(StartExecutionCommand, { name: `${PREFIX}-a1-${B}` })
      .rejects(
        new ExecutionAlreadyExists({
          message: 'Execution Already Exists',
          $metadata: {},
        }),
      );
    sfn.on(DescribeExecutionCommand).callsFake(i => ({
      executionArn: i.executionArn,
      status: 'SUCCEEDED',
    }));
    const outcome = await run();
    expect(outcome.status).toBe('SUCCEEDED');
    expect(sfn.commandCalls(StartExecutionCommand).length).toBe(2);
    expect(
      sfn
        .commandCalls(DescribeExecutionCommand)
        .map(c => c.args[0].input.executionArn),
    ).toEqual([
      `${EXECUTION}:${PREFIX}-a1-${B}`,
      `${EXECUTION}:${PREFIX}-a1-${A}`,
    ]);
  });

  it('re-attaches to a listed running execution and keeps a later ended failure as the outcome; resume retries it as the next attempt', async () => {
    const { sfn, run } = setup();
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: `${EXECUTION}:${PREFIX}-a1-${A}`,
          name: `${PREFIX}-a1-${A}`,
          status: 'RUNNING',
          stateMachineArn: MACHINE,
          startDate: new Date(),
        },
        {
          executionArn: `${EXECUTION}:${PREFIX}-a1-${B}`,
          name: `${PREFIX}-a1-${B}`,
          status: 'FAILED',
          stateMachineArn: MACHINE,
          startDate: new Date(),
        },
        {
          executionArn: `${EXECUTION}:other-a1-${B}`,
          name: `other-a1-${B}`,
          status: 'RUNNING',
          stateMachineArn: MACHINE,
          startDate: new Date(),
        },
      ],
    });
    sfn.on(DescribeExecutionCommand).callsFake(i => ({
      executionArn: i.executionArn,
      status: i.executionArn.endsWith(`a1-${B}`) ? 'FAILED' : 'SUCCEEDED',
      error: 'States.Timeout',
    }));
    sfn.on(StartExecutionCommand).callsFake(i => ({
      executionArn: `${EXECUTION}:${i.name}`,
      startDate: new Date(),
    }));
    const recovered = await run(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
    expect(
      recovered.results.map(r => [r.accountId, r.status, r.reason]),
    ).toEqual([
      [B, 'FAILED', 'FAILED: States.Timeout'],
      [A, 'SUCCEEDED', ''],
    ]);
    const resumed = await run(1);
    expect(resumed.status).toBe('SUCCEEDED');
    expect(
      sfn.commandCalls(StartExecutionCommand).map(c => c.args[0].input.name),
    ).toEqual([executionName(PREFIX, 2, B)]);
  });
});
