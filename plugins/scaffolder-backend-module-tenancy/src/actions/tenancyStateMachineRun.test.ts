import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createTenancyStateMachineRunAction,
  executionNameFor,
} from './tenancyStateMachineRun';
import { testContext, testDeps } from '../__testUtils__/harness';

const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:tenant-deploy';
const execArn =
  'arn:aws:states:us-east-1:000000000000:execution:tenant-deploy:tenancy-acme-222222222222';

function setup() {
  const t = testDeps();
  const sfn = mockClient(t.clients.sfn);
  sfn
    .on(StartExecutionCommand)
    .resolves({ executionArn: execArn, startDate: new Date() });
  sfn
    .on(DescribeExecutionCommand)
    .resolvesOnce({ status: 'RUNNING' })
    .resolves({ status: 'SUCCEEDED', output: '{"stack":"ok"}' });
  return { ...t, sfn, action: createTenancyStateMachineRunAction(t.deps) };
}

describe('tenancy:stateMachine:run', () => {
  it('starts the execution under the idempotent name with the tenant details and waits', async () => {
    const s = setup();
    const { ctx, outputs, lines } = testContext({
      tenantId: 'acme',
      accountId: '222222222222',
      stateMachineArn: arn,
      input: { tier: 'premium', externalId: 's3cr3t-ExtId-9' },
    });
    await s.action.handler(ctx);
    expect(s.sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn: arn,
      name: 'tenancy-acme-222222222222',
      input:
        '{"tier":"premium","externalId":"s3cr3t-ExtId-9","tenantId":"acme","accountId":"222222222222"}',
    });
    expect(outputs).toEqual({
      executionArn: execArn,
      status: 'SUCCEEDED',
      output: '{"stack":"ok"}',
    });
    expect(lines.join('\n')).not.toContain('s3cr3t-ExtId-9');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^info: Execution tenancy-acme-222222222222: SUCCEEDED after [12] s$/,
        ),
      ]),
    );
  });

  it('ExecutionAlreadyExists: follows the existing execution, no second one', async () => {
    const s = setup();
    s.sfn
      .on(StartExecutionCommand)
      .rejects(
        new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }),
      );
    const { ctx, outputs } = testContext({
      tenantId: 'acme',
      accountId: '222222222222',
      stateMachineArn: arn,
    });
    await s.action.handler(ctx);
    expect(
      s.sfn.commandCalls(DescribeExecutionCommand)[0].args[0].input,
    ).toEqual({ executionArn: execArn });
    expect(outputs.status).toBe('SUCCEEDED');
  });

  it('a FAILED execution fails the step with its error and cause', async () => {
    const s = setup();
    s.sfn.on(DescribeExecutionCommand).resolves({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: 'stack rollback',
    });
    const { ctx } = testContext({
      tenantId: 'acme',
      accountId: '222222222222',
      stateMachineArn: arn,
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'Execution tenancy-acme-222222222222 ended FAILED: States.TaskFailed (stack rollback). See the execution in the Step Functions console, fix the cause and run the template again.',
    );
  });

  it('rejects a bad ARN before any call; CASES X2: dry run starts nothing', async () => {
    const s = setup();
    const bad = testContext({
      tenantId: 'acme',
      accountId: '222222222222',
      stateMachineArn: 'tenant-deploy',
    });
    await expect(s.action.handler(bad.ctx)).rejects.toThrow(
      '(rule stateMachine.arn)',
    );
    const dry = testContext(
      { tenantId: 'acme', accountId: '222222222222', stateMachineArn: arn },
      { isDryRun: true },
    );
    await s.action.handler(dry.ctx);
    expect(s.sfn.calls()).toHaveLength(0);
    expect(dry.outputs.executionArn).toBe(execArn);
  });

  it('names executions within the Step Functions rules', () => {
    expect(executionNameFor('acme.corp_01', '222222222222')).toBe(
      'tenancy-acme.corp_01-222222222222',
    );
    expect(executionNameFor('a'.repeat(80), '222222222222')).toHaveLength(80);
  });
});
