import {
  CreateBudgetCommand,
  DescribeBudgetCommand,
  DuplicateRecordException,
  NotFoundException,
} from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { testContext, testDeps } from '../__testUtils__/harness';

function setup() {
  const t = testDeps({
    config: {
      vending: { budget: { notificationEmails: ['finops@example.com'] } },
    },
  });
  const budgets = mockClient(t.clients.budgets);
  budgets
    .on(DescribeBudgetCommand)
    .rejects(new NotFoundException({ message: 'none', $metadata: {} }));
  budgets.on(CreateBudgetCommand).resolves({});
  return { ...t, budgets, action: createTenancyBudgetCreateAction(t.deps) };
}

describe('tenancy:budget:create', () => {
  it('creates a monthly budget filtered to the account with actual and forecast notifications', async () => {
    const s = setup();
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
      amountUsd: 1250.5,
      notificationEmails: ['owner@acme.io'],
    });
    await s.action.handler(ctx);
    const sub = [
      { SubscriptionType: 'EMAIL', Address: 'finops@example.com' },
      { SubscriptionType: 'EMAIL', Address: 'owner@acme.io' },
    ];
    expect(
      s.budgets.commandCalls(CreateBudgetCommand)[0].args[0].input,
    ).toEqual({
      AccountId: '000000000000',
      Budget: {
        BudgetName: 'tenant-acme',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: '1250.50', Unit: 'USD' },
        FilterExpression: {
          Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['222222222222'] },
        },
      },
      NotificationsWithSubscribers: [
        {
          Notification: {
            NotificationType: 'ACTUAL',
            ComparisonOperator: 'GREATER_THAN',
            Threshold: 80,
            ThresholdType: 'PERCENTAGE',
          },
          Subscribers: sub,
        },
        {
          Notification: {
            NotificationType: 'ACTUAL',
            ComparisonOperator: 'GREATER_THAN',
            Threshold: 100,
            ThresholdType: 'PERCENTAGE',
          },
          Subscribers: sub,
        },
        {
          Notification: {
            NotificationType: 'FORECASTED',
            ComparisonOperator: 'GREATER_THAN',
            Threshold: 100,
            ThresholdType: 'PERCENTAGE',
          },
          Subscribers: sub,
        },
      ],
    });
    expect(outputs).toEqual({
      budgetName: 'tenant-acme',
      amountUsd: '1250.50',
      created: true,
    });
    expect(s.activity[0].summary).toBe(
      'Budget tenant-acme created: 1250.50 USD per month (tenancy:budget:create)',
    );
  });

  it('an existing budget is left as is', async () => {
    const s = setup();
    s.budgets.on(DescribeBudgetCommand).resolves({
      Budget: {
        BudgetName: 'tenant-acme',
        BudgetLimit: { Amount: '500.0', Unit: 'USD' },
        TimeUnit: 'MONTHLY',
        BudgetType: 'COST',
      },
    });
    const { ctx, outputs, lines } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
      amountUsd: '1000',
    });
    await s.action.handler(ctx);
    expect(s.budgets.commandCalls(CreateBudgetCommand)).toHaveLength(0);
    expect(outputs).toEqual({
      budgetName: 'tenant-acme',
      amountUsd: '500.00',
      created: false,
    });
    expect(lines).toEqual([
      'info: Budget tenant-acme already exists (500.00 USD); left as is',
    ]);
  });

  it('DuplicateRecordException (created meanwhile) is not an error and not a second budget', async () => {
    const s = setup();
    s.budgets
      .on(CreateBudgetCommand)
      .rejects(new DuplicateRecordException({ message: 'dup', $metadata: {} }));
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
    });
    await s.action.handler(ctx);
    expect(outputs.created).toBe(false);
    expect(s.budgets.commandCalls(CreateBudgetCommand)).toHaveLength(1);
  });

  it('the default amount comes from config; a bad amount is rejected before any call', async () => {
    const s = setup();
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
    });
    await s.action.handler(ctx);
    expect(outputs.amountUsd).toBe('1000.00');
    const bad = setup();
    const b = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
      amountUsd: '12.345',
    });
    await expect(bad.action.handler(b.ctx)).rejects.toThrow(
      "Budget amount must be a positive USD amount with at most two decimals, e.g. 1000 or 1250.50; got '12.345' (rule budget.amount)",
    );
    expect(bad.budgets.calls()).toHaveLength(0);
  });

  it('CASES X2: dry run makes no CreateBudget', async () => {
    const s = setup();
    const { ctx, outputs, lines } = testContext(
      { accountId: '222222222222', tenantId: 'acme', amountUsd: 100 },
      { isDryRun: true },
    );
    await s.action.handler(ctx);
    expect(s.budgets.commandCalls(CreateBudgetCommand)).toHaveLength(0);
    expect(outputs).toEqual({
      budgetName: 'tenant-acme',
      amountUsd: '100.00',
      created: true,
    });
    expect(lines).toEqual([
      'info: Dry run: would create budget tenant-acme of 100.00 USD per month for account 222222222222',
    ]);
  });
});
