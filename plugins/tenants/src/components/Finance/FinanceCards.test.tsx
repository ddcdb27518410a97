import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { alertApiRef } from '@backstage/core-plugin-api';
import { financeApiRef, type FinanceApi } from '../../api';
import { TenantFinanceCards } from './TenantFinanceCards';
import { FinanceFleetSection } from './FinanceFleetSection';

const finance: Awaited<ReturnType<FinanceApi['getTenantFinance']>> = {
  tenantId: 'acme',
  budget: {
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
        type: 'FORECASTED',
        comparison: 'GREATER_THAN',
        threshold: 100,
        thresholdType: 'PERCENTAGE',
        crossed: true,
      },
    ],
  },
  anomalies: { status: 'no-monitor' },
  anomaliesReadAt: '2026-11-20T08:00:00.000Z',
  footprint: [
    {
      month: '2026-10',
      alwaysOn: '118.76',
      usageBased: '13.24',
      unclassified: '0.00',
      total: '132.00',
      alwaysOnShare: 0.8997,
      shareChange: null,
    },
  ],
  unitCost: [
    {
      tenantId: 'acme',
      month: '2026-10',
      spend: '132.00',
      requests: null,
      reason: 'no request data',
    },
  ],
  updatedAt: '2026-11-20T08:00:00.000Z',
};

const api: FinanceApi = {
  getTenantFinance: async () => finance,
  getFinanceFleet: async month => ({
    month: month ?? '2026-10',
    availableMonths: ['2026-10'],
    footprint: [
      {
        tenantId: 'globex',
        accountId: '222222222222',
        alwaysOn: '180.00',
        alwaysOnShare: 1,
        items: [
          {
            service: 'Amazon Relational Database Service',
            usageType: 'InstanceUsage:db.r6g.large',
            amount: '180.00',
            why: 'x',
          },
        ],
      },
    ],
    unitCost: {
      month: '2026-10',
      tenantsWithData: 3,
      tenantsWithoutData: 1,
      min: '0.0550',
      p25: '0.0550',
      median: '0.2827',
      p75: '2.4680',
      p90: '2.4680',
      max: '2.4680',
    },
    anomalies: { status: 'ok', items: [], monitors: [], unattributed: 0 },
    updatedAt: null,
  }),
  listTenantBudgets: async () => ({
    items: [{ tenantId: 'acme', ...finance.budget! }],
  }),
  listChargebackReports: async () => ({
    items: [
      {
        month: '2026-10',
        generatedAt: '2026-11-05T08:00:00.000Z',
        total: '2888.11',
        rowCount: 12,
        tenantCount: 3,
      },
    ],
  }),
  downloadChargebackReport: async () => new Blob(['x']),
};

describe('finance cards', () => {
  it('shows the budget forecast over, the missing monitor and the footprint', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[financeApiRef, api]]}>
        <TenantFinanceCards tenantId="acme" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Forecast over budget')).toBeInTheDocument();
    expect(
      screen.getByText(
        /tenant-acme: \$500\.00 a month · actual \$412\.50 \(82\.5%\) · forecast \$538\.40 \(107\.7%\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No anomaly monitor exists in the payer account/),
    ).toBeInTheDocument();
    expect(screen.getByText('90.0%')).toBeInTheDocument();
    expect(screen.getByText('no request data')).toBeInTheDocument();
  });

  it('lists the reports with their generation time, the footprint leaders and unit cost', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [financeApiRef, api],
          [alertApiRef, { post: () => {} }],
        ]}
      >
        <FinanceFleetSection month="2026-10" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('2026-11-05 08:00 UTC')).toBeInTheDocument();
    expect(screen.getByText('$2,888.11')).toBeInTheDocument();
    expect(
      await screen.findByText('InstanceUsage:db.r6g.large $180.00'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /median \$0\.2827 · p25 \$0\.0550 · p75 \$\s*2\.4680 · p90 \$2\.4680 \(\s*3 tenants;\s*1 without request data\)/,
      ),
    ).toBeInTheDocument();
  });

  it('renders nothing without a finance API', async () => {
    const { container } = await renderInTestApp(
      <TenantFinanceCards tenantId="acme" />,
    );
    expect(container.textContent).toBe('');
  });
});
