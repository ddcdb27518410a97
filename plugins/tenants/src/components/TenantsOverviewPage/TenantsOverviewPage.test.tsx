import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import type {
  RefreshRun,
  TenantListResponse,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { TenantsApi, tenantsApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { TenantsOverviewPage } from './TenantsOverviewPage';
import { useLocation, useNavigate } from 'react-router-dom';

/**
 * Shows the current query string, to assert that the view is written to the URL, and moves
 * to another one the way back/forward or a shared link would.
 */
function LocationProbe() {
  const navigate = useNavigate();
  return (
    <>
      <div data-testid="location">{useLocation().search}</div>
      <button onClick={() => navigate('/tenants?sort=name&order=asc')}>
        go to a shared link
      </button>
    </>
  );
}

const NOW = Date.parse('2025-05-20T12:00:00Z');

function tenant(over: Partial<TenantSummary>): TenantSummary {
  return {
    tenantId: 'acme',
    accountId: '111111111111',
    accountName: 'tenant-acme',
    email: 'aws+acme@x.io',
    ouId: 'ou-ab12-tenants1',
    ouPath: '/Tenants/premium',
    state: 'ACTIVE',
    tier: 'premium',
    owner: 'group:default/team-acme',
    regions: ['us-east-1'],
    tags: {},
    joinedAt: '2025-01-01T00:00:00Z',
    healthStatus: 'degraded',
    complianceScore: {
      compliant: 1,
      evaluated: 1,
      noData: 1,
      evaluationFailing: 1,
      total: 3,
    },
    spendMonthToDate: '126.00',
    spendChangeRatio: 0.25,
    release: { version: '2.0.0', status: 'behind' },
    ...over,
  };
}

const run: RefreshRun = {
  id: 'run-1',
  startedAt: '2025-05-20T11:47:00Z',
  finishedAt: '2025-05-20T11:48:00Z',
  status: 'succeeded',
  awsCalls: {},
  errors: [
    {
      tenantId: 'globex',
      collector: 'health',
      message: 'GetMetricData throttled',
    },
  ],
  tenantCount: 2,
  durationSeconds: 60,
};

function makeApi(list: Partial<TenantsApi['listTenants']> | jest.Mock) {
  return {
    listTenants: list,
    listRefreshRuns: jest.fn().mockResolvedValue({ items: [run] }),
    listSourceFreshness: jest.fn().mockResolvedValue({ items: [] }),
    startRefresh: jest.fn().mockResolvedValue({ runId: 'run-2' }),
  } as unknown as TenantsApi;
}

const EVERY_COLUMN = {
  spend: true,
  health: true,
  compliance: true,
  release: true,
};
const NO_COLUMN = {
  spend: false,
  health: false,
  compliance: false,
  release: false,
};

const page = (
  items: TenantSummary[],
  totalCount = items.length,
  columns: Pick<TenantListResponse, 'columns' | 'conditionalColumns'> = {
    columns: EVERY_COLUMN,
    conditionalColumns: NO_COLUMN,
  },
): TenantListResponse => ({
  items,
  totalCount,
  limit: 50,
  offset: 0,
  ...columns,
});

/** The grid's column headers, left to right (a role query trips jsdom's grid styles). */
const headers = () =>
  Array.from(document.querySelectorAll('[role="columnheader"]')).map(
    h => h.textContent,
  );
const ALL_HEADERS = [
  'Tenant',
  'Owner',
  'Tier',
  'State',
  'Health',
  'Release',
  'Compliance',
  'Spend MTD (USD)',
  'Change',
];

/** A 403 as the client rejects with it. */
const forbidden = (message: string) =>
  Object.assign(new Error(`Request failed with 403, ${message}`), {
    name: 'ResponseError',
    statusCode: 403,
    body: { error: { name: 'NotAllowedError', message } },
  });

async function render(api: TenantsApi, route = '/tenants') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [tenantsApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <TenantsOverviewPage disableVirtualization />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: {
        '/tenants': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

// The data grid renders slowly in jsdom on a busy machine.
jest.setTimeout(30_000);

describe('TenantsOverviewPage', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows each tenant with its values and a link to its entity page', async () => {
    const list = jest.fn().mockResolvedValue(
      page(
        [
          tenant({}),
          tenant({
            tenantId: 'globex',
            healthStatus: 'healthy',
            complianceScore: null,
            spendMonthToDate: '7.25',
            spendChangeRatio: null,
            owner: null,
            tier: null,
          }),
        ],
        2,
      ),
    );
    await render(makeApi(list));

    const link = await screen.findByRole('link', { name: 'acme' });
    expect(link).toHaveAttribute('href', '/catalog/default/tenant/acme');
    const acmeRow = link.closest('[role="row"]') as HTMLElement;
    expect(within(acmeRow).getByText('team-acme')).toBeInTheDocument();
    expect(within(acmeRow).getByText('premium')).toBeInTheDocument();
    expect(within(acmeRow).getByText('ACTIVE')).toBeInTheDocument();
    expect(within(acmeRow).getByText('Degraded')).toBeInTheDocument();
    // A compact cell with a chip per caveat; the full sentence is its tooltip.
    expect(within(acmeRow).getByText('1/1 compliant')).toBeInTheDocument();
    expect(within(acmeRow).getByText('1 no data')).toBeInTheDocument();
    expect(within(acmeRow).getByText('1 failing')).toBeInTheDocument();
    expect(
      within(acmeRow).getByLabelText(
        'Compliant: 1 of 1 evaluated \u00b7 1 no data \u00b7 1 failing',
      ),
    ).toBeInTheDocument();
    expect(within(acmeRow).getByText('$126.00')).toBeInTheDocument();
    expect(within(acmeRow).getByText('+25.0%')).toBeInTheDocument();

    const globexRow = screen
      .getByRole('link', { name: 'globex' })
      .closest('[role="row"]') as HTMLElement;
    expect(within(globexRow).getByText('new spend')).toBeInTheDocument();
    expect(within(globexRow).getByText('$7.25')).toBeInTheDocument();
    expect(
      within(globexRow).getByText('not collected yet'),
    ).toBeInTheDocument();
    expect(screen.getByText('2 tenants')).toBeInTheDocument();

    expect(screen.getByTestId('data-freshness')).toHaveTextContent(
      'Refreshed 12 min ago',
    );
    expect(
      screen.getByText(/The last refresh had 1 error/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('globex (health): GetMetricData throttled'),
    ).toBeInTheDocument();
    expect(list).toHaveBeenCalledWith(
      expect.objectContaining({ limit: 50, offset: 0 }),
    );
  });

  it('reads filters, search and sort from the URL and sends them to the server', async () => {
    const list = jest.fn().mockResolvedValue(page([tenant({})]));
    await render(
      makeApi(list),
      '/tenants?health=critical&health=degraded&release=failed&q=ac&sort=spend&order=desc&page=1&pageSize=25',
    );
    await screen.findByRole('link', { name: 'acme' });
    expect(list).toHaveBeenCalledWith({
      limit: 25,
      offset: 25,
      sort: 'spend',
      order: 'desc',
      state: [],
      tier: [],
      owner: [],
      health: ['critical', 'degraded'],
      release: ['failed'],
      q: 'ac',
    });
    expect(screen.getByLabelText('Search tenants')).toHaveValue('ac');
    expect(screen.getByText('critical')).toBeInTheDocument();
    expect(screen.getByText('failed')).toBeInTheDocument();
    // The Release column: the version and its status.
    expect(screen.getByText('2.0.0 · behind')).toBeInTheDocument();
  });

  it('filters by budget on the server: over budget, then forecast over, in the URL', async () => {
    const list = jest.fn().mockResolvedValue(page([tenant({})]));
    await render(makeApi(list), '/tenants?budget=forecast-over');
    await screen.findByRole('link', { name: 'acme' });
    expect(list).toHaveBeenLastCalledWith(
      expect.objectContaining({ budget: 'forecast-over', offset: 0 }),
    );
    // (the grid's styles trip jsdom's role queries: the select is found by its test id)
    const choose = async (label: string) => {
      fireEvent.mouseDown(screen.getByTestId('budget-filter'));
      fireEvent.click(
        within(await screen.findByRole('listbox')).getByText(label),
      );
    };
    expect(screen.getByTestId('budget-filter')).toHaveTextContent(
      'Forecast over budget',
    );
    await choose('Over budget');
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ budget: 'over', offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?budget=over'),
    );
    await choose('Any');
    await waitFor(() =>
      expect(list.mock.lastCall[0]).not.toHaveProperty('budget'),
    );
  });

  it('sorts on the server when a column header is clicked', async () => {
    const list = jest.fn().mockResolvedValue(page([tenant({})]));
    await render(makeApi(list));
    await screen.findByRole('link', { name: 'acme' });
    fireEvent.click(screen.getByText('Spend MTD (USD)'));
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'spend', order: 'desc', offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?sort=spend&order=desc',
      ),
    );
  });

  it('asks the server once per sort change, and keeps the current rows until the answer', async () => {
    let answer: (value: TenantListResponse) => void = () => {};
    const list = jest
      .fn()
      .mockResolvedValueOnce(page([tenant({})]))
      .mockImplementationOnce(
        () => new Promise<TenantListResponse>(r => (answer = r)),
      );
    await render(makeApi(list));
    await screen.findByRole('link', { name: 'acme' });
    fireEvent.click(screen.getByText('Spend MTD (USD)'));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?sort=spend&order=desc',
      ),
    );
    // Still the previous page, without a loading overlay in front of it.
    expect(screen.getByRole('link', { name: 'acme' })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
    answer(page([tenant({ tenantId: 'globex' })]));
    expect(
      await screen.findByRole('link', { name: 'globex' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'acme' })).toBeNull();
    expect(list).toHaveBeenCalledTimes(2);
    expect(list.mock.calls[1][0]).toEqual(
      expect.objectContaining({ sort: 'spend', order: 'desc', offset: 0 }),
    );
  });

  it('follows the URL when it changes outside the grid (back/forward, a shared link)', async () => {
    const list = jest
      .fn()
      .mockResolvedValueOnce(page([tenant({})]))
      .mockResolvedValueOnce(page([tenant({ tenantId: 'globex' })]));
    await render(makeApi(list), '/tenants?sort=spend&order=desc');
    await screen.findByRole('link', { name: 'acme' });
    const header = (name: string) =>
      screen.getByText(name).closest('[role="columnheader"]');
    expect(header('Spend MTD (USD)')).toHaveAttribute(
      'aria-sort',
      'descending',
    );

    fireEvent.click(screen.getByText('go to a shared link'));
    expect(
      await screen.findByRole('link', { name: 'globex' }),
    ).toBeInTheDocument();
    expect(list).toHaveBeenCalledTimes(2);
    expect(list.mock.calls[1][0]).toEqual(
      expect.objectContaining({ sort: 'name', order: 'asc' }),
    );
    expect(header('Tenant')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Spend MTD (USD)')).toHaveAttribute('aria-sort', 'none');
  });

  it('searches on the server after typing', async () => {
    const list = jest.fn().mockResolvedValue(page([tenant({})]));
    await render(makeApi(list));
    await screen.findByRole('link', { name: 'acme' });
    await userEvent.type(screen.getByLabelText('Search tenants'), 'glo');
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'glo' }),
      ),
    );
  });

  it('says which regions were read, so that nothing in another region is taken as included', async () => {
    await render(
      makeApi(
        jest.fn().mockResolvedValue({
          ...page([tenant({})]),
          regionsRead: ['us-east-1', 'eu-central-1'],
        }),
      ),
    );
    expect(await screen.findByTestId('regions-read')).toHaveTextContent(
      'Regions read: us-east-1, eu-central-1. Alarms, metrics, GuardDuty findings, Config results and StackSet instances in any other region are not included.',
    );
  });

  it('says when no tenant matches', async () => {
    await render(makeApi(jest.fn().mockResolvedValue(page([]))));
    expect(
      await screen.findByText('No tenants match these filters'),
    ).toBeInTheDocument();
  });

  it('shows the backend error message', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'InputError', message: 'limit must be at most 100' },
        request: { method: 'GET', url: '/api/tenants/tenants' },
        response: { statusCode: 400 },
      }),
      {
        status: 400,
        statusText: 'Bad Request',
        headers: { 'content-type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response as any);
    await render(makeApi(jest.fn().mockRejectedValue(error)));
    expect(
      await screen.findByText('Could not load the tenants'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not load the tenants').closest('[role="alert"]'),
    ).toHaveTextContent('limit must be at most 100 (HTTP 400)');
  });

  /** One row as a user with `columns` (nothing conditional) gets it, rendered. */
  async function renderWithColumns(
    row: Parameters<typeof tenant>[0],
    columns: typeof NO_COLUMN,
  ) {
    const list = jest
      .fn()
      .mockResolvedValue(
        page([tenant(row)], 1, { columns, conditionalColumns: NO_COLUMN }),
      );
    await render(makeApi(list));
    await screen.findByRole('link', { name: 'acme' });
  }

  it('leaves out Spend MTD and Change when the user may not read spend (support)', async () => {
    await renderWithColumns(
      { spendMonthToDate: null, spendChangeRatio: null },
      { spend: false, health: true, compliance: true, release: true },
    );
    await waitFor(() =>
      expect(headers()).toEqual([
        'Tenant',
        'Owner',
        'Tier',
        'State',
        'Health',
        'Release',
        'Compliance',
      ]),
    );
    expect(screen.queryByText('Spend MTD (USD)')).toBeNull();
    expect(screen.queryByText('no data')).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Health' })).toBeVisible();
    // where a budget stands compares spend: no budget filter without spend
    expect(screen.queryByTestId('budget-filter')).toBeNull();
    expect(screen.queryByText('Costs for finance')).toBeNull();
  });

  it('leaves out Health, Compliance and the health filter for finance', async () => {
    await renderWithColumns(
      { healthStatus: null, complianceScore: null },
      { spend: true, health: false, compliance: false, release: false },
    );
    await waitFor(() =>
      expect(headers()).toEqual([
        'Tenant',
        'Owner',
        'Tier',
        'State',
        'Spend MTD (USD)',
        'Change',
      ]),
    );
    expect(screen.queryByRole('combobox', { name: 'Health' })).toBeNull();
    expect(screen.getByRole('combobox', { name: 'State' })).toBeVisible();
    expect(screen.getByText('Costs for finance')).toBeInTheDocument();
  });

  it('shows an owner group its columns but sorts only by the others', async () => {
    const list = jest.fn().mockResolvedValue(
      page([tenant({})], 1, {
        columns: NO_COLUMN,
        conditionalColumns: EVERY_COLUMN,
      }),
    );
    await render(makeApi(list));
    await screen.findByRole('link', { name: 'acme' });
    expect(headers()).toEqual(ALL_HEADERS);
    expect(screen.getByText('$126.00')).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Health' })).toBeNull();
    const header = (name: string) =>
      screen.getByText(name).closest('[role="columnheader"]');
    await waitFor(() =>
      expect(header('Spend MTD (USD)')).not.toHaveClass(
        'MuiDataGrid-columnHeader--sortable',
      ),
    );
    expect(header('Health')).not.toHaveClass(
      'MuiDataGrid-columnHeader--sortable',
    );
    expect(header('Tenant')).toHaveClass('MuiDataGrid-columnHeader--sortable');
    fireEvent.click(screen.getByText('Spend MTD (USD)'));
    fireEvent.click(screen.getByText('Health'));
    fireEvent.click(screen.getByText('Tenant'));
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(list.mock.calls[1][0]).toEqual(
      expect.objectContaining({ sort: 'name', order: 'desc' }),
    );
  });

  it('drops a sort the server refuses (a shared link), keeps the other filters and shows the tenants', async () => {
    const list = jest
      .fn()
      .mockRejectedValueOnce(
        forbidden(
          'Sorting tenants by spend needs tenants.spend.read for every tenant',
        ),
      )
      .mockResolvedValueOnce(
        page([tenant({ spendMonthToDate: null, spendChangeRatio: null })], 1, {
          columns: {
            spend: false,
            health: true,
            compliance: true,
            release: true,
          },
          conditionalColumns: NO_COLUMN,
        }),
      );
    await render(makeApi(list), '/tenants?sort=spend&order=desc&state=ACTIVE');
    expect(
      await screen.findByRole('link', { name: 'acme' }),
    ).toBeInTheDocument();
    expect(list).toHaveBeenCalledTimes(2);
    expect(list.mock.calls.map(c => [c[0].sort, c[0].state])).toEqual([
      ['spend', ['ACTIVE']],
      [undefined, ['ACTIVE']],
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?state=ACTIVE'),
    );
    expect(screen.getByTestId('location').textContent).toBe('?state=ACTIVE');
    expect(screen.queryByText(/permission to see tenants/)).toBeNull();
  });

  it('shows a permission message on 403', async () => {
    await render(
      makeApi(jest.fn().mockRejectedValue(forbidden('Unauthorized'))),
    );
    expect(
      await screen.findByText("You don't have permission to see tenants"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the tenants.tenant.read permission/),
    ).toBeInTheDocument();
  });
});
