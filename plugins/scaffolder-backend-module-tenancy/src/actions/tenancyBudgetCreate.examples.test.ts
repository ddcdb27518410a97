import {
  CreateBudgetCommand,
  DescribeBudgetCommand,
  NotFoundException,
} from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { examples } from './tenancyBudgetCreate.examples';
import { exampleInput, testContext, testDeps } from '../__testUtils__/harness';

describe('tenancy:budget:create examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const t = testDeps();
    const budgets = mockClient(t.clients.budgets);
    budgets
      .on(DescribeBudgetCommand)
      .rejects(new NotFoundException({ message: 'no', $metadata: {} }));
    budgets.on(CreateBudgetCommand).resolves({});
    const { ctx, outputs } = testContext(exampleInput(example));
    await createTenancyBudgetCreateAction(t.deps).handler(ctx);
    expect(outputs).toEqual({
      budgetName: 'tenant-acme',
      amountUsd: '1000.00',
      created: true,
    });
  });
});
