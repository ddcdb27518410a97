import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import type { FleetSpend } from '@tenancy/plugin-tenants-common';
import { renderWithTenants, responseError } from '../../__testUtils__';
import { TenantsCostsPage } from './TenantsCostsPage';

// docs/aws-behaviours/fleet.md#grouped-results-have-no-total: grouped results have no Total; totals are sums of groups.
const fleet: FleetSpend = {
  month: '2025-04',
  metric: 'AmortizedCost',
  currency: 'USD',
  total: '21.25',
  tenantsTotal: '19.75',
  shared: '1.00',
  unallocated: '0.50',
  previousMonthTotal: '17.00',
  tenants: [
    {
      tenantId: 'acme',
      accountId: '111111111111',
      amount: '12.50',
      previousAmount: '10.00',
      changeRatio: 0.25,
    },
    {
      tenantId: 'globex',
      accountId: '222222222222',
      amount: '7.25',
      previousAmount: '0.00',
      changeRatio: null,
    },
  ],
  movers: [
    { tenantId: 'globex', change: '7.25', changeRatio: null },
    { tenantId: 'acme', change: '2.50', changeRatio: 0.25 },
  ],
  byService: [
    { service: 'Amazon Elastic Compute Cloud - Compute', amount: '10.00' },
    { service: 'AWS Lambda', amount: '2.50' },
    { service: 'Amazon Simple Storage Service', amount: '8.75' },
  ],
  estimated: false,
};

/** Like the backend: its snapshot is of 2025-05, so it answers 2024-05 to 2025-05, else a 400. */
const AVAILABLE = { from: '2024-05', to: '2025-05' };

function api(over: Record<string, jest.Mock> = {}) {
  return {
    getFleetSpend: jest.fn(async (month?: string) => {
      if (month && (month < AVAILABLE.from || month > AVAILABLE.to)) {
        throw responseError(
          400,
          'InputError',
          `month must be between ${AVAILABLE.from} and ${AVAILABLE.to}; got ${month}`,
        );
      }
      return {
        ...fleet,
        month: month ?? '2025-05',
        availableMonths: AVAILABLE,
      };
    }),
    getSpendExportUrl: jest.fn(
      async (from: string, to: string) =>
        `http://localhost:7007/api/tenants/spend/export.csv?from=${from}&to=${to}`,
    ),
    downloadSpendExport: jest.fn(),
    ...over,
  };
}

// The data grid renders slowly in jsdom on a busy machine.
jest.setTimeout(30_000);

describe('TenantsCostsPage', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      doNotFake: [
        'setTimeout',
        'setInterval',
        'setImmediate',
        'queueMicrotask',
        'nextTick',
        'clearTimeout',
        'clearInterval',
      ],
    });
    // The browser's clock is ahead of the backend's snapshot (a sandbox clock, say).
    jest.setSystemTime(new Date('2026-11-29T12:00:00Z'));
  });
  afterEach(() => jest.useRealTimers());

  it('shows the month totals, per-tenant spend and changes (docs/aws-behaviours/fleet.md#grouped-results-have-no-total)', async () => {
    const a = api();
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/?month=2025-04',
    });
    expect(await screen.findByTestId('fleet-tenants')).toHaveTextContent(
      '$19.75',
    );
    expect(screen.getByTestId('fleet-total')).toHaveTextContent('$21.25');
    expect(screen.getByTestId('fleet-shared')).toHaveTextContent('$1.00');
    expect(screen.getByTestId('fleet-unallocated')).toHaveTextContent('$0.50');
    expect(screen.getByTestId('fleet-change')).toHaveTextContent('+25.0%');
    expect(
      screen.getByText('Shared, tagged to tenants (platform accounts)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Unallocated (platform accounts, no tenant tag)'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('fleet-allocation-note')).toHaveTextContent(
      'Tenants is the spend of the tenant accounts; shared and unallocated are spend of the platform (non-tenant) accounts, shared when it carries a tenant tag, unallocated when it carries none.',
    );
    // A past month compares with the whole previous month.
    expect(screen.getByText('Change vs previous month')).toBeInTheDocument();
    expect(
      screen.getByText("Previous month $17.00 (the accounts' spend)"),
    ).toBeInTheDocument();
    expect(
      document.querySelector(
        '[role="columnheader"][data-field="previousAmount"]',
      ),
    ).toHaveTextContent('Previous month');
    expect(
      screen.getByText(
        'Cost metric: AmortizedCost (USD); usage + tax, credits and refunds apart',
      ),
    ).toBeInTheDocument();

    const acmeRow = screen
      .getByRole('link', { name: 'acme' })
      .closest('[role="row"]') as HTMLElement;
    expect(within(acmeRow).getByText('$12.50')).toBeInTheDocument();
    expect(within(acmeRow).getByText('+25.0%')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'acme' })).toHaveAttribute(
      'href',
      '/catalog/default/tenant/acme/spend',
    );
    const globexRow = screen
      .getByRole('link', { name: 'globex' })
      .closest('[role="row"]') as HTMLElement;
    expect(within(globexRow).getByText('$7.25')).toBeInTheDocument();
    expect(within(globexRow).getByText('new spend')).toBeInTheDocument();

    expect(screen.getByTestId('mover-globex')).toHaveTextContent(
      '+$7.25 (new spend)',
    );
    expect(screen.getByTestId('mover-acme')).toHaveTextContent(
      '+$2.50 (+25.0%)',
    );
    // the month with the table's first page: 25 rows, largest first
    expect(a.getFleetSpend).toHaveBeenCalledWith('2025-04', { limit: 25 });
  });

  it('pages, sorts and searches the tenant table on the server', async () => {
    const a = api();
    a.getFleetSpend.mockImplementation(
      async (month?: string, query?: { offset?: number; q?: string }) => ({
        ...fleet,
        // the second page has its own tenant, to tell it apart
        ...(query?.offset === 25
          ? { tenants: [{ ...fleet.tenants[0], tenantId: 'initech' }] }
          : {}),
        month: month ?? '2025-05',
        availableMonths: AVAILABLE,
        // a search finds the two tenants: one page
        totalCount: query?.q ? 2 : 60,
      }),
    );
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/?month=2025-04',
    });
    await screen.findByRole('link', { name: 'acme' });
    expect(screen.getByText('1–25 of 60')).toBeInTheDocument();
    const calls = (offset: number) =>
      a.getFleetSpend.mock.calls.filter(
        c =>
          (c as unknown[])[1] &&
          (c as { offset?: number }[])[1].offset === offset,
      );
    const page = (offset: number, more: object = {}) => [
      '2025-04',
      { limit: 25, offset, sort: 'amount', order: 'desc', ...more },
    ];
    // the next page is fetched ahead, once
    await waitFor(() => expect(calls(25)).toEqual([page(25)]));
    const ahead = a.getFleetSpend.mock.calls.findIndex(
      c => (c as { offset?: number }[])[1]?.offset === 25,
    );
    await act(async () => {
      await a.getFleetSpend.mock.results[ahead].value;
    });
    fireEvent.click(screen.getByLabelText('Go to next page'));
    // a page answered ahead shows in the render of the click: no loading state in between
    expect(screen.getByRole('link', { name: 'initech' })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('26–50 of 60')).toBeInTheDocument();
    // shown from what was fetched ahead; the page after it is fetched ahead in turn
    await waitFor(() => expect(calls(50)).toEqual([page(50)]));
    expect(calls(25)).toHaveLength(1);
    fireEvent.click(screen.getByText('Tenant'));
    await waitFor(() =>
      expect(a.getFleetSpend).toHaveBeenCalledWith(
        ...page(0, { sort: 'name', order: 'asc' }),
      ),
    );
    fireEvent.change(screen.getByTestId('costs-tenant-search'), {
      target: { value: ' glob ' },
    });
    await waitFor(() =>
      expect(a.getFleetSpend).toHaveBeenCalledWith(
        ...page(0, { sort: 'name', order: 'asc', q: 'glob' }),
      ),
    );
    expect(await screen.findByText('1–2 of 2')).toBeInTheDocument();
    // no page fetched ahead for a search of one page (before: its offset 25, from the total of
    // the query before it)
    expect(
      a.getFleetSpend.mock.calls.filter(
        c => (c as { q?: string; offset?: number }[])[1]?.q !== undefined,
      ),
    ).toEqual([page(0, { sort: 'name', order: 'asc', q: 'glob' })]);
  });

  it('shows the progress of a CSV download as its lines arrive', async () => {
    let finish: () => void = () => {};
    const a = api({
      downloadSpendExport: jest.fn(
        (
          _from: string,
          _to: string,
          onProgress: (rows: number, expected?: number) => void,
        ) =>
          new Promise<Blob>(resolve => {
            onProgress(120000, 2850013);
            finish = () => resolve(new Blob(['x']));
          }),
      ),
    });
    const createObjectURL = jest.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/?month=2025-04',
    });
    await screen.findByTestId('fleet-total');
    fireEvent.click(screen.getByText(/^Download CSV/));
    expect(await screen.findByTestId('csv-progress')).toHaveTextContent(
      'Downloading… 120,000 rows of at most 2,850,013',
    );
    expect(a.downloadSpendExport).toHaveBeenCalledWith(
      '2024-05',
      '2025-04',
      expect.any(Function),
    );
    finish();
    await waitFor(() =>
      expect(screen.queryByTestId('csv-progress')).toBeNull(),
    );
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it("labels the current month's comparison as the same days of the previous month", async () => {
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: api(),
      route: '/',
    });
    await screen.findByTestId('fleet-total');
    expect(
      await screen.findByText('Change vs same days of previous month'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Same days of previous month $17.00 (the accounts' spend)",
      ),
    ).toBeInTheDocument();
    expect(
      document.querySelector(
        '[role="columnheader"][data-field="previousAmount"]',
      ),
    ).toHaveTextContent('Same days of previous month');
    expect(
      screen.getByText('Largest change vs the same days of previous month'),
    ).toBeInTheDocument();
  });

  it('stacks spend by service over the chosen month and the five before it', async () => {
    const a = api();
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/?month=2025-04',
    });
    await screen.findByTestId('fleet-total');
    await waitFor(() => expect(a.getFleetSpend).toHaveBeenCalledTimes(6));
    expect(a.getFleetSpend.mock.calls.map(c => c[0]).sort()).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
    ]);
    await waitFor(() =>
      expect(
        document.querySelectorAll('.recharts-bar-rectangle path'),
      ).toHaveLength(18),
    );
    expect(
      screen.getByText('2024-11 to 2025-04, stacked; * = estimated'),
    ).toBeInTheDocument();
  });

  it('offers the CSV export of 13 months as a link to the backend, never before the oldest stored month', async () => {
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: api(),
      route: '/?month=2025-04',
    });
    // 13 months back would be 2024-04; the backend stores from 2024-05 and refuses earlier (400).
    const link = await screen.findByRole('link', {
      name: /Download CSV \(2024-05 to 2025-04/,
    });
    await waitFor(() =>
      expect(link).toHaveAttribute(
        'href',
        'http://localhost:7007/api/tenants/spend/export.csv?from=2024-05&to=2025-04',
      ),
    );
  });

  it("picks UTC months, never past the backend's current one", async () => {
    const a = api();
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/',
    });
    await screen.findByTestId('fleet-total');
    // Without a month in the URL the backend picks its current month.
    expect(a.getFleetSpend).toHaveBeenCalledWith(undefined, { limit: 25 });
    expect(screen.getByLabelText('Month (UTC)')).toHaveValue('2025-05');
    // getByLabelText, not getByRole: jsdom's CSS parser trips over the data grid's styles.
    expect(screen.getByLabelText('Next month')).toBeDisabled();
    fireEvent.click(screen.getByLabelText('Previous month'));
    await waitFor(() =>
      expect(a.getFleetSpend).toHaveBeenCalledWith('2025-04', { limit: 25 }),
    );
    expect(screen.getByLabelText('Month (UTC)')).toHaveValue('2025-04');
  });

  it('stops the month picker at the oldest month the backend answers', async () => {
    const a = api();
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/?month=2024-06',
    });
    await screen.findByTestId('fleet-total');
    expect(screen.getByLabelText('Month (UTC)')).toHaveValue('2024-06');
    expect(screen.getByLabelText('Month (UTC)')).toHaveAttribute(
      'min',
      '2024-05',
    );
    expect(screen.getByLabelText('Month (UTC)')).toHaveAttribute(
      'max',
      '2025-05',
    );
    expect(screen.getByLabelText('Previous month')).toBeEnabled();
    fireEvent.click(screen.getByLabelText('Previous month'));
    await waitFor(() =>
      expect(screen.getByLabelText('Month (UTC)')).toHaveValue('2024-05'),
    );
    expect(screen.getByLabelText('Previous month')).toBeDisabled();
    expect(screen.getByLabelText('Next month')).toBeEnabled();
    // A month typed before the oldest one is ignored.
    fireEvent.change(screen.getByLabelText('Month (UTC)'), {
      target: { value: '2024-04' },
    });
    expect(screen.getByLabelText('Month (UTC)')).toHaveValue('2024-05');
    await screen.findByTestId('fleet-total');
    expect(a.getFleetSpend.mock.calls.map(c => c[0]).sort()).toEqual([
      '2024-05',
      '2024-05',
      '2024-06',
    ]);
    await expect(
      Promise.all(a.getFleetSpend.mock.results.map(r => r.value)),
    ).resolves.toHaveLength(3);
  });

  it('stacks by service only the months the backend answers (no 400s)', async () => {
    const a = api();
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: a,
      route: '/?month=2024-07',
    });
    await screen.findByTestId('fleet-total');
    await waitFor(() =>
      expect(
        screen.getByText('2024-05 to 2024-07, stacked; * = estimated'),
      ).toBeInTheDocument(),
    );
    expect(a.getFleetSpend.mock.calls.map(c => c[0]).sort()).toEqual([
      '2024-05',
      '2024-06',
      '2024-07',
    ]);
    // Every request answered: none was refused by the backend.
    await expect(
      Promise.all(a.getFleetSpend.mock.results.map(r => r.value)),
    ).resolves.toHaveLength(3);
    await waitFor(() =>
      expect(
        document.querySelectorAll('.recharts-bar-rectangle path'),
      ).toHaveLength(9),
    );
  });

  it('the total is the total: 23.66 not attributed to an account is its own line; changes need a previous value; a new account has no billing data yet; a stale part is shown', async () => {
    const s6: FleetSpend = {
      ...fleet,
      month: '2026-11',
      total: '2888.11',
      tenantsTotal: '2564.45',
      shared: '200.00',
      unallocated: '100.00',
      notAttributed: '23.66',
      previousMonthTotal: '0.00',
      tenants: [
        {
          tenantId: 'acme',
          accountId: '111111111111',
          amount: '25.00',
          previousAmount: '0.00',
          changeRatio: null,
          change: { kind: 'new', delta: '25.00' },
          noDataReason: null,
        },
        {
          tenantId: 'idle',
          accountId: '222222222222',
          amount: '0.00',
          previousAmount: '0.00',
          changeRatio: null,
          change: { kind: 'none' },
          noDataReason: null,
        },
        {
          tenantId: 'fresh',
          accountId: '333333333333',
          amount: '0.00',
          previousAmount: '0.00',
          changeRatio: null,
          change: { kind: 'none' },
          noDataReason:
            'no billing data yet (account created 2026-12-04; new accounts appear within a day of first usage, sometimes up to 4)',
        },
      ],
      movers: [],
      stale: [
        {
          part: 'organizationTotal',
          feeds: 'the organization total',
          error: 'LimitExceededException: Rate exceeded',
          failedAt: '2026-12-05T10:00:00.000Z',
          lastSuccessAt: null,
        },
      ],
      availableMonths: { from: '2025-12', to: '2026-12' },
    };
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: api({ getFleetSpend: jest.fn().mockResolvedValue(s6) }),
      route: '/?month=2026-11',
    });
    expect(await screen.findByTestId('fleet-not-attributed')).toHaveTextContent(
      '$23.66',
    );
    expect(
      screen.getByText('Not attributed to an account'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('fleet-total')).toHaveTextContent('$2,888.11');
    expect(screen.getByTestId('fleet-change')).toHaveTextContent(
      'new spend +2,864.45',
    );
    const row = (name: string) =>
      screen.getByRole('link', { name }).closest('[role="row"]') as HTMLElement;
    expect(
      within(row('acme')).getByText('new spend +25.00'),
    ).toBeInTheDocument();
    expect(within(row('idle')).getByText('no change')).toBeInTheDocument();
    expect(
      within(row('fresh')).getByText('no billing data yet'),
    ).toHaveAttribute(
      'title',
      'no billing data yet (account created 2026-12-04; new accounts appear within a day of first usage, sometimes up to 4)',
    );
    expect(screen.getByTestId('spend-stale')).toHaveTextContent(
      'Stale: the organization total not refreshed since never UTC, last values shown. LimitExceededException: Rate exceeded',
    );
  });

  it('the oldest stored month: change unknown, never new spend', async () => {
    const oldest: FleetSpend = {
      ...fleet,
      month: '2025-12',
      previousMonthTotal: null,
      previousMonthKnown: false,
      tenants: [
        {
          tenantId: 'acme',
          accountId: '111111111111',
          amount: '115873.80',
          previousAmount: null,
          changeRatio: null,
          change: {
            kind: 'unknown',
            reason: '2025-11 is not stored: 2025-12 is the oldest stored month',
          },
        },
      ],
      movers: [],
      availableMonths: { from: '2025-12', to: '2026-12' },
    };
    await renderWithTenants(<TenantsCostsPage disableVirtualization />, {
      api: api({ getFleetSpend: jest.fn().mockResolvedValue(oldest) }),
      route: '/?month=2025-12',
    });
    expect(await screen.findByTestId('fleet-change')).toHaveTextContent(
      'unknown',
    );
    expect(screen.getByText('2025-11 is not stored')).toBeInTheDocument();
    const acme = screen
      .getByRole('link', { name: 'acme' })
      .closest('[role="row"]') as HTMLElement;
    expect(within(acme).getByText('$115,873.80')).toBeInTheDocument();
    expect(within(acme).getByText('unknown')).toBeInTheDocument();
    // The previous month's amount is no value, never $0.00.
    expect(within(acme).getByText('not stored')).toBeInTheDocument();
    expect(within(acme).queryByText('$0.00')).toBeNull();
    expect(screen.queryByText(/new spend/)).toBeNull();
  });

  it('tells finance when a month has no billing data yet', async () => {
    const empty = {
      ...fleet,
      total: '0.00',
      tenantsTotal: '0.00',
      shared: '0.00',
      unallocated: '0.00',
      tenants: [],
      movers: [],
      byService: [],
    };
    await renderWithTenants(<TenantsCostsPage />, {
      api: api({ getFleetSpend: jest.fn().mockResolvedValue(empty) }),
    });
    expect(
      await screen.findByText(/No billing data for 2025-04 yet/),
    ).toBeInTheDocument();
  });

  it('shows a permission message on 403 and the message of other errors', async () => {
    await renderWithTenants(<TenantsCostsPage />, {
      api: api({
        getFleetSpend: jest
          .fn()
          .mockRejectedValue(
            responseError(403, 'NotAllowedError', 'Unauthorized'),
          ),
      }),
    });
    expect(
      await screen.findByText("You don't have permission to see fleet spend"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the tenants.spend.read permission/),
    ).toBeInTheDocument();
    // no export link to a user the spend refused (support reaching the page by its URL)
    expect(screen.queryByText(/Download CSV/)).toBeNull();
  });

  it("asks for the finance section's data only once the fleet spend answered (they would queue ahead of it)", async () => {
    let answer: (v: FleetSpend) => void = () => {};
    const refused = () =>
      jest.fn().mockRejectedValue(responseError(403, 'NotAllowedError', 'no'));
    const a = api({
      getFleetSpend: jest.fn(
        () => new Promise<FleetSpend>(resolve => (answer = resolve)),
      ),
    });
    const finance = {
      listChargebackReports: refused(),
      listTenantBudgets: refused(),
      getFinanceFleet: refused(),
    };
    await renderWithTenants(<TenantsCostsPage />, {
      api: a,
      financeApi: finance,
    });
    await waitFor(() => expect(a.getFleetSpend).toHaveBeenCalledTimes(1));
    expect(finance.listChargebackReports).not.toHaveBeenCalled();
    expect(finance.listTenantBudgets).not.toHaveBeenCalled();
    expect(finance.getFinanceFleet).not.toHaveBeenCalled();
    await act(async () => answer({ ...fleet, availableMonths: AVAILABLE }));
    await waitFor(() =>
      expect(finance.listChargebackReports).toHaveBeenCalledTimes(1),
    );
    expect(finance.listTenantBudgets).toHaveBeenCalledTimes(1);
    expect(finance.getFinanceFleet).toHaveBeenCalledWith('2025-04');
  });

  it('shows the backend error message', async () => {
    await renderWithTenants(<TenantsCostsPage />, {
      api: api({
        getFleetSpend: jest
          .fn()
          .mockRejectedValue(
            responseError(400, 'InputError', 'month must be YYYY-MM'),
          ),
      }),
    });
    expect(
      await screen.findByText('month must be YYYY-MM (HTTP 400)'),
    ).toBeInTheDocument();
  });
});
