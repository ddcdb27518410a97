import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetAnomalyMonitorsCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { attributeAnomalies, readAnomalies } from './anomalies';

const tenants = new Map([
  ['111111111111', 'acme'],
  ['222222222222', 'globex'],
]);
const MONITOR = 'arn:aws:ce::999999999999:anomalymonitor/linked-accounts';

const globexNat = {
  AnomalyId: 'a-1',
  AnomalyStartDate: '2026-11-20',
  AnomalyEndDate: '2026-11-22',
  DimensionValue: '222222222222',
  MonitorArn: MONITOR,
  AnomalyScore: { MaxScore: 0.91, CurrentScore: 0.4 },
  Impact: {
    MaxImpact: 61.2,
    TotalImpact: 143.37,
    TotalActualSpend: 171.87,
    TotalExpectedSpend: 28.5,
    TotalImpactPercentage: 503.05,
  },
  RootCauses: [
    {
      Service: 'EC2 - Other',
      Region: 'us-east-1',
      LinkedAccount: '222222222222',
      LinkedAccountName: 'globex',
      UsageType: 'NatGateway-Bytes',
      Impact: { Contribution: 120.004 },
    },
    {
      Service: 'Amazon Elastic Compute Cloud - Compute',
      Region: 'us-east-1',
      LinkedAccount: '222222222222',
      LinkedAccountName: 'globex',
      UsageType: 'BoxUsage:m5.large',
      Impact: { Contribution: 23.366 },
    },
  ],
};

describe('attributeAnomalies', () => {
  it('attributes an anomaly to the tenant of its root causes, with AWS impact', () => {
    const { byTenant, unattributed } = attributeAnomalies([globexNat], tenants);
    expect([...byTenant.keys()]).toEqual(['globex']);
    expect(byTenant.get('globex')).toEqual([
      {
        anomalyId: 'a-1',
        tenantId: 'globex',
        accountId: '222222222222',
        startDate: '2026-11-20',
        endDate: '2026-11-22',
        impact: '143.37',
        impactPercentage: 503.05,
        actualSpend: '171.87',
        expectedSpend: '28.50',
        rootCauses: [
          {
            service: 'EC2 - Other',
            region: 'us-east-1',
            linkedAccount: '222222222222',
            linkedAccountName: 'globex',
            usageType: 'NatGateway-Bytes',
            contribution: '120.00',
          },
          {
            service: 'Amazon Elastic Compute Cloud - Compute',
            region: 'us-east-1',
            linkedAccount: '222222222222',
            linkedAccountName: 'globex',
            usageType: 'BoxUsage:m5.large',
            contribution: '23.37',
          },
        ],
        monitorArn: MONITOR,
        feedback: undefined,
      },
    ]);
    expect(unattributed).toEqual([]);
  });

  it('uses a LINKED_ACCOUNT DimensionValue without root causes; keeps non-tenant ones apart', () => {
    const { byTenant, unattributed } = attributeAnomalies(
      [
        {
          ...globexNat,
          AnomalyId: 'a-2',
          DimensionValue: '111111111111',
          RootCauses: undefined,
          Impact: { MaxImpact: 12.5 },
        },
        {
          ...globexNat,
          AnomalyId: 'a-3',
          DimensionValue: '999999999999',
          RootCauses: [],
        },
        {
          ...globexNat,
          AnomalyId: 'a-4',
          DimensionValue: 'AWS Lambda',
          RootCauses: [],
        },
      ],
      tenants,
    );
    expect(
      byTenant.get('acme')?.map(a => [a.anomalyId, a.impact, a.rootCauses]),
    ).toEqual([['a-2', '12.50', []]]);
    expect(byTenant.has('globex')).toBe(false);
    expect(unattributed.map(a => a.AnomalyId)).toEqual(['a-3', 'a-4']);
  });
});

describe('readAnomalies', () => {
  it('says there is no monitor without calling GetAnomalies', async () => {
    const ce = mockClient(CostExplorerClient);
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    const reading = await readAnomalies(
      new CostExplorerClient({ region: 'us-east-1' }),
      { start: '2026-09-08', end: '2026-12-06' },
      tenants,
    );
    expect(reading).toEqual({ monitors: 'none' });
    expect(ce.commandCalls(GetAnomaliesCommand)).toHaveLength(0);
    ce.restore();
  });

  it('follows every GetAnomalies page', async () => {
    const ce = mockClient(CostExplorerClient);
    ce.on(GetAnomalyMonitorsCommand).resolves({
      AnomalyMonitors: [
        {
          MonitorArn: MONITOR,
          MonitorName: 'linked accounts',
          MonitorType: 'DIMENSIONAL',
          MonitorDimension: 'LINKED_ACCOUNT',
        },
      ],
    });
    const interval = { StartDate: '2026-09-08', EndDate: '2026-12-06' };
    ce.on(GetAnomaliesCommand, {
      DateInterval: interval,
      NextPageToken: undefined,
    })
      .resolves({ Anomalies: [globexNat], NextPageToken: 't1' })
      .on(GetAnomaliesCommand, { DateInterval: interval, NextPageToken: 't1' })
      .resolves({ Anomalies: [], NextPageToken: 't2' })
      .on(GetAnomaliesCommand, { DateInterval: interval, NextPageToken: 't2' })
      .resolves({
        Anomalies: [
          {
            ...globexNat,
            AnomalyId: 'a-9',
            RootCauses: [
              { ...globexNat.RootCauses[0], LinkedAccount: '111111111111' },
            ],
          },
        ],
      });
    const reading = await readAnomalies(
      new CostExplorerClient({ region: 'us-east-1' }),
      { start: '2026-09-08', end: '2026-12-06' },
      tenants,
    );
    if (reading.monitors === 'none') throw new Error('expected monitors');
    expect(reading.pages).toBe(4);
    expect(reading.monitors).toEqual([
      { arn: MONITOR, name: 'linked accounts', dimension: 'LINKED_ACCOUNT' },
    ]);
    expect(reading.byTenant.get('acme')?.map(a => a.anomalyId)).toEqual([
      'a-9',
    ]);
    expect(reading.byTenant.get('globex')?.map(a => a.anomalyId)).toEqual([
      'a-1',
    ]);
    ce.restore();
  });
});
