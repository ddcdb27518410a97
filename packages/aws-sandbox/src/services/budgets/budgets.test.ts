import {
  AccessDeniedException,
  CreateBudgetCommand,
  CreateNotificationCommand,
  DescribeBudgetCommand,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DuplicateRecordException,
  InvalidParameterException,
  NotFoundException,
  paginateDescribeBudgets,
} from '@aws-sdk/client-budgets';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';
import { DEMO_BUDGET_STATES } from './demoBudgets';

describe('Budgets', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ tenants: 5 });
  });
  afterAll(() => stopTestSandbox(t));

  const budget = (name: string) =>
    t.budgets.send(
      new CreateBudgetCommand({
        AccountId: '000000000000',
        Budget: {
          BudgetName: name,
          BudgetLimit: { Amount: '1000.00', Unit: 'USD' },
          TimeUnit: 'MONTHLY',
          BudgetType: 'COST',
          CostFilters: { LinkedAccount: ['123456789012'] },
        },
        NotificationsWithSubscribers: [
          {
            Notification: {
              NotificationType: 'ACTUAL',
              ComparisonOperator: 'GREATER_THAN',
              Threshold: 80,
              ThresholdType: 'PERCENTAGE',
            },
            Subscribers: [
              { SubscriptionType: 'EMAIL', Address: 'finops@saas-example.com' },
            ],
          },
        ],
      }),
    );

  it('creates and describes a budget; a second one with the same name is a DuplicateRecordException', async () => {
    await budget('tenant-acme');
    const { Budget } = await t.budgets.send(
      new DescribeBudgetCommand({
        AccountId: '000000000000',
        BudgetName: 'tenant-acme',
      }),
    );
    expect(Budget).toMatchObject({
      BudgetName: 'tenant-acme',
      BudgetLimit: { Amount: '1000.00', Unit: 'USD' },
      TimeUnit: 'MONTHLY',
      BudgetType: 'COST',
      CostFilters: { LinkedAccount: ['123456789012'] },
      TimePeriod: {
        Start: new Date('2026-03-01T00:00:00Z'),
        End: new Date('2087-06-15T00:00:00Z'),
      },
    });
    expect(await errorOf(budget('tenant-acme'))).toBeInstanceOf(
      DuplicateRecordException,
    );
    const missing = await errorOf(
      t.budgets.send(
        new DescribeBudgetCommand({
          AccountId: '000000000000',
          BudgetName: 'nope',
        }),
      ),
    );
    expect(missing).toBeInstanceOf(NotFoundException);
  });

  it('adds notifications; a duplicate is a DuplicateRecordException', async () => {
    await budget('tenant-notify');
    const forecast = {
      AccountId: '000000000000',
      BudgetName: 'tenant-notify',
      Notification: {
        NotificationType: 'FORECASTED' as const,
        ComparisonOperator: 'GREATER_THAN' as const,
        Threshold: 100,
      },
      Subscribers: [
        {
          SubscriptionType: 'EMAIL' as const,
          Address: 'owner@saas-example.com',
        },
      ],
    };
    await t.budgets.send(new CreateNotificationCommand(forecast));
    expect(
      await errorOf(t.budgets.send(new CreateNotificationCommand(forecast))),
    ).toBeInstanceOf(DuplicateRecordException);
    const { Notifications } = await t.budgets.send(
      new DescribeNotificationsForBudgetCommand({
        AccountId: '000000000000',
        BudgetName: 'tenant-notify',
      }),
    );
    expect(Notifications!.map(n => [n.NotificationType, n.Threshold])).toEqual([
      ['ACTUAL', 80],
      ['FORECASTED', 100],
    ]);
  });

  it('pages DescribeBudgets and checks the account and input', async () => {
    for (let i = 0; i < 3; i++) await budget(`page-${i}`);
    const names: string[] = [];
    for await (const page of paginateDescribeBudgets(
      { client: t.budgets, pageSize: 2 },
      { AccountId: '000000000000' },
    )) {
      expect(page.Budgets!.length).toBeLessThanOrEqual(2);
      names.push(...page.Budgets!.map(b => b.BudgetName!));
    }
    expect(names).toEqual([
      'tenant-acme',
      'tenant-notify',
      'page-0',
      'page-1',
      'page-2',
    ]);
    const other = await errorOf(
      t.budgets.send(new DescribeBudgetsCommand({ AccountId: '000000000001' })),
    );
    expect(other).toBeInstanceOf(AccessDeniedException);
    const bad = await errorOf(
      t.budgets.send(
        new CreateBudgetCommand({
          AccountId: '000000000000',
          Budget: {
            BudgetName: 'x',
            TimeUnit: 'WEEKLY' as any,
            BudgetType: 'COST',
          },
        }),
      ),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
  });
});

describe('the demo (--demo)', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    // manual clock mid-month: this month's spend and forecast are known
    t = await startTestSandbox({
      tenants: 10,
      demo: true,
      demoEventsEverySeconds: 0,
    });
  });
  afterAll(() => stopTestSandbox(t));

  it("seeds vend-time budgets: one over, one forecast over, the rest under, each on its tenant's account", async () => {
    const payer = t.sandbox.state.org.managementAccountId;
    const { Budgets } = await t.budgets.send(
      new DescribeBudgetsCommand({ AccountId: payer }),
    );
    const tenants = t.sandbox.state.org
      .tenantAccounts()
      .filter(a => a.state === 'ACTIVE')
      .sort((a, b) => a.id.localeCompare(b.id));
    const stand = Budgets!.map(b => {
      const amount = Number(b.BudgetLimit!.Amount);
      const actual = Number(b.CalculatedSpend!.ActualSpend!.Amount);
      const forecast = Number(b.CalculatedSpend!.ForecastedSpend!.Amount);
      let state = 'under';
      if (actual > amount) state = 'over';
      else if (forecast > amount) state = 'forecast-over';
      return [b.BudgetName, b.FilterExpression!.Dimensions!.Values, state];
    });
    expect(stand).toEqual(
      DEMO_BUDGET_STATES.map((state, i) => [
        `tenant-${tenants[i].tags.tenant}`,
        [tenants[i].id],
        state,
      ]),
    );
    const notifications = await t.budgets.send(
      new DescribeNotificationsForBudgetCommand({
        AccountId: payer,
        BudgetName: Budgets![0].BudgetName,
      }),
    );
    expect(
      notifications.Notifications!.map(n => [
        n.NotificationType,
        n.Threshold,
        n.NotificationState,
      ]),
    ).toEqual([
      ['ACTUAL', 80, 'ALARM'],
      ['FORECASTED', 100, 'ALARM'],
    ]);
  });
});
