import { DataAccount } from '../../core/dataAccounts';
import { retained } from './getMetricData';
import {
  aggregate,
  buildMetricProfile,
  resolveSeries,
  statistic,
} from './metricModel';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const DAY = 86_400_000;

const account: DataAccount = {
  accountId: '555566667777',
  name: 'Tenant x',
  tenantId: 'x',
  tier: 'premium',
  kind: 'tenant',
  createdAt: new Date('2025-01-01T00:00:00Z'),
  state: 'ACTIVE',
};

describe('metric model', () => {
  it('rolls up like CloudWatch: 1-minute data 15 days, 5-minute 63 days, 1-hour 455 days', () => {
    expect([
      retained(NOW - 14 * DAY, 60, NOW),
      retained(NOW - 16 * DAY, 60, NOW),
      retained(NOW - 16 * DAY, 300, NOW),
    ]).toEqual([true, false, true]);
    expect([
      retained(NOW - 64 * DAY, 300, NOW),
      retained(NOW - 64 * DAY, 3600, NOW),
      retained(NOW - 456 * DAY, 86400, NOW),
    ]).toEqual([false, true, false]);
  });

  it('derives percentiles that grow with the quantile and stay within min and max', () => {
    const p = buildMetricProfile(1, account);
    const series = resolveSeries(p, 'AWS/Lambda', 'Duration', [])!;
    const agg = aggregate(1, p, series, NOW - 2 * 3_600_000, 3_600_000)!;
    const [p50, p95, p99] = ['p50', 'p95', 'p99'].map(s => statistic(agg, s));
    expect(p50).toBeLessThan(p95);
    expect(p95).toBeLessThan(p99);
    expect(p99).toBeLessThanOrEqual(agg.max);
    expect(statistic(agg, 'Average')).toBeCloseTo(agg.sum / agg.count, 6);
  });

  it('publishes nothing before the account exists and nothing for unknown series', () => {
    const p = buildMetricProfile(1, account);
    const series = resolveSeries(p, 'AWS/Lambda', 'Invocations', [])!;
    expect(
      aggregate(1, p, series, Date.parse('2024-12-31T00:00:00Z'), 3_600_000),
    ).toBeUndefined();
    expect(
      resolveSeries(p, 'AWS/Lambda', 'Invocations', [
        { Name: 'FunctionName', Value: 'nope' },
      ]),
    ).toBeUndefined();
    expect(
      resolveSeries(p, 'AWS/Lambda', 'Invocations', [
        { Name: 'FunctionName', Value: 'x-api' },
      ]),
    ).toBeDefined();
  });
});
