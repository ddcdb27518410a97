import { budgetView, passesBudgetFilter } from './budgetStatus';

const vendNotifications = [
  {
    NotificationType: 'ACTUAL',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 80,
    ThresholdType: 'PERCENTAGE',
  },
  {
    NotificationType: 'ACTUAL',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 100,
    ThresholdType: 'PERCENTAGE',
  },
  {
    NotificationType: 'FORECASTED',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 100,
    ThresholdType: 'PERCENTAGE',
    NotificationState: 'ALARM',
  },
];

describe('budgetView', () => {
  it('shows a tenant over its forecast budget', () => {
    const view = budgetView(
      {
        BudgetName: 'tenant-acme',
        BudgetLimit: { Amount: '500.0', Unit: 'USD' },
        CalculatedSpend: {
          ActualSpend: { Amount: '412.5', Unit: 'USD' },
          ForecastedSpend: { Amount: '538.4', Unit: 'USD' },
        },
      },
      vendNotifications,
    );
    expect(view).toEqual({
      name: 'tenant-acme',
      amount: '500.00',
      currency: 'USD',
      actual: '412.50',
      forecast: '538.40',
      actualRatio: 0.825,
      forecastRatio: 1.0768,
      state: 'forecast-over',
      notifications: [
        {
          type: 'ACTUAL',
          comparison: 'GREATER_THAN',
          threshold: 80,
          thresholdType: 'PERCENTAGE',
          crossed: true,
        },
        {
          type: 'ACTUAL',
          comparison: 'GREATER_THAN',
          threshold: 100,
          thresholdType: 'PERCENTAGE',
          crossed: false,
        },
        {
          type: 'FORECASTED',
          comparison: 'GREATER_THAN',
          threshold: 100,
          thresholdType: 'PERCENTAGE',
          crossed: true,
          awsState: 'ALARM',
        },
      ],
    });
    expect(passesBudgetFilter(view.state, 'forecast-over')).toBe(true);
    expect(passesBudgetFilter(view.state, 'over')).toBe(false);
  });

  it('puts actual over the amount ahead of the forecast, and has no forecast when AWS has none', () => {
    const view = budgetView(
      {
        BudgetName: 'tenant-globex',
        BudgetLimit: { Amount: '100', Unit: 'USD' },
        CalculatedSpend: { ActualSpend: { Amount: '100.01', Unit: 'USD' } },
      },
      [],
    );
    expect([
      view.state,
      view.forecast,
      view.forecastRatio,
      view.actualRatio,
    ]).toEqual(['over', null, null, 1.0001]);
    expect(passesBudgetFilter('over', 'over')).toBe(true);
    expect(passesBudgetFilter('over', 'forecast-over')).toBe(true);
    expect(passesBudgetFilter('under', 'forecast-over')).toBe(false);
    expect(passesBudgetFilter(undefined, 'over')).toBe(false);
  });

  it('an 80% threshold is crossed only above 80% (GREATER_THAN)', () => {
    const at = budgetView(
      {
        BudgetLimit: { Amount: '500', Unit: 'USD' },
        CalculatedSpend: { ActualSpend: { Amount: '400', Unit: 'USD' } },
      },
      [vendNotifications[0]],
    );
    expect(at.notifications[0].crossed).toBe(false);
  });
});
