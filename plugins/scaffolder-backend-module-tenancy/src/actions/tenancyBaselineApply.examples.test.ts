import {
  CreateStackInstancesCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { examples } from './tenancyBaselineApply.examples';
import {
  exampleInput,
  tagEveryAccount,
  testContext,
  testDeps,
} from '../__testUtils__/harness';

describe('tenancy:baseline:apply examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const t = testDeps();
    const cfn = mockClient(t.clients.cfn);
    tagEveryAccount(mockClient(t.clients.org));
    const input = exampleInput(example);
    const regions = (input.regions as string[] | undefined) ?? ['us-east-1'];
    let created = false;
    cfn
      .on(DescribeStackSetCommand)
      .resolves({ StackSet: { PermissionModel: 'SELF_MANAGED' } });
    cfn.on(ListStackSetOperationsCommand).resolves({ Summaries: [] });
    cfn.on(CreateStackInstancesCommand).callsFake(() => {
      created = true;
      return {};
    });
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { Status: 'SUCCEEDED' } });
    cfn.on(ListStackInstancesCommand).callsFake(() => ({
      Summaries: created
        ? regions.map(r => ({
            Account: '222222222222',
            Region: r,
            Status: 'CURRENT',
          }))
        : [],
    }));
    const { ctx, outputs } = testContext(input);
    await createTenancyBaselineApplyAction(t.deps).handler(ctx);
    expect(outputs.status).toBe('CURRENT');
    expect(
      cfn.commandCalls(CreateStackInstancesCommand)[0].args[0].input.Regions,
    ).toEqual(regions);
  });
});
