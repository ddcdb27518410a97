/**
 * AWS Budgets (JSON 1.1, target prefix `AWSBudgetServiceGateway`, signing name `budgets`):
 * CreateBudget, DescribeBudget, DescribeBudgets, DeleteBudget, CreateNotification,
 * DescribeNotificationsForBudget. Budgets belong to the calling account (`AccountId` must be it).
 * Amounts are decimal strings; a monthly COST budget's CalculatedSpend comes from the generated
 * cost data (./calculatedSpend.ts).
 */
import { decimal, int, list, str } from '../../core/input';
import { BudgetRecord } from '../../core/state';
import {
  OperationContext,
  OperationHandler,
  OperationInput,
  ServiceDefinition,
} from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { pageList } from '../../core/pageToken';
import { calculatedSpend } from './calculatedSpend';

/** The CostTypes AWS gives a budget created without them (credits and refunds left out). */
export const DEFAULT_COST_TYPES = {
  IncludeTax: true,
  IncludeSubscription: true,
  UseBlended: false,
  IncludeRefund: false,
  IncludeCredit: false,
  IncludeUpfront: true,
  IncludeRecurring: true,
  IncludeOtherSubscription: true,
  IncludeSupport: true,
  IncludeDiscount: true,
  UseAmortized: false,
};

const invalidParameter = (message: string) =>
  new AwsServiceError('InvalidParameterException', message);
const TIME_UNITS = ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY', 'CUSTOM'];
const BUDGET_TYPES = [
  'USAGE',
  'COST',
  'RI_UTILIZATION',
  'RI_COVERAGE',
  'SAVINGS_PLANS_UTILIZATION',
  'SAVINGS_PLANS_COVERAGE',
];

function accountOf(input: OperationInput, ctx: OperationContext): string {
  const id = str(input.AccountId);
  if (!id || !/^\d{12}$/.test(id))
    throw invalidParameter('AccountId must be a 12-digit account id');
  if (id !== ctx.callerAccountId) {
    throw new AwsServiceError(
      'AccessDeniedException',
      `You are not authorized to manage budgets of account ${id}`,
    );
  }
  return id;
}

function findBudget(
  input: OperationInput,
  ctx: OperationContext,
): BudgetRecord {
  const accountId = accountOf(input, ctx);
  const name = str(input.BudgetName);
  if (!name) throw invalidParameter('BudgetName is required');
  const record = ctx.state.budgets.find(
    b => b.accountId === accountId && b.budget.BudgetName === name,
  );
  if (!record) {
    throw new AwsServiceError(
      'NotFoundException',
      `Unable to get budget: ${name} - the budget doesn't exist.`,
    );
  }
  return record;
}

function checkNotification(n: any): Record<string, any> {
  if (!n || typeof n !== 'object')
    throw invalidParameter('Notification is required');
  if (!['ACTUAL', 'FORECASTED'].includes(n.NotificationType))
    throw invalidParameter('NotificationType must be ACTUAL or FORECASTED');
  if (
    !['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO'].includes(n.ComparisonOperator)
  ) {
    throw invalidParameter(
      'ComparisonOperator must be GREATER_THAN, LESS_THAN or EQUAL_TO',
    );
  }
  const threshold = decimal(n.Threshold);
  if (threshold === undefined || threshold < 0 || threshold > 1_000_000_000)
    throw invalidParameter(
      'Threshold must be a number from 0 to 1,000,000,000',
    );
  const type = n.ThresholdType ?? 'PERCENTAGE';
  if (!['PERCENTAGE', 'ABSOLUTE_VALUE'].includes(type))
    throw invalidParameter(
      'ThresholdType must be PERCENTAGE or ABSOLUTE_VALUE',
    );
  return {
    NotificationType: n.NotificationType,
    ComparisonOperator: n.ComparisonOperator,
    Threshold: threshold,
    ThresholdType: type,
    NotificationState: n.NotificationState ?? 'OK',
  };
}

function checkSubscribers(value: unknown): Array<Record<string, any>> {
  const subscribers = list<any>(value);
  if (subscribers.length < 1 || subscribers.length > 11)
    throw invalidParameter('A notification needs 1 to 11 subscribers');
  return subscribers.map(s => {
    if (!['EMAIL', 'SNS'].includes(s?.SubscriptionType))
      throw invalidParameter('SubscriptionType must be EMAIL or SNS');
    if (!s.Address) throw invalidParameter('Subscriber Address is required');
    return { SubscriptionType: s.SubscriptionType, Address: String(s.Address) };
  });
}

const sameNotification = (a: Record<string, any>, b: Record<string, any>) =>
  a.NotificationType === b.NotificationType &&
  a.ComparisonOperator === b.ComparisonOperator &&
  a.Threshold === b.Threshold &&
  a.ThresholdType === b.ThresholdType;

function addNotification(
  record: BudgetRecord,
  notification: Record<string, any>,
  subscribers: Array<Record<string, any>>,
) {
  if (
    record.notifications.some(n =>
      sameNotification(n.notification, notification),
    )
  ) {
    throw new AwsServiceError(
      'DuplicateRecordException',
      `Error creating notification: this notification already exists for budget ${record.budget.BudgetName}.`,
    );
  }
  if (record.notifications.length >= 10) {
    throw new AwsServiceError(
      'CreationLimitExceededException',
      'A budget can have at most 10 notifications.',
    );
  }
  record.notifications.push({ notification, subscribers });
}

function budgetShape(record: BudgetRecord, ctx: OperationContext) {
  const b = record.budget;
  return {
    ...b,
    TimePeriod: {
      Start: new Date(b.TimePeriod.Start * 1000),
      End: new Date(b.TimePeriod.End * 1000),
    },
    CalculatedSpend: calculatedSpend(b, ctx),
    LastUpdatedTime: ctx.now(),
  };
}

const createBudget: OperationHandler = (input, ctx) => {
  const accountId = accountOf(input, ctx);
  const b = input.Budget;
  if (!b || typeof b !== 'object') throw invalidParameter('Budget is required');
  const name = str(b.BudgetName);
  if (!name || name.length > 100 || /[:\\]/.test(name))
    throw invalidParameter(
      'BudgetName must be 1 to 100 characters without : or \\',
    );
  if (!TIME_UNITS.includes(b.TimeUnit))
    throw invalidParameter(`TimeUnit must be one of ${TIME_UNITS.join(', ')}`);
  if (!BUDGET_TYPES.includes(b.BudgetType))
    throw invalidParameter(
      `BudgetType must be one of ${BUDGET_TYPES.join(', ')}`,
    );
  const amount = decimal(b.BudgetLimit?.Amount);
  if (
    b.BudgetType === 'COST' &&
    (amount === undefined || amount <= 0 || !b.BudgetLimit?.Unit)
  ) {
    throw invalidParameter(
      'A COST budget needs a BudgetLimit with a positive Amount and a Unit',
    );
  }
  if (
    ctx.state.budgets.some(
      r => r.accountId === accountId && r.budget.BudgetName === name,
    )
  ) {
    throw new AwsServiceError(
      'DuplicateRecordException',
      `Error creating budget: ${name} - the budget already exists.`,
    );
  }
  if (
    ctx.state.budgets.filter(r => r.accountId === accountId).length >= 20_000
  ) {
    throw new AwsServiceError(
      'CreationLimitExceededException',
      'Budget limit reached for this account.',
    );
  }
  const now = ctx.now();
  const monthStart =
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000;
  const withSubscribers = list<any>(input.NotificationsWithSubscribers).map(
    n => ({
      notification: checkNotification(n?.Notification),
      subscribers: checkSubscribers(n?.Subscribers),
    }),
  );
  const record: BudgetRecord = {
    accountId,
    budget: {
      BudgetName: name,
      BudgetLimit: b.BudgetLimit
        ? {
            Amount: String(b.BudgetLimit.Amount),
            Unit: String(b.BudgetLimit.Unit),
          }
        : undefined,
      CostFilters: b.CostFilters,
      ...(b.FilterExpression ? { FilterExpression: b.FilterExpression } : {}),
      CostTypes: b.CostTypes ?? DEFAULT_COST_TYPES,
      TimeUnit: b.TimeUnit,
      TimePeriod: {
        Start: decimal(b.TimePeriod?.Start) ?? monthStart,
        End: decimal(b.TimePeriod?.End) ?? Date.UTC(2087, 5, 15) / 1000,
      },
      BudgetType: b.BudgetType,
    },
    notifications: [],
  };
  for (const n of withSubscribers)
    addNotification(record, n.notification, n.subscribers);
  ctx.state.budgets.push(record);
  return {};
};

const describeBudget: OperationHandler = (input, ctx) => ({
  Budget: budgetShape(findBudget(input, ctx), ctx),
});

const describeBudgets: OperationHandler = (input, ctx) => {
  const accountId = accountOf(input, ctx);
  const max = int(input.MaxResults, 'MaxResults', invalidParameter);
  if (max !== undefined && (max < 1 || max > 1000))
    throw invalidParameter('MaxResults must be from 1 to 1000');
  const { page, nextToken } = pageList(
    ctx.state.budgets.filter(r => r.accountId === accountId),
    {
      maxResults: max,
      nextToken: str(input.NextToken),
      defaultMax: 100,
      key: `budgets:${accountId}`,
      invalidToken: () =>
        new AwsServiceError(
          'InvalidNextTokenException',
          'The NextToken is not valid.',
        ),
    },
  );
  return { Budgets: page.map(r => budgetShape(r, ctx)), NextToken: nextToken };
};

/**
 * DeleteBudget: removes the budget and its notifications; a budget that does not exist answers
 * NotFoundException, as AWS does (a second delete is not a silent success).
 */
const deleteBudget: OperationHandler = (input, ctx) => {
  const record = findBudget(input, ctx);
  ctx.state.budgets = ctx.state.budgets.filter(b => b !== record);
  return {};
};

const createNotification: OperationHandler = (input, ctx) => {
  const record = findBudget(input, ctx);
  addNotification(
    record,
    checkNotification(input.Notification),
    checkSubscribers(input.Subscribers),
  );
  return {};
};

const describeNotificationsForBudget: OperationHandler = (input, ctx) => {
  const record = findBudget(input, ctx);
  return { Notifications: record.notifications.map(n => n.notification) };
};

export const budgetsService: ServiceDefinition = {
  name: 'Budgets',
  signingName: 'budgets',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSBudgetServiceGateway',
  throttlingError: {
    code: 'ThrottlingException',
    httpStatus: 400,
    message: 'Rate exceeded',
  },
  operations: {
    CreateBudget: createBudget,
    DescribeBudget: describeBudget,
    DeleteBudget: deleteBudget,
    DescribeBudgets: describeBudgets,
    CreateNotification: createNotification,
    DescribeNotificationsForBudget: describeNotificationsForBudget,
  },
};
