import {
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyAccountCreateAction } from './tenancyAccountCreate';
import { examples } from './tenancyAccountCreate.examples';
import { exampleInput, testContext, testDeps } from '../__testUtils__/harness';

describe('tenancy:account:create examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const t = testDeps();
    const org = mockClient(t.clients.org);
    org.on(ListAccountsCommand).resolves({ Accounts: [] });
    org
      .on(ListCreateAccountStatusCommand)
      .resolves({ CreateAccountStatuses: [] });
    org.on(ListTagsForResourceCommand).resolves({ Tags: [] });
    org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } });
    org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '222222222222' },
    });
    org.on(DescribeAccountCommand).resolves({
      Account: {
        Id: '222222222222',
        Arn: 'arn:aws:organizations::000000000000:account/o-abc/222222222222',
        State: 'ACTIVE',
      },
    });
    const input = exampleInput(example);
    const { ctx, outputs } = testContext(input);
    await createTenancyAccountCreateAction(t.deps).handler(ctx);
    expect(outputs.accountId).toBe('222222222222');
    expect(org.commandCalls(CreateAccountCommand)[0].args[0].input.Email).toBe(
      input.email,
    );
  });
});
