import { parseAmount } from '../../spend/money';
import { unitCost, unitCostDistribution } from './unitCost';

describe('unitCost', () => {
  it('divides spend by API Gateway requests when the tenant has them', () => {
    expect(
      unitCost('acme', '2026-11', parseAmount('132.00'), {
        accountId: '111111111111',
        month: '2026-11',
        apiGatewayCount: 2_400_000,
        lambdaInvocations: 9_000_000,
      }),
    ).toEqual({
      tenantId: 'acme',
      month: '2026-11',
      spend: '132.00',
      requests: 2_400_000,
      source: 'apiGatewayCount',
      per1000: '0.0550',
    });
  });

  it('falls back to Lambda invocations and rounds to 4 decimals', () => {
    expect(
      unitCost('globex', '2026-11', parseAmount('50'), {
        accountId: '222222222222',
        month: '2026-11',
        apiGatewayCount: 0,
        lambdaInvocations: 1_234_567,
      }),
    ).toMatchObject({
      requests: 1_234_567,
      source: 'lambdaInvocations',
      per1000: '0.0405',
    });
  });

  it('says so when a tenant has no request data', () => {
    expect(
      unitCost('initech', '2026-11', parseAmount('87.654'), undefined),
    ).toEqual({
      tenantId: 'initech',
      month: '2026-11',
      spend: '87.65',
      requests: null,
      reason: 'no request data',
    });
    expect(
      unitCost('initech', '2026-11', parseAmount('1'), {
        accountId: '3',
        month: '2026-11',
        apiGatewayCount: 0,
        lambdaInvocations: 0,
      }).requests,
    ).toBeNull();
  });
});

describe('unitCostDistribution', () => {
  it('gives nearest-rank percentiles over tenants with data and counts the rest', () => {
    const costs = [
      unitCost('a', '2026-11', parseAmount('132'), {
        accountId: '1',
        month: '2026-11',
        apiGatewayCount: 2_400_000,
      }),
      unitCost('b', '2026-11', parseAmount('87.65'), {
        accountId: '2',
        month: '2026-11',
        apiGatewayCount: 310_000,
      }),
      unitCost('c', '2026-11', parseAmount('12.34'), {
        accountId: '3',
        month: '2026-11',
        lambdaInvocations: 5_000,
      }),
      unitCost('d', '2026-11', parseAmount('40'), undefined),
      unitCost('a', '2026-10', parseAmount('1'), {
        accountId: '1',
        month: '2026-10',
        apiGatewayCount: 1,
      }),
    ];
    expect(unitCostDistribution('2026-11', costs)).toEqual({
      month: '2026-11',
      tenantsWithData: 3,
      tenantsWithoutData: 1,
      min: '0.0550',
      p25: '0.0550',
      median: '0.2827',
      p75: '2.4680',
      p90: '2.4680',
      max: '2.4680',
    });
    expect(unitCostDistribution('2026-09', costs).median).toBeNull();
  });
});
