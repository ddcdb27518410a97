import { screen, within } from '@testing-library/react';
import type { TenantSpend } from '@tenancy/plugin-tenants-common';
import {
  entityNamed,
  renderWithTenants,
  responseError,
  tenantEntity,
} from '../../__testUtils__';
import { TenantSpendContent } from './TenantSpendContent';

const amounts = (
  usage: string,
  tax: string,
  credit = '0.00',
  refund = '0.00',
  net?: string,
) => ({
  usage,
  tax,
  credit,
  refund,
  net: net ?? usage,
});

// docs/aws-behaviours/fleet.md#credits-and-refunds: April 2025 by RECORD_TYPE: Usage 120.00, Tax 6.00, Credit −126.00, Refund −10.00.
const spend: TenantSpend = {
  metric: 'AmortizedCost',
  currency: 'USD',
  monthToDate: '126.00',
  forecastMonthEnd: '210.50',
  lastMonth: '0.00',
  changeRatio: null,
  monthly: [
    { month: '2025-03', amounts: amounts('0.00', '0.00'), estimated: false },
    {
      month: '2025-04',
      amounts: amounts('120.00', '6.00', '-126.00', '-10.00', '-10.00'),
      estimated: true,
    },
  ],
  daily: [
    { date: '2025-04-01', amount: '60.00', estimated: false },
    { date: '2025-04-02', amount: '66.00', estimated: true },
  ],
  byService: [
    { service: 'Amazon Elastic Compute Cloud - Compute', amount: '100.00' },
    { service: 'AWS Lambda', amount: '26.00' },
  ],
  noData: false,
};

describe('TenantSpendContent', () => {
  it('keeps record types apart with the net, and headlines usage + tax (docs/aws-behaviours/fleet.md#credits-and-refunds)', async () => {
    await renderWithTenants(<TenantSpendContent />, {
      api: { getTenantSpend: jest.fn().mockResolvedValue(spend) },
      entity: tenantEntity,
    });
    const april = await screen.findByTestId('record-types-2025-04');
    const cells = within(april)
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells).toEqual([
      '2025-04 (estimated)',
      '120.00',
      '6.00',
      '\u2212126.00',
      '\u221210.00',
      '\u221210.00',
      '126.00',
    ]);
    expect(screen.getByTestId('spend-mtd')).toHaveTextContent('$126.00');
    expect(screen.getByTestId('spend-forecast')).toHaveTextContent('$210.50');
    expect(screen.getByTestId('spend-change')).toHaveTextContent('new spend');
    expect(
      screen.getByText("Forecast to month end (from this month's daily spend)"),
    ).toBeInTheDocument();
    expect(screen.getByText('Last month (full month)')).toBeInTheDocument();
    expect(
      screen.getByText('Change vs same days last month'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Cost metric: AmortizedCost \(USD\)/),
    ).toBeInTheDocument();
  });

  it('shows spend by service and draws 13-month and daily charts', async () => {
    await renderWithTenants(<TenantSpendContent />, {
      api: { getTenantSpend: jest.fn().mockResolvedValue(spend) },
      entity: tenantEntity,
    });
    const byService = await screen.findByRole('table', {
      name: 'Spend by service',
    });
    expect(
      within(byService)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'Amazon Elastic Compute Cloud - Compute$100.00',
      'AWS Lambda$26.00',
    ]);
    // April's monthly bar (usage + tax, never the negative net; March is 0) + 2 daily bars.
    const bars = [...document.querySelectorAll('.recharts-bar-rectangle path')];
    expect(bars.map(b => b.getAttribute('name'))).toEqual([
      'Usage + tax (USD)',
      'Daily',
      'Daily',
    ]);
    expect(screen.getByText('Forecast to month end')).toBeInTheDocument();
  });

  it('says "No billing data yet" for a new tenant', async () => {
    await renderWithTenants(<TenantSpendContent />, {
      api: {
        getTenantSpend: jest.fn().mockResolvedValue({
          ...spend,
          noData: true,
          monthly: [],
          daily: [],
          byService: [],
        }),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByText('No billing data yet')).toBeInTheDocument();
    expect(
      screen.getByText(/within 24 hours of its first usage/),
    ).toBeInTheDocument();
  });

  it('does not show spend to someone without tenants.spend.read', async () => {
    const getTenantSpend = jest.fn();
    await renderWithTenants(<TenantSpendContent />, {
      api: { getTenantSpend },
      entity: entityNamed('denied-spend'),
      deny: ['tenants.spend.read'],
    });
    expect(
      await screen.findByText(
        "You don't have permission to see this tenant's spend",
      ),
    ).toBeInTheDocument();
    expect(getTenantSpend).not.toHaveBeenCalled();
  });

  it('shows the backend error message', async () => {
    await renderWithTenants(<TenantSpendContent />, {
      api: {
        getTenantSpend: jest
          .fn()
          .mockRejectedValue(responseError(500, 'Error', 'database is locked')),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByText('Could not load spend')).toBeInTheDocument();
    expect(
      screen.getByText('database is locked (HTTP 500)'),
    ).toBeInTheDocument();
  });
});

describe('TenantSpendContent: new accounts, change, provisional days, stale parts', () => {
  const render = (s: TenantSpend) =>
    renderWithTenants(<TenantSpendContent />, {
      api: { getTenantSpend: jest.fn().mockResolvedValue(s) },
      entity: tenantEntity,
    });

  it('a new account has no billing data yet: the reason names the creation date', async () => {
    await render({
      ...spend,
      noData: true,
      noDataReason:
        'no billing data yet (account created 2026-12-04; new accounts appear within a day of first usage, sometimes up to 4)',
    });
    expect(
      await screen.findByText(
        'no billing data yet (account created 2026-12-04; new accounts appear within a day of first usage, sometimes up to 4)',
      ),
    ).toBeInTheDocument();
  });

  it('change needs a previous value: 0.00 → 25.00 is new spend +25.00, 0.00 → 0.00 no change; no forecast before 3 days of data', async () => {
    await render({
      ...spend,
      monthToDate: '25.00',
      forecastMonthEnd: null,
      forecastNote: 'forecast needs 3 complete days of data; 2 so far',
      change: { kind: 'new', delta: '25.00' },
    });
    expect(await screen.findByTestId('spend-change')).toHaveTextContent(
      'new spend +25.00',
    );
    expect(screen.getByTestId('spend-forecast')).toHaveTextContent(
      'forecast needs 3 complete days of data; 2 so far',
    );
  });

  it('0.00 → 0.00 shows no change, never new spend', async () => {
    await render({
      ...spend,
      monthToDate: '0.00',
      change: { kind: 'none' },
    });
    expect(await screen.findByTestId('spend-change')).toHaveTextContent(
      'no change',
    );
  });

  it("marks today's daily point provisional and shows a stale part with its error", async () => {
    await render({
      ...spend,
      daily: [
        {
          date: '2026-12-04',
          amount: '60.00',
          estimated: true,
          provisional: false,
        },
        {
          date: '2026-12-05',
          amount: '6.00',
          estimated: true,
          provisional: true,
        },
      ],
      stale: [
        {
          part: 'daily',
          feeds: 'daily amounts (trend, forecast, change)',
          error: 'DataUnavailableException: Data is not available.',
          failedAt: '2026-12-05T10:00:00.000Z',
          lastSuccessAt: '2026-12-05T02:00:00.000Z',
        },
      ],
    });
    expect(await screen.findByTestId('spend-provisional')).toHaveTextContent(
      '2026-12-05 (today, UTC) is provisional: Cost Explorer is still billing it; its $6.00 will grow.',
    );
    expect(screen.getByTestId('spend-stale')).toHaveTextContent(
      'Stale: daily amounts (trend, forecast, change) not refreshed since 2026-12-05 02:00 UTC, last values shown. DataUnavailableException: Data is not available.',
    );
  });
});
