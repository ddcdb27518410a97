import {
  CostExplorerClient,
  DataUnavailableException,
  GetCostAndUsageCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { parseAmount } from './money';
import { buildTenantSpend, SpendFact } from './spendModel';
import { buildFleetSpend } from './fleetModel';
import { fetchSpend } from './spendFetch';
import { monthsBetween } from '@tenancy/plugin-tenants-common';

const fact = (
  accountId: string,
  periodStart: string,
  dimension: SpendFact['dimension'],
  key: string,
  amount: string,
  granularity: SpendFact['granularity'] = dimension === 'TOTAL'
    ? 'DAILY'
    : 'MONTHLY',
): SpendFact => ({
  accountId,
  periodStart,
  dimension,
  key,
  amount: parseAmount(amount),
  estimated: false,
  granularity,
});

const A = '111111111111';
const april = [
  fact(A, '2025-04-01', 'RECORD_TYPE', 'Usage', '120.00'),
  fact(A, '2025-04-01', 'RECORD_TYPE', 'Tax', '6.00'),
  fact(A, '2025-04-01', 'RECORD_TYPE', 'Credit', '-126.00'),
  fact(A, '2025-04-01', 'RECORD_TYPE', 'Refund', '-10.00'),
];

describe('credits and refunds', () => {
  it('keeps record types apart; headline is usage + tax = 126.00; net -10.00', () => {
    const spend = buildTenantSpend(april, new Date('2025-05-10T12:00:00Z'), {
      metric: 'AmortizedCost',
    });
    const m = spend.monthly.find(x => x.month === '2025-04')!;
    expect(m.amounts).toEqual({
      usage: '120.00',
      tax: '6.00',
      credit: '-126.00',
      refund: '-10.00',
      net: '-10.00',
    });
    expect(spend.lastMonth).toBe('126.00');
    expect(spend.monthly).toHaveLength(13);
    expect(spend.monthly[0].month).toBe('2024-05');
    expect(spend.monthly[12]).toMatchObject({
      month: '2025-05',
      estimated: true,
    });
  });

  it('org rollup uses the same rule, and a negative net is never a growth ratio', () => {
    const fleet = buildFleetSpend({
      facts: [
        ...april,
        fact(A, '2025-05-01', 'RECORD_TYPE', 'Usage', '100.00'),
        fact(A, '2025-05-01', 'RECORD_TYPE', 'Credit', '-100.00'),
      ],
      tenants: [{ tenantId: 'acme', accountId: A }],
      month: '2025-04',
      now: new Date('2025-06-10T00:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(fleet.total).toBe('126.00');
    expect(fleet.tenants[0]).toEqual({
      tenantId: 'acme',
      accountId: A,
      amount: '126.00',
      previousAmount: '0.00',
      changeRatio: null,
      change: { kind: 'new', delta: '126.00' },
      noDataReason: null,
    });
  });
});

describe('shared and unallocated', () => {
  it('tenants + shared + unallocated = total to the cent', () => {
    const S = '999999999999';
    const fleet = buildFleetSpend({
      facts: [
        fact(A, '2025-04-01', 'RECORD_TYPE', 'Usage', '10.004'),
        fact('222222222222', '2025-04-01', 'RECORD_TYPE', 'Usage', '10.004'),
        fact(S, '2025-04-01', 'RECORD_TYPE', 'Usage', '69.25'),
        fact(S, '2025-04-01', 'TAG', 'acme', '50.00'),
        fact(S, '2025-04-01', 'TAG', 'globex', '12.00'),
        fact(S, '2025-04-01', 'TAG', '', '7.25'),
      ],
      tenants: [
        { tenantId: 'acme', accountId: A },
        { tenantId: 'globex', accountId: '222222222222' },
      ],
      month: '2025-04',
      now: new Date('2025-06-10T00:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'active',
    });
    expect(fleet).toMatchObject({
      total: '89.26',
      tenantsTotal: '20.00',
      shared: '62.00',
      unallocated: '7.26',
    });
  });
});

describe('inactive tenant tag', () => {
  it('is reported as inactive: non-tenant spend is unallocated, never zero', () => {
    const S = '999999999999';
    const fleet = buildFleetSpend({
      facts: [
        fact(A, '2025-04-01', 'RECORD_TYPE', 'Usage', '10.00'),
        fact(S, '2025-04-01', 'RECORD_TYPE', 'Usage', '69.25'),
        fact(S, '2025-04-01', 'TAG', '', '69.25'),
      ],
      tenants: [{ tenantId: 'acme', accountId: A }],
      month: '2025-04',
      now: new Date('2025-06-10T00:00:00Z'),
      metric: 'AmortizedCost',
      tagStatus: 'inactive',
    });
    expect(fleet).toMatchObject({
      total: '79.25',
      tenantsTotal: '10.00',
      shared: '0.00',
      unallocated: '69.25',
      tenantTagStatus: 'inactive',
    });
  });
});

describe('month to date, forecast and change', () => {
  it('forecasts from the complete days and compares with the same days of last month', () => {
    const facts = [
      fact(A, '2025-07-01', 'RECORD_TYPE', 'Usage', '40.00'),
      fact(A, '2025-07-01', 'SERVICE', 'AWS Lambda', '30.00'),
      fact(A, '2025-07-01', 'SERVICE', 'Amazon S3', '10.00'),
      fact(A, '2025-07-01', 'TOTAL', '', '10.00'),
      fact(A, '2025-07-02', 'TOTAL', '', '20.00'),
      fact(A, '2025-07-03', 'TOTAL', '', '10.00'),
      fact(A, '2025-06-01', 'TOTAL', '', '5.00'),
      fact(A, '2025-06-03', 'TOTAL', '', '5.00'),
      fact(A, '2025-06-04', 'TOTAL', '', '100.00'),
    ];
    const s = buildTenantSpend(facts, new Date('2025-07-03T09:00:00Z'), {
      metric: 'AmortizedCost',
    });
    expect(s.monthToDate).toBe('40.00');
    // 2 complete days: no forecast yet (it needs 3)
    expect(s.forecastMonthEnd).toBeNull();
    expect(s.forecastNote).toBe(
      'forecast needs 3 complete days of data; 2 so far',
    );
    // vs 2025-06-01..03 = 10.00 → +300 %
    expect(s.changeRatio).toBe(3);
    expect(s.daily.map(d => d.amount)).toEqual(['10.00', '20.00', '10.00']);
    expect(s.byService).toEqual([
      { service: 'AWS Lambda', amount: '30.00' },
      { service: 'Amazon S3', amount: '10.00' },
    ]);
    expect(s.noData).toBe(false);
  });

  it('on the first of the month there is no forecast and a new tenant has no data', () => {
    const s = buildTenantSpend([], new Date('2025-07-01T09:00:00Z'), {
      metric: 'AmortizedCost',
    });
    expect(s).toMatchObject({
      forecastMonthEnd: null,
      changeRatio: null,
      noData: true,
      monthToDate: '0.00',
    });
  });
});

describe('fetchSpend', () => {
  const ce = mockClient(CostExplorerClient);
  beforeEach(() => ce.reset());

  it('fetches closed months once, record types apart, with exclusive end dates', async () => {
    ce.on(ListCostAllocationTagsCommand).resolves({
      CostAllocationTags: [
        { TagKey: 'tenant', Status: 'Active', Type: 'UserDefined' },
      ],
    });
    ce.on(GetCostAndUsageCommand).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2025-06-01', End: '2025-07-01' },
          Total: {},
          Groups: [
            {
              Keys: [A, 'Usage'],
              Metrics: { AmortizedCost: { Amount: '1', Unit: 'USD' } },
            },
            {
              Keys: ['999999999999', 'Usage'],
              Metrics: { AmortizedCost: { Amount: '2', Unit: 'USD' } },
            },
          ],
        },
      ],
    });
    const cached = new Set(monthsBetween('2024-07', '2025-05'));
    const r = await fetchSpend(
      new CostExplorerClient({ region: 'us-east-1' }),
      {
        now: new Date('2025-07-01T08:00:00Z'),
        metric: 'AmortizedCost',
        tagKey: 'tenant',
        tenantAccountIds: new Set([A]),
        cachedClosedMonths: cached,
      },
    );
    expect(r.closedMonthsFetched).toEqual([]);
    const inputs = ce
      .commandCalls(GetCostAndUsageCommand)
      .map(c => c.args[0].input);
    expect(
      inputs.map(i => [
        i.Granularity,
        i.TimePeriod,
        i.GroupBy?.map(g => g.Key),
      ]),
    ).toEqual([
      [
        'MONTHLY',
        { Start: '2025-06-01', End: '2025-07-02' },
        ['LINKED_ACCOUNT', 'RECORD_TYPE'],
      ],
      [
        'MONTHLY',
        { Start: '2025-06-01', End: '2025-07-02' },
        ['LINKED_ACCOUNT', 'SERVICE'],
      ],
      ['MONTHLY', { Start: '2025-06-01', End: '2025-07-02' }, undefined],
      ['DAILY', { Start: '2025-06-01', End: '2025-07-02' }, ['LINKED_ACCOUNT']],
      [
        'MONTHLY',
        { Start: '2025-06-01', End: '2025-07-02' },
        ['tenant', 'LINKED_ACCOUNT'],
      ],
    ]);
    expect(inputs[4].Filter?.And?.[0]).toEqual({
      Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['999999999999'] },
    });
    expect(r.tagStatus).toBe('active');

    ce.resetHistory();
    const first = await fetchSpend(
      new CostExplorerClient({ region: 'us-east-1' }),
      {
        now: new Date('2025-07-01T08:00:00Z'),
        metric: 'AmortizedCost',
        tagKey: 'tenant',
        tenantAccountIds: new Set([A]),
        cachedClosedMonths: new Set(),
      },
    );
    expect(first.closedMonthsFetched).toHaveLength(11);
    expect(first.closedMonthsFetched[0]).toBe('2024-07');
    expect(
      ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input.TimePeriod,
    ).toEqual({
      Start: '2024-07-01',
      End: '2025-07-02',
    });
  });

  it('in steady state reads only the current month and the last days', async () => {
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    const r = await fetchSpend(
      new CostExplorerClient({ region: 'us-east-1' }),
      {
        now: new Date('2025-07-10T08:00:00Z'),
        metric: 'AmortizedCost',
        tagKey: 'tenant',
        tenantAccountIds: new Set([A]),
        cachedClosedMonths: new Set(monthsBetween('2024-07', '2025-06')),
        dailyStoredThrough: '2025-07-09',
      },
    );
    expect(r).toMatchObject({
      closedMonthsFetched: [],
      tagStatus: 'inactive',
      dailyThrough: '2025-07-10',
    });
    const inputs = ce
      .commandCalls(GetCostAndUsageCommand)
      .map(c => c.args[0].input);
    expect(inputs.map(i => [i.Granularity, i.TimePeriod])).toEqual([
      ['MONTHLY', { Start: '2025-07-01', End: '2025-07-11' }],
      ['MONTHLY', { Start: '2025-07-01', End: '2025-07-11' }],
      ['MONTHLY', { Start: '2025-07-01', End: '2025-07-11' }],
      ['DAILY', { Start: '2025-07-07', End: '2025-07-11' }],
    ]);
  });

  it('on day 5 the previous month is fetched a last time and then cached', async () => {
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    const r = await fetchSpend(
      new CostExplorerClient({ region: 'us-east-1' }),
      {
        now: new Date('2025-07-05T00:00:00Z'),
        metric: 'AmortizedCost',
        tagKey: 'tenant',
        tenantAccountIds: new Set([A]),
        cachedClosedMonths: new Set(monthsBetween('2024-07', '2025-05')),
      },
    );
    expect(r.closedMonthsFetched).toEqual(['2025-06']);
    expect(
      ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input.TimePeriod,
    ).toEqual({
      Start: '2025-06-01',
      End: '2025-07-06',
    });
  });
  it('a new account has no billing data yet: one DataUnavailableException fails only its part, whose slice is not replaced, and its closed months are read again', async () => {
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY' }).rejects(
      new DataUnavailableException({
        message: 'Data is not available.',
        $metadata: {},
      }),
    );
    const r = await fetchSpend(
      new CostExplorerClient({ region: 'us-east-1' }),
      {
        now: new Date('2026-12-05T10:00:00Z'),
        metric: 'AmortizedCost',
        tagKey: 'tenant',
        tenantAccountIds: new Set([A]),
        cachedClosedMonths: new Set(monthsBetween('2025-12', '2026-10')),
      },
    );
    expect(r.failed).toEqual({
      daily: 'DataUnavailableException: Data is not available.',
    });
    expect(r.dailyThrough).toBeUndefined();
    expect(r.closedMonthsFetched).toEqual(['2026-11']);
    expect(r.slices.map(s => s.dimension)).toEqual([
      'RECORD_TYPE',
      'SERVICE',
      'ORG_TOTAL',
      'TAG',
    ]);

    ce.reset();
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    ce.on(GetCostAndUsageCommand, { GroupBy: [] as any }).resolves({});
    ce.on(GetCostAndUsageCommand, {
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
    }).rejects(
      new DataUnavailableException({
        message: 'Data is not available.',
        $metadata: {},
      }),
    );
    const again = await fetchSpend(
      new CostExplorerClient({ region: 'us-east-1' }),
      {
        now: new Date('2026-12-05T10:00:00Z'),
        metric: 'AmortizedCost',
        tagKey: 'tenant',
        tenantAccountIds: new Set([A]),
        cachedClosedMonths: new Set(monthsBetween('2025-12', '2026-10')),
      },
    );
    // Without the record types, shared/unallocated are not computed from part of the accounts.
    expect(again.failed).toEqual({
      recordTypes: 'DataUnavailableException: Data is not available.',
      tags: 'not read: it needs the accounts of the monthly query, which failed (DataUnavailableException: Data is not available.)',
    });
    expect(again.closedMonthsFetched).toEqual([]);
    expect(again.slices.map(s => s.dimension)).toEqual([
      'SERVICE',
      'ORG_TOTAL',
      'TOTAL',
    ]);
  });
});
