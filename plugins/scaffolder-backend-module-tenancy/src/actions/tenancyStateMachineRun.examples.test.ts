import {
  DescribeExecutionCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyStateMachineRunAction } from './tenancyStateMachineRun';
import { examples } from './tenancyStateMachineRun.examples';
import { exampleInput, testContext, testDeps } from '../__testUtils__/harness';

describe('tenancy:stateMachine:run examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const t = testDeps();
    const sfn = mockClient(t.clients.sfn);
    sfn.on(StartExecutionCommand).resolves({
      executionArn:
        'arn:aws:states:us-east-1:000000000000:execution:tenant-deploy:tenancy-acme-222222222222',
      startDate: new Date(),
    });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'SUCCEEDED', output: '{}' });
    const { ctx, outputs } = testContext(exampleInput(example));
    await createTenancyStateMachineRunAction(t.deps).handler(ctx);
    expect(outputs.status).toBe('SUCCEEDED');
    expect(
      JSON.parse(
        sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!,
      ),
    ).toEqual({ tier: 'premium', tenantId: 'acme', accountId: '222222222222' });
  });
});
