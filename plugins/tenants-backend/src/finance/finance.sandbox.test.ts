/*
 * The finance source end to end: the real refresh (inventory, spend, finance) against the AWS
 * sandbox, then the finance routes as platform, finance (fran) and support (sam).
 */
import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  BudgetsClient,
  CreateBudgetCommand,
  DescribeBudgetCommand,
} from '@aws-sdk/client-budgets';
import {
  CostExplorerClient,
  GetAnomaliesCommand,
} from '@aws-sdk/client-cost-explorer';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import request from 'supertest';
import {
  createTestApp,
  testAuditor,
  TEST_USERS,
} from '../__testUtils__/testApp';
import { createSandboxRefresh } from '../__testUtils__/sourcesSandboxHarness';
import {
  amountToCents,
  formatUsd,
  fromCents,
  parseAmount,
} from '../spend/money';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';

jest.setTimeout(300_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const KEYS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('finance source (sandbox)', () => {
  let sandbox: RunningSandbox;
  let app: Parameters<typeof request>[0];
  const events: Array<{ eventId: string; outcome: string; meta?: unknown }> =
    [];
  let inventoried = 0;
  /** The finance routes' clock (the refresh's too); the regenerate test moves it. */
  let clock = NOW;
  let costExplorerCalls: () => number = () => 0;
  let runErrors: unknown[] = [];
  let refreshAgain: () => Promise<Record<string, number>>;
  let firstCalls: Record<string, number> = {};
  let forecastTenant: {
    tenantId: string;
    actual: string;
    forecast: string;
    limit: string;
  };

  beforeAll(async () => {
    fakeDateOnly(NOW, { advance: true });
    sandbox = await startSandbox({ port: 0, seed: 3, tenants: 8, clock: NOW });
    const cfg = {
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
      maxAttempts: 1,
    };
    // A vend-time budget between the tenant's month to date and its forecast.
    const tenant = sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE')!;
    const budgets = new BudgetsClient(cfg);
    const budget = (name: string, amount: string) =>
      budgets.send(
        new CreateBudgetCommand({
          AccountId: '000000000000',
          Budget: {
            BudgetName: name,
            BudgetLimit: { Amount: amount, Unit: 'USD' },
            TimeUnit: 'MONTHLY',
            BudgetType: 'COST',
            FilterExpression: {
              Dimensions: { Key: 'LINKED_ACCOUNT', Values: [tenant.id] },
            },
          },
          NotificationsWithSubscribers: [],
        }),
      );
    await budget('probe', '1000000');
    const probe = await budgets.send(
      new DescribeBudgetCommand({
        AccountId: '000000000000',
        BudgetName: 'probe',
      }),
    );
    const actual = parseAmount(
      probe.Budget!.CalculatedSpend!.ActualSpend!.Amount,
    );
    const forecast = parseAmount(
      probe.Budget!.CalculatedSpend!.ForecastedSpend!.Amount,
    );
    const limit = formatUsd(
      fromCents((amountToCents(actual) + amountToCents(forecast)) / 2n),
    );
    await budget(`tenant-${tenant.tags.tenant}`, limit);
    forecastTenant = {
      tenantId: tenant.tags.tenant,
      actual: formatUsd(actual),
      forecast: formatUsd(forecast),
      limit,
    };

    const knex = await databases.init('SQLITE_3');
    const h = await createSandboxRefresh(sandbox.endpoint, knex, {
      sources: ['spend', 'finance'],
      now: () => clock,
    });
    costExplorerCalls = () =>
      h.meter.snapshot()['CostExplorer.GetCostAndUsage'] ?? 0;
    const run = await h.refresher.run({ id: 'run-1', trigger: 'manual' });
    inventoried = (await h.store.listAllTenants()).length;
    runErrors = run.errors ?? [];
    firstCalls = run.awsCalls ?? {};
    refreshAgain = async () =>
      (await h.refresher.run({ id: 'run-2', trigger: 'manual' })).awsCalls ??
      {};
    app = await createTestApp(
      h.store,
      { requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }) },
      [h.router],
      { auditor: testAuditor(events) },
    );
  });
  afterAll(async () => {
    await sandbox?.stop();
    jest.useRealTimers();
  });

  const get = (path: string, user: string = TEST_USERS.finance) =>
    request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header(user) });

  it('refreshes without an error', () => {
    expect(runErrors).toEqual([]);
  });

  it("stores the closed months' reports; their rows add up to the costs page's total", async () => {
    const reports = await get('/finance/reports');
    expect(reports.status).toBe(200);
    expect(reports.body.items.map((r: { month: string }) => r.month)).toEqual([
      '2026-02',
      '2026-01',
    ]);
    const fleet = await get('/spend/fleet?month=2026-02');
    expect(reports.body.items[0].total).toBe(fleet.body.total);

    const csv = await get('/finance/reports/2026-02.csv');
    expect(csv.status).toBe(200);
    // not gzipped by the backend's compression middleware (docs/memory.md)
    expect(csv.headers['cache-control']).toBe('no-transform');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe(
      'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,SubAccountId,SubAccountName,ChargeCategory,ChargeDescription,Tags',
    );
    // Every account is named: tenants by the inventory, the others (management, shared) by Cost
    // Explorer's DimensionValueAttributes — as Organizations names them, never by their id.
    const cellsOf = (row: string) =>
      row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map(c => c.replace(/,$/, ''));
    const names = new Map<string, string>();
    for (const row of rows) {
      const [id, name] = cellsOf(row).slice(8, 10);
      names.set(id, name);
    }
    const central = [...names.keys()].filter(
      id => !sandbox.state.org.tenantAccounts().some(a => a.id === id),
    );
    expect(central.length).toBeGreaterThan(0);
    for (const [id, name] of names)
      expect([id, name]).toEqual([id, sandbox.state.org.account(id)!.name]);
    // EffectiveCost carries the page's metric (AmortizedCost); Credit and Adjustment are not in it
    let cents = 0n;
    for (const row of rows) {
      const cells = cellsOf(row);
      if (cells[10] === 'Credit' || cells[10] === 'Adjustment') continue;
      cents += amountToCents(parseAmount(cells[5]));
    }
    expect(formatUsd(fromCents(cents))).toBe(fleet.body.total);
    // the streamed spend export of the month adds up to the same total, to the cent
    const exported = await get('/spend/export.csv?from=2026-02&to=2026-02');
    expect(exported.status).toBe(200);
    const lines = exported.text.trim().split('\r\n').slice(1);
    expect(Number(exported.headers['x-expected-rows'])).toBeGreaterThanOrEqual(
      lines.length,
    );
    const exportedCents = lines
      .map(l => l.match(/,(-?\d+\.\d{2}),[A-Za-z]+$/)![1])
      .reduce((sum, amount) => sum + amountToCents(parseAmount(amount)), 0n);
    expect(formatUsd(fromCents(exportedCents))).toBe(fleet.body.total);
    expect(events.filter(e => e.eventId === 'finance-report-download')).toEqual(
      [
        {
          eventId: 'finance-report-download',
          outcome: 'success',
          meta: {
            actor: TEST_USERS.finance,
            month: '2026-02',
            part: 'rows',
            lines: rows.length,
          },
        },
      ],
    );
  });

  it('shows the tenant over its forecast budget, and filters the fleet by it', async () => {
    const res = await get(`/tenants/${forecastTenant.tenantId}/finance`);
    expect(res.status).toBe(200);
    expect(res.body.budget).toMatchObject({
      name: `tenant-${forecastTenant.tenantId}`,
      amount: forecastTenant.limit,
      actual: forecastTenant.actual,
      forecast: forecastTenant.forecast,
      state: 'forecast-over',
    });
    const over = await get('/finance/budgets?state=forecast-over');
    expect(
      over.body.items.map((b: { tenantId: string }) => b.tenantId),
    ).toEqual([forecastTenant.tenantId]);
    expect((await get('/finance/budgets?state=over')).body.items).toEqual([]);
    expect((await get('/finance/budgets?state=under')).status).toBe(400);
    // the overview's filter, on the server: the refresh wrote each tenant's budget state
    const overview = await get('/tenants?budget=forecast-over');
    expect(overview.status).toBe(200);
    expect(
      overview.body.items.map((t: { tenantId: string }) => t.tenantId),
    ).toEqual([forecastTenant.tenantId]);
    expect((await get('/tenants?budget=over')).body.totalCount).toBe(0);
  });

  it("attributes the payer's anomalies to the tenant of their linked account", async () => {
    const ce = new CostExplorerClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: KEYS,
    });
    const all = await ce.send(
      new GetAnomaliesCommand({
        DateInterval: { StartDate: '2025-12-16', EndDate: '2026-03-15' },
        MaxResults: 1000,
      }),
    );
    const tenants = sandbox.state.org.tenantAccounts();
    const a = all.Anomalies!.find(x =>
      tenants.some(t => t.id === x.RootCauses![0].LinkedAccount),
    )!;
    const tenant = tenants.find(t => t.id === a.RootCauses![0].LinkedAccount)!;
    const expected = all
      .Anomalies!.filter(x => x.RootCauses![0].LinkedAccount === tenant.id)
      .map(x => x.AnomalyId)
      .sort();
    const res = await get(`/tenants/${tenant.tags.tenant}/finance`);
    expect(res.body.anomalies.status).toBe('ok');
    expect(
      res.body.anomalies.items
        .map((x: { anomalyId: string }) => x.anomalyId)
        .sort(),
    ).toEqual(expected);
    const mine = res.body.anomalies.items.find(
      (x: { anomalyId: string }) => x.anomalyId === a.AnomalyId,
    );
    expect([mine.tenantId, mine.accountId, mine.impact]).toEqual([
      tenant.tags.tenant,
      tenant.id,
      formatUsd(parseAmount(String(a.Impact!.TotalImpact))),
    ]);
  });

  it('serves the footprint and unit cost of the fleet', async () => {
    const res = await get('/finance/fleet?month=2026-02');
    expect(res.status).toBe(200);
    expect(res.body.availableMonths).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(res.body.footprint.length).toBeGreaterThan(0);
    expect(
      res.body.unitCost.tenantsWithData + res.body.unitCost.tenantsWithoutData,
    ).toBe(inventoried);
    expect(inventoried).toBe(7);
    expect((await get('/finance/fleet?month=2025-01')).status).toBe(400);
  });

  it('regenerates a closed month only on request, and refuses an open one', async () => {
    const post = (path: string, user: string = TEST_USERS.finance) =>
      request(app)
        .post(path)
        .set({ Authorization: mockCredentials.user.header(user) });
    const before = (await get('/finance/reports')).body.items[0];
    // Within tenancy.finance.regenerateIntervalSeconds (default 300) of its generation: refused,
    // before any Cost Explorer call (each regeneration pays for its pages).
    const after = (seconds: number) =>
      new Date(Date.parse(before.generatedAt) + seconds * 1000).toISOString();
    const calls0 = costExplorerCalls();
    const soon = await post('/finance/reports/2026-02/regenerate');
    expect([soon.status, soon.body.error.message]).toEqual([
      409,
      `The 2026-02 report was generated at ${
        before.generatedAt
      }; it can be regenerated from ${after(
        300,
      )} (tenancy.finance.regenerateIntervalSeconds: 300): each regeneration reads Cost Explorer again, at USD 0.01 a page`,
    ]);
    expect(costExplorerCalls()).toBe(calls0);
    let res: request.Response;
    let once: number;
    try {
      clock = new Date(after(300));
      res = await post('/finance/reports/2026-02/regenerate');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...before, generatedAt: clock.toISOString() });
      once = costExplorerCalls() - calls0;
      expect(once).toBeGreaterThan(0);
      // Three requests at once (another 300 s on) share one generation: its calls, once.
      clock = new Date(after(600));
      const together = await Promise.all(
        [1, 2, 3].map(() => post('/finance/reports/2026-02/regenerate')),
      );
      expect(together.map(r => [r.status, r.body.generatedAt])).toEqual(
        [1, 2, 3].map(() => [200, clock.toISOString()]),
      );
      expect(costExplorerCalls() - calls0).toBe(2 * once);
    } finally {
      clock = NOW;
    }
    const open = await post('/finance/reports/2026-03/regenerate');
    expect([open.status, open.body.error.message]).toEqual([
      400,
      '2026-03 is not closed yet: reports are for closed months',
    ]);
    const bad = await post('/finance/reports/2026-13/regenerate');
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      'Invalid path: month must be a month YYYY-MM',
    ]);
    expect(
      (await post('/finance/reports/2026-02/regenerate', TEST_USERS.support))
        .status,
    ).toBe(403);
    expect(
      events
        .filter(e => e.eventId === 'finance-report-generate')
        .map(e => [e.outcome, (e.meta as { month: string }).month]),
    ).toEqual([
      ['fail', '2026-02'],
      ['success', '2026-02'],
      ['success', '2026-02'],
      ['success', '2026-02'],
      ['success', '2026-02'],
      ['fail', '2026-03'],
      ['fail', '2026-02'],
    ]);
    // Before Cost Explorer's 13 months, and with a body: refused before any call.
    const calls = costExplorerCalls();
    const old = await post('/finance/reports/2025-02/regenerate');
    expect([old.status, old.body.error.message]).toEqual([
      400,
      '2025-02 is before 2025-03: Cost Explorer answers the 13 months from 2025-03, so no report can be made of it',
    ]);
    const body = await post('/finance/reports/2026-02/regenerate').send({
      force: true,
    });
    expect([body.status, body.body.error.message]).toEqual([
      400,
      'Invalid body: POST /finance/reports/{month}/regenerate takes no body',
    ]);
    expect(costExplorerCalls()).toBe(calls);
  });

  it("reads closed months' request sums once", async () => {
    const second = await refreshAgain();
    const finance = (calls: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(calls).filter(([k]) =>
          /GetMetricData|GetAnomal|Budgets\./.test(k),
        ),
      );
    // 7 tenants × 2 metrics: one GetMetricData call a month; January and February are kept.
    expect(finance(firstCalls)['CloudWatch.GetMetricData']).toBe(3);
    expect(finance(second)).toEqual({
      'Budgets.DescribeBudgets': 1,
      'Budgets.DescribeNotificationsForBudget': 1,
      'CloudWatch.GetMetricData': 1,
      'CostExplorer.GetAnomalies': 1,
      'CostExplorer.GetAnomalyMonitors': 1,
    });
  });

  it('refuses support (sam) every finance route', async () => {
    for (const path of [
      '/finance/reports',
      '/finance/reports/2026-02.csv',
      '/finance/fleet',
      '/finance/budgets',
      `/tenants/${forecastTenant.tenantId}/finance`,
    ]) {
      expect([path, (await get(path, TEST_USERS.support)).status]).toEqual([
        path,
        403,
      ]);
    }
    expect(
      events
        .filter(
          e => e.outcome === 'fail' && e.eventId === 'finance-report-download',
        )
        .map(e => (e.meta as { actor: string }).actor),
    ).toEqual([TEST_USERS.support]);
  });
});
