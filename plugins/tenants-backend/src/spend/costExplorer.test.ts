import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { getCostAndUsage, splitTagKey, recordTypeBucket } from './costExplorer';
import { formatUsd, parseAmount, changeRatio, sumAmounts } from './money';
import {
  monthRange,
  monthToDate,
  daysInMonth,
  addMonths,
} from '@tenancy/plugin-tenants-common';

const ce = mockClient(CostExplorerClient);
const client = new CostExplorerClient({ region: 'us-east-1' });

function group(keys: string[], amount: string) {
  return {
    Keys: keys,
    Metrics: { AmortizedCost: { Amount: amount, Unit: 'USD' } },
  };
}

beforeEach(() => ce.reset());

describe('end dates are exclusive', () => {
  it('June 2025 is 2025-06-01 → 2025-07-01', () => {
    expect(monthRange('2025-06')).toEqual({
      start: '2025-06-01',
      end: '2025-07-01',
    });
    expect(monthRange('2025-12')).toEqual({
      start: '2025-12-01',
      end: '2026-01-01',
    });
    expect(daysInMonth('2024-02')).toBe(29);
    expect(addMonths('2025-01', -2)).toBe('2024-11');
  });

  it('month to date on 2025-07-01 never sends Start = End', () => {
    const r = monthToDate(new Date('2025-07-01T08:00:00Z'));
    expect(r).toEqual({
      start: '2025-07-01',
      end: '2025-07-02',
      completeDays: 0,
    });
  });

  it('rejects an empty period before calling AWS', async () => {
    await expect(
      getCostAndUsage(client, {
        range: { start: '2025-07-01', end: '2025-07-01' },
        granularity: 'DAILY',
        metric: 'AmortizedCost',
        groupBy: [],
      }),
    ).rejects.toThrow('Start before End');
    expect(ce.calls()).toHaveLength(0);
  });
});

describe('every page', () => {
  it('counts 1,437 rows over three pages, follows an empty page with a token, merges periods', async () => {
    const acct = (i: number) => String(100000000000 + i);
    const page = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) =>
        group([acct(from + k)], '1.00'),
      );
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2025-06-01', End: '2025-06-02' },
            Groups: page(0, 1000),
            Total: {},
          },
        ],
        NextPageToken: 't1',
      })
      .resolvesOnce({ ResultsByTime: [], NextPageToken: 't2' })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2025-06-01', End: '2025-06-02' },
            Groups: page(1000, 1400),
            Total: {},
          },
        ],
        NextPageToken: 't3',
      })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2025-06-01', End: '2025-06-02' },
            Groups: page(1400, 1437),
            Total: {},
          },
        ],
      });
    const r = await getCostAndUsage(client, {
      range: monthRange('2025-06'),
      granularity: 'DAILY',
      metric: 'AmortizedCost',
      groupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
    });
    expect(r.pages).toBe(4);
    expect(r.rows).toHaveLength(1437);
    expect(r.periods).toHaveLength(1);
    expect(formatUsd(r.periods[0].total)).toBe('1437.00');
    expect(r.rows.some(x => x.keys[0] === acct(1436))).toBe(true);
    const tokens = ce
      .commandCalls(GetCostAndUsageCommand)
      .map(c => c.args[0].input.NextPageToken);
    expect(tokens).toEqual([undefined, 't1', 't2', 't3']);
  });
});

describe('grouped results have no Total', () => {
  it('sums groups: 111 = 12.50, 222 = 7.25, period 19.75', async () => {
    ce.on(GetCostAndUsageCommand).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2025-06-01', End: '2025-07-01' },
          Total: {},
          Groups: [
            group(
              ['111111111111', 'Amazon Elastic Compute Cloud - Compute'],
              '10.00',
            ),
            group(['111111111111', 'AWS Lambda'], '2.50'),
            group(['222222222222', 'AWS Lambda'], '7.25'),
          ],
        },
      ],
    });
    const r = await getCostAndUsage(client, {
      range: monthRange('2025-06'),
      granularity: 'MONTHLY',
      metric: 'AmortizedCost',
      groupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });
    const byAccount = (a: string) =>
      formatUsd(
        sumAmounts(r.rows.filter(x => x.keys[0] === a).map(x => x.amount)),
      );
    expect(byAccount('111111111111')).toBe('12.50');
    expect(byAccount('222222222222')).toBe('7.25');
    expect(formatUsd(r.periods[0].total)).toBe('19.75');
    expect(
      ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input.GroupBy,
    ).toEqual([
      { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ]);
  });

  it('refuses a third GroupBy key with a clear error', async () => {
    await expect(
      getCostAndUsage(client, {
        range: monthRange('2025-06'),
        granularity: 'MONTHLY',
        metric: 'AmortizedCost',
        groupBy: [
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
        ],
      }),
    ).rejects.toThrow('Cost Explorer groups by at most two keys');
    expect(ce.calls()).toHaveLength(0);
  });
});

describe('tenant tag keys', () => {
  it('splits on the first $ only; tenant$ is untagged', () => {
    expect(splitTagKey('tenant$acme')).toEqual({
      tagKey: 'tenant',
      value: 'acme',
    });
    expect(splitTagKey('tenant$globex')).toEqual({
      tagKey: 'tenant',
      value: 'globex',
    });
    expect(splitTagKey('tenant$')).toEqual({ tagKey: 'tenant', value: null });
    expect(splitTagKey('tenant$a$b')).toEqual({
      tagKey: 'tenant',
      value: 'a$b',
    });
    expect(splitTagKey('Tenant$acme')).toEqual({
      tagKey: 'Tenant',
      value: 'acme',
    });
  });
});

describe('money', () => {
  it('parses exponent notation and rounds half away from zero to cents', () => {
    expect(formatUsd(parseAmount('1.2E-7'))).toBe('0.00');
    expect(formatUsd(parseAmount('0.005'))).toBe('0.01');
    expect(formatUsd(parseAmount('-0.005'))).toBe('-0.01');
    expect(formatUsd(parseAmount('-126'))).toBe('-126.00');
    expect(formatUsd(sumAmounts(Array(10).fill(parseAmount('0.1'))))).toBe(
      '1.00',
    );
    expect(() => parseAmount('abc')).toThrow('Not a decimal amount');
  });

  it('change ratio is null when the previous month was 0 or negative', () => {
    expect(changeRatio(parseAmount('150'), parseAmount('100'))).toBe(0.5);
    expect(changeRatio(parseAmount('10'), 0n)).toBeNull();
    expect(changeRatio(parseAmount('10'), parseAmount('-10'))).toBeNull();
  });

  it('maps record types to buckets', () => {
    expect(
      ['Usage', 'Tax', 'Credit', 'Refund', 'RIFee'].map(recordTypeBucket),
    ).toEqual(['usage', 'tax', 'credit', 'refund', 'usage']);
  });
});
