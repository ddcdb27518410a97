import { screen } from '@testing-library/react';
import type {
  MetricSeries,
  TenantHealth,
} from '@tenancy/plugin-tenants-common';
import {
  entityNamed,
  renderWithTenants,
  responseError,
  tenantEntity,
} from '../../__testUtils__';
import { TenantHealthContent } from './TenantHealthContent';

// docs/aws-behaviours/fleet.md#missing-data-is-not-zero: 13:00–14:00 at 300 s, data only at 13:05, 13:10, 13:40.
const h2Series: MetricSeries = {
  id: 'http5xx',
  label: 'HTTP 5xx responses',
  namespace: 'AWS/ApplicationELB',
  metricName: 'HTTPCode_Target_5XX_Count',
  stat: 'Sum',
  unit: 'Count',
  periodSeconds: 300,
  partial: false,
  points: Array.from({ length: 12 }, (_, i) => {
    const minute = i * 5;
    const value = ({ 5: 1, 10: 0, 40: 2 } as Record<number, number>)[minute];
    return {
      timestamp: `2025-05-20T13:${String(minute).padStart(2, '0')}:00Z`,
      value: value === undefined ? null : value,
    };
  }),
};

// docs/aws-behaviours/fleet.md#alarm-states: 98 OK + 2 INSUFFICIENT_DATA on page 1, 1 ALARM + 2 OK on page 2.
const health: TenantHealth = {
  status: 'degraded',
  reason: '1 alarm in ALARM: api-5xx',
  alarms: { ALARM: 1, OK: 100, INSUFFICIENT_DATA: 2 },
  alarmList: [
    { name: 'queue-depth', state: 'INSUFFICIENT_DATA' },
    { name: 'api-5xx', state: 'ALARM', reason: 'Threshold Crossed' },
    { name: 'lambda-errors', state: 'OK' },
  ],
  series24h: [h2Series],
  series7d: [{ ...h2Series, partial: true, periodSeconds: 3600 }],
  collectedAt: '2025-05-20T11:48:00Z',
};

/** The recent-errors answer of a tenant sharing no log group (no rows, no table). */
const getTenantRecentErrors = jest.fn().mockResolvedValue({
  tenantId: 'acme',
  accountId: '111111111111',
  start: '2025-05-20T11:00:00.000Z',
  end: '2025-05-20T12:00:00.000Z',
  minutes: 60,
  query: 'filter level = "ERROR"',
  regions: [],
  rows: [],
  ranAt: '2025-05-20T12:00:00.000Z',
  cached: false,
});

describe('TenantHealthContent', () => {
  it('shows the status, its reason and the alarms by state (docs/aws-behaviours/fleet.md#alarm-states)', async () => {
    const getTenantHealth = jest.fn().mockResolvedValue(health);
    await renderWithTenants(<TenantHealthContent />, {
      api: { getTenantHealth, getTenantRecentErrors },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText('1 alarm in ALARM: api-5xx'),
    ).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.getByTestId('alarms-ALARM')).toHaveTextContent('1In alarm');
    expect(screen.getByTestId('alarms-OK')).toHaveTextContent('100OK');
    expect(screen.getByTestId('alarms-INSUFFICIENT_DATA')).toHaveTextContent(
      '2Insufficient data (unknown)',
    );
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map(r => r.textContent);
    expect(rows).toEqual([
      'ALARMapi-5xxThreshold Crossed',
      'INSUFFICIENT_DATAqueue-depth',
      'OKlambda-errors',
    ]);
    expect(getTenantHealth).toHaveBeenCalledWith('acme');
    // The Recent errors card (logs) is on the tab too.
    expect(
      await screen.findByText('No ERROR lines in this time range.'),
    ).toBeInTheDocument();
    expect(getTenantRecentErrors).toHaveBeenCalledWith('acme');
  });

  it('says which regions CloudWatch was read in, and that the tenant runs in one that is not (eu-west-1)', async () => {
    await renderWithTenants(<TenantHealthContent />, {
      api: {
        getTenantHealth: jest
          .fn()
          .mockResolvedValue({ ...health, regionsRead: ['eu-central-1'] }),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('regions-read')).toHaveTextContent(
      'Regions read: eu-central-1. Alarms and metrics in any other region are not included. This tenant also runs in eu-west-1, which is not read.',
    );
  });

  it('counts periods without data as gaps, not zeros (docs/aws-behaviours/fleet.md#missing-data-is-not-zero)', async () => {
    await renderWithTenants(<TenantHealthContent />, {
      api: {
        getTenantHealth: jest.fn().mockResolvedValue(health),
        getTenantRecentErrors,
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('slots-http5xx')).toHaveTextContent(
      '12 periods, 3 with data, 9 no data',
    );
    // The line breaks at the gaps: one segment for 13:05–13:10, one for 13:40.
    const line = document.querySelector('.recharts-line-curve');
    expect(line?.getAttribute('d')?.match(/M/g)).toHaveLength(2);
    screen.getByRole('button', { name: '7 days' }).click();
    expect(
      await screen.findByText(
        /Partial data: CloudWatch still answered PartialData/,
      ),
    ).toBeInTheDocument();
  });

  it('says health is not collected yet before the first refresh', async () => {
    await renderWithTenants(<TenantHealthContent />, {
      api: {
        getTenantHealth: jest.fn().mockResolvedValue({
          status: 'unknown',
          reason: 'Not collected yet',
          alarms: { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 },
          alarmList: [],
          series24h: [],
          series7d: [],
          collectedAt: '',
        }),
        getTenantRecentErrors,
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText(
        /Health has not been collected for this tenant yet/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Collected never')).toBeInTheDocument();
    expect(
      screen.getByText('No metrics collected for this account yet.'),
    ).toBeInTheDocument();
  });

  it('tells a person without tenants.health.read, and does not call the backend', async () => {
    const getTenantHealth = jest.fn();
    await renderWithTenants(<TenantHealthContent />, {
      api: { getTenantHealth },
      entity: entityNamed('denied-health'),
      deny: ['tenants.health.read'],
    });
    expect(
      await screen.findByText(
        "You don't have permission to see this tenant's health",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the tenants.health.read permission/),
    ).toBeInTheDocument();
    expect(getTenantHealth).not.toHaveBeenCalled();
  });

  it('shows the backend error message', async () => {
    await renderWithTenants(<TenantHealthContent />, {
      api: {
        getTenantHealth: jest
          .fn()
          .mockRejectedValue(
            responseError(
              503,
              'ServiceUnavailableError',
              'CloudWatch is throttling',
            ),
          ),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText('Could not load health'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('CloudWatch is throttling (HTTP 503)'),
    ).toBeInTheDocument();
  });
});
