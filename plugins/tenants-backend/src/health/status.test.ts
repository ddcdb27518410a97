import { DEFAULT_METRICS, type CompactSeries } from './metricPlan';
import { DEFAULT_HEALTH_RULES, decideStatus } from './status';

const NOW = new Date('2025-07-01T14:00:00Z');

/** One series per id: 12 slots of 300 s over the last hour, `total` in the newest slot. */
function series(totals: Record<string, number>): CompactSeries[] {
  return DEFAULT_METRICS.filter(d => d.id in totals).map(d => ({
    id: d.id,
    label: d.label,
    namespace: d.namespace,
    metricName: d.metricName,
    stat: d.stat,
    unit: d.unit,
    periodSeconds: 300,
    start: '2025-07-01T13:00:00.000Z',
    values: [...new Array(11).fill(null), totals[d.id]],
    partial: false,
  }));
}

const decide = (totals: Record<string, number>, rules = DEFAULT_HEALTH_RULES) =>
  decideStatus({
    alarms: [],
    series: series(totals),
    definitions: DEFAULT_METRICS,
    now: NOW,
    rules,
  });

describe('error signals are rates', () => {
  it('8 Lambda errors and 8 5XX of 4,000 invocations/requests (0.2 %) are healthy', () => {
    expect(
      decide({
        lambdaErrors: 8,
        apiGateway5xx: 8,
        lambdaInvocations: 4000,
        apiGatewayCount: 4000,
      }),
    ).toEqual({ status: 'healthy', reason: 'No errors in the last hour' });
  });

  it('30 errors of 1,250 invocations (2.4 %) degrade, stating rate and threshold', () => {
    expect(decide({ lambdaErrors: 30, lambdaInvocations: 1250 })).toEqual({
      status: 'degraded',
      reason:
        'Lambda errors 2.4 % of 1,250 invocations in the last hour (threshold 1 %)',
    });
  });

  it('exactly at the threshold is not over it; throttles and 5XX have their own rates', () => {
    expect(
      decide({ lambdaThrottles: 10, lambdaInvocations: 1000 }).status,
    ).toBe('healthy');
    expect(
      decide({
        lambdaThrottles: 11,
        lambdaInvocations: 1000,
        apiGateway5xx: 50,
        apiGatewayCount: 2000,
      }),
    ).toEqual({
      status: 'degraded',
      reason:
        'Lambda throttles 1.1 % of 1,000 invocations in the last hour (threshold 1 %); ' +
        'API Gateway 5XX 2.5 % of 2,000 requests in the last hour (threshold 1 %)',
    });
  });

  it('without invocations reported, errors are counted against 10', () => {
    expect(decide({ lambdaErrors: 10 }).status).toBe('healthy');
    expect(decide({ lambdaErrors: 11, lambdaInvocations: 0 })).toEqual({
      status: 'degraded',
      reason:
        'Lambda errors 11 with no invocations reported in the last hour (threshold 10)',
    });
  });

  it('any DynamoDB throttled request degrades by default; thresholds are configurable', () => {
    expect(decide({ dynamoDbThrottles: 1 })).toEqual({
      status: 'degraded',
      reason: 'DynamoDB throttled requests 1 in the last hour (threshold 0)',
    });
    const rules = {
      ...DEFAULT_HEALTH_RULES,
      dynamoDbThrottledRequests: 5,
      lambdaErrorRatePercent: 5,
    };
    expect(
      decide(
        { dynamoDbThrottles: 5, lambdaErrors: 30, lambdaInvocations: 1250 },
        rules,
      ).status,
    ).toBe('healthy');
  });
});

describe('rates use the filled slots only', () => {
  const judge = (s: CompactSeries[]) =>
    decideStatus({
      alarms: [],
      series: s,
      definitions: DEFAULT_METRICS,
      now: NOW,
    });

  it('errors 1, 0, 2 at 13:05, 13:10, 13:40 of 100, 100, 50 invocations → 1.2 % of 250', () => {
    const at = (v: Array<[number, number]>) => {
      const values: Array<number | null> = new Array(12).fill(null);
      for (const [slot, x] of v) values[slot] = x;
      return values;
    };
    const [errors, invocations] = series({
      lambdaErrors: 0,
      lambdaInvocations: 0,
    });
    errors.values = at([
      [1, 1],
      [2, 0],
      [8, 2],
    ]);
    invocations.values = at([
      [1, 100],
      [2, 100],
      [8, 50],
    ]);
    expect(judge([errors, invocations])).toEqual({
      status: 'degraded',
      reason:
        'Lambda errors 1.2 % of 250 invocations in the last hour (threshold 1 %)',
    });
  });

  it('an hourly series judges its last slot only', () => {
    const [errors] = series({ lambdaErrors: 0 });
    errors.periodSeconds = 3600;
    errors.start = '2025-07-01T11:00:00.000Z';
    errors.values = [50, 11, null];
    expect(judge([errors])).toEqual({
      status: 'unknown',
      reason: 'No metric data in the last hour and no alarms',
    });
    errors.values = [50, null, 11];
    expect(judge([errors]).reason).toBe(
      'Lambda errors 11 with no invocations reported in the last hour (threshold 10)',
    );
  });
});

describe('a healthy reason names the alarms without data', () => {
  const withAlarms = (states: Array<'OK' | 'INSUFFICIENT_DATA'>) =>
    decideStatus({
      alarms: states.map((state, i) => ({
        name: `alarm-${i}`,
        state,
        updatedAt: '2025-07-01T13:00:00Z',
        accountIds: ['111111111111'],
      })),
      series: series({ lambdaInvocations: 100 }),
      definitions: DEFAULT_METRICS,
      now: NOW,
      rules: DEFAULT_HEALTH_RULES,
    });

  it('2 OK and 1 INSUFFICIENT_DATA: healthy, and says so (not "2 alarms OK" alone)', () => {
    expect(withAlarms(['OK', 'INSUFFICIENT_DATA', 'OK'])).toEqual({
      status: 'healthy',
      reason:
        '2 alarms OK, 1 alarm in INSUFFICIENT_DATA, no errors in the last hour',
    });
    expect(withAlarms(['OK', 'OK'])).toEqual({
      status: 'healthy',
      reason: '2 alarms OK, no errors in the last hour',
    });
    expect(withAlarms(['INSUFFICIENT_DATA'])).toEqual({
      status: 'healthy',
      reason: 'No errors in the last hour, 1 alarm in INSUFFICIENT_DATA',
    });
  });
});
