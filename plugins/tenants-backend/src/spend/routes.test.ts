import {
  TestDatabases,
  mockCredentials,
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { storeTestDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';
import {
  TEST_USERS,
  createTestApp,
  testAuditor,
} from '../__testUtils__/testApp';
import { parseAmount } from './money';
import type { SpendFact } from './spendModel';
import { SpendStore } from './SpendStore';
import { createSpendRouter } from './routes';
import { FleetViewStore } from './FleetViewStore';
import { readSpendSettings } from './settings';
import { HealthStore } from '../health/HealthStore';
import { createHealthRouter } from '../health/routes';
import { ComplianceStore } from '../compliance/ComplianceStore';
import { createComplianceRouter } from '../compliance/routes';
import type { TenantHealth } from '@tenancy/plugin-tenants-common';
import { compactSeries } from '../health/metricPlan';

const compactHealth = (h: TenantHealth) => ({
  ...h,
  series24h: h.series24h.map(compactSeries),
  series7d: h.series7d.map(compactSeries),
});

jest.setTimeout(30_000);

const databaseIds = storeTestDatabaseIds();
const databases = TestDatabases.create({ ids: databaseIds });
const acct = (n: number) => String(100000000000 + n);
const SHARED = '999999999999';

function fact(
  accountId: string,
  periodStart: string,
  dimension: SpendFact['dimension'],
  key: string,
  amount: string,
): SpendFact {
  return {
    accountId,
    periodStart,
    dimension,
    key,
    amount: parseAmount(amount),
    estimated: false,
    granularity: dimension === 'TOTAL' ? 'DAILY' : 'MONTHLY',
  };
}

async function setup(databaseId: TestDatabaseId) {
  const events: Array<{ eventId: string; outcome: string; meta?: unknown }> =
    [];
  const knex = await databases.init(databaseId);
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  await store.replaceInventory([1, 2, 3, 4, 5].map(n => makeTenant(n)));
  const insights = new SpendStore(knex);
  const health = new HealthStore(knex);
  const compliance = new ComplianceStore(knex);
  const settings = readSpendSettings(new ConfigReader({}));
  const facts = [
    fact(acct(1), '2026-03-01', 'RECORD_TYPE', 'Usage', '120.00'),
    fact(acct(1), '2026-03-01', 'RECORD_TYPE', 'Tax', '6.00'),
    fact(acct(1), '2026-03-01', 'RECORD_TYPE', 'Credit', '-126.00'),
    fact(acct(1), '2026-03-01', 'RECORD_TYPE', 'Refund', '-10.00'),
    fact(acct(1), '2026-03-01', 'SERVICE', 'AWS Lambda', '100.00'),
    fact(acct(1), '2026-03-01', 'SERVICE', 'Tax', '6.00'),
    fact(acct(1), '2026-03-01', 'SERVICE', 'Amazon S3, "Standard"', '20.00'),
    fact(acct(2), '2026-02-01', 'RECORD_TYPE', 'Usage', '10.00'),
    fact(acct(2), '2026-03-01', 'RECORD_TYPE', 'Usage', '30.00'),
    fact(SHARED, '2026-03-01', 'RECORD_TYPE', 'Usage', '50.00'),
    fact(SHARED, '2026-03-01', 'TAG', 'platform', '40.00'),
    fact(SHARED, '2026-03-01', 'TAG', '', '10.00'),
  ];
  await insights.replaceSpend(
    'AmortizedCost',
    [
      {
        dimension: 'RECORD_TYPE',
        granularity: 'MONTHLY',
        range: { start: '2025-03-01', end: '2026-03-16' },
        facts,
      },
    ],
    [],
    new Date('2026-03-15T12:00:00Z'),
  );
  await insights.recordCollection({
    metric: 'AmortizedCost',
    collectedAt: new Date('2026-03-15T12:00:00.000Z'),
    tagStatus: 'active',
    tenants: [1, 2, 3, 4, 5].map(n => ({
      tenantId: `tenant-00${n}`,
      accountId: acct(n),
      joinedAt: makeTenant(n).joinedAt,
    })),
    dailyThrough: undefined,
  });
  await health.replaceHealth(
    [
      {
        tenantId: 'tenant-001',
        accountId: acct(1),
        health: compactHealth({
          status: 'degraded',
          reason: '1 alarm in ALARM: api-5xx',
          alarms: { ALARM: 1, OK: 100, INSUFFICIENT_DATA: 2 },
          alarmList: [{ name: 'api-5xx', state: 'ALARM' }],
          series24h: [
            {
              id: 'lambdaErrors',
              label: 'Lambda errors',
              namespace: 'AWS/Lambda',
              metricName: 'Errors',
              stat: 'Sum',
              unit: 'Count',
              periodSeconds: 300,
              partial: false,
              points: [
                { timestamp: '2026-03-15T11:50:00.000Z', value: null },
                { timestamp: '2026-03-15T11:55:00.000Z', value: 2 },
              ],
            },
          ],
          series7d: [],
          collectedAt: '2026-03-15T12:00:00.000Z',
        }),
      },
    ],
    '2026-03-15T12:00:00.000Z',
  );
  const app = await createTestApp(
    store,
    { requestRefresh: jest.fn() },
    [
      createSpendRouter({
        store: async () => insights,
        views: async () => new FleetViewStore(knex),
        settings,
      }),
      createHealthRouter({ store: async () => health }),
      createComplianceRouter({ store: async () => compliance }),
    ],
    { auditor: testAuditor(events) },
  );
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  return { app, as, insights, events };
}

describe.each(databaseIds)('insights routes on %s', databaseId => {
  it('serves a tenant spend with record types apart (S4) to finance, not to support', async () => {
    const { app, as, events } = await setup(databaseId);
    const res = await request(app)
      .get('/tenants/tenant-001/spend')
      .set(as(TEST_USERS.finance));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      metric: 'AmortizedCost',
      currency: 'USD',
      monthToDate: '126.00',
      lastMonth: '0.00',
      changeRatio: null,
      noData: false,
    });
    expect(res.body.monthly[12]).toEqual({
      month: '2026-03',
      amounts: {
        usage: '120.00',
        tax: '6.00',
        credit: '-126.00',
        refund: '-10.00',
        net: '-10.00',
      },
      estimated: true,
    });
    const denied = await request(app)
      .get('/tenants/tenant-001/spend')
      .set(as(TEST_USERS.support));
    expect(denied.status).toBe(403);
    const missing = await request(app)
      .get('/tenants/nope/spend')
      .set(as(TEST_USERS.finance));
    expect(missing.status).toBe(404);
    // Permission before the stored range: a month outside it tells support nothing.
    for (const path of [
      '/spend/fleet?month=2020-01',
      '/spend/export.csv?from=2019-01&to=2026-03',
    ]) {
      const outside = await request(app).get(path).set(as(TEST_USERS.support));
      expect(outside.status).toBe(403);
      expect(outside.body.error.name).toBe('NotAllowedError');
      const forFinance = await request(app)
        .get(path)
        .set(as(TEST_USERS.finance));
      expect(forFinance.status).toBe(400);
    }
    // A denied export is audited too (failed), like a refused range and unlike a fleet read.
    expect(
      events.map(e => [
        e.eventId,
        e.outcome,
        (e.meta as { actor: string }).actor,
      ]),
    ).toEqual([
      ['spend-export', 'fail', TEST_USERS.support],
      ['spend-export', 'fail', TEST_USERS.finance],
    ]);
  });

  it('serves health with gaps kept, and a noData shape before the first collection', async () => {
    const { app, as } = await setup(databaseId);
    const res = await request(app)
      .get('/tenants/tenant-001/health')
      .set(as(TEST_USERS.support));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.series24h[0].points).toEqual([
      { timestamp: '2026-03-15T11:50:00.000Z', value: null },
      { timestamp: '2026-03-15T11:55:00.000Z', value: 2 },
    ]);
    const none = await request(app)
      .get('/tenants/tenant-002/health')
      .set(as(TEST_USERS.support));
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({
      status: 'unknown',
      reason: 'Not collected yet',
    });
    expect(
      (
        await request(app)
          .get('/tenants/tenant-001/health')
          .set(as(TEST_USERS.finance))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(app)
          .get('/tenants/tenant-002/compliance')
          .set(as(TEST_USERS.support))
      ).body.score,
    ).toEqual({
      compliant: 0,
      evaluated: 0,
      noData: 0,
      evaluationFailing: 0,
      total: 0,
    });
  });

  it('fleet view: tenants + shared + unallocated = total, movers, month validation', async () => {
    const { app, as } = await setup(databaseId);
    const res = await request(app)
      .get('/spend/fleet?month=2026-03')
      .set(as(TEST_USERS.finance));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: '206.00',
      tenantsTotal: '156.00',
      shared: '40.00',
      unallocated: '10.00',
      tenantTagStatus: 'active',
    });
    expect(
      res.body.tenants
        .slice(0, 2)
        .map((t: { tenantId: string; amount: string }) => [
          t.tenantId,
          t.amount,
        ]),
    ).toEqual([
      ['tenant-001', '126.00'],
      ['tenant-002', '30.00'],
    ]);
    const bad = await request(app)
      .get('/spend/fleet?month=2026-13')
      .set(as(TEST_USERS.finance));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid query: month must be a month YYYY-MM',
    );
    const future = await request(app)
      .get('/spend/fleet?month=2026-04')
      .set(as(TEST_USERS.finance));
    expect(future.body.error.message).toBe(
      'month must be between 2025-03 and 2026-03; got 2026-04',
    );
    expect(
      (await request(app).get('/spend/fleet').set(as(TEST_USERS.owner))).status,
    ).toBe(403);
  });

  it('fleet view names the months it answers, and answers exactly those', async () => {
    const { app, as } = await setup(databaseId);
    const get = (q: string) =>
      request(app).get(`/spend/fleet${q}`).set(as(TEST_USERS.finance));
    const current = await get('');
    expect(current.status).toBe(200);
    expect(current.body.month).toBe('2026-03');
    expect(current.body.availableMonths).toEqual({
      from: '2025-03',
      to: '2026-03',
    });
    const oldest = await get('?month=2025-03');
    expect(oldest.status).toBe(200);
    expect(oldest.body.availableMonths).toEqual({
      from: '2025-03',
      to: '2026-03',
    });
    const before = await get('?month=2025-02');
    expect(before.status).toBe(400);
    expect(before.body.error.message).toBe(
      'month must be between 2025-03 and 2026-03; got 2025-02',
    );
  });

  it('exports CSV tenant × month × service with quoting', async () => {
    const { app, as } = await setup(databaseId);
    const res = await request(app)
      .get('/spend/export.csv?from=2026-03&to=2026-03')
      .set(as(TEST_USERS.finance));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // not gzipped by the backend's compression middleware (docs/memory.md)
    expect(res.headers['cache-control']).toBe('no-transform');
    expect(res.text).toBe(
      [
        'tenant_id,account_id,month,service,amount_usd,metric',
        'tenant-001,100000000001,2026-03,"Amazon S3, ""Standard""",20.00,AmortizedCost',
        'tenant-001,100000000001,2026-03,AWS Lambda,100.00,AmortizedCost',
        'tenant-001,100000000001,2026-03,Tax,6.00,AmortizedCost',
        '',
      ].join('\r\n'),
    );
    const bad = await request(app)
      .get('/spend/export.csv?from=2026-03&to=2026-01')
      .set(as(TEST_USERS.finance));
    expect(bad.body.error.message).toBe(
      'from (2026-03) must not be after to (2026-01)',
    );
  });

  it('the total is the total: the fleet view by service and the CSV export carry the 23.66 no linked account carries as a row of its own, "No linked account", so that they add to the total 229.66', async () => {
    const { app, as, insights } = await setup(databaseId);
    const march = { start: '2026-03-01', end: '2026-04-01' };
    await insights.replaceSpend(
      'AmortizedCost',
      [
        {
          dimension: 'SERVICE',
          granularity: 'MONTHLY',
          range: march,
          facts: [
            fact(acct(1), '2026-03-01', 'SERVICE', 'AWS Lambda', '100.00'),
            fact(acct(1), '2026-03-01', 'SERVICE', 'Tax', '6.00'),
            fact(
              acct(1),
              '2026-03-01',
              'SERVICE',
              'Amazon S3, "Standard"',
              '20.00',
            ),
            fact(acct(2), '2026-03-01', 'SERVICE', 'AWS Lambda', '30.00'),
            fact(
              SHARED,
              '2026-03-01',
              'SERVICE',
              'AWS Support (Business)',
              '50.00',
            ),
          ],
        },
        {
          dimension: 'ORG_TOTAL',
          granularity: 'MONTHLY',
          range: march,
          facts: [fact('', '2026-03-01', 'ORG_TOTAL', '', '229.66')],
        },
      ],
      [],
      new Date('2026-03-15T12:00:00Z'),
    );
    const fleet = await request(app)
      .get('/spend/fleet?month=2026-03')
      .set(as(TEST_USERS.finance));
    expect(fleet.body).toMatchObject({
      total: '229.66',
      tenantsTotal: '156.00',
      shared: '40.00',
      unallocated: '10.00',
      notAttributed: '23.66',
    });
    expect(fleet.body.byService).toEqual([
      { service: 'AWS Lambda', amount: '130.00' },
      { service: 'AWS Support (Business)', amount: '50.00' },
      { service: 'No linked account', amount: '23.66' },
      { service: 'Amazon S3, "Standard"', amount: '20.00' },
      { service: 'Tax', amount: '6.00' },
    ]);
    const csv = await request(app)
      .get('/spend/export.csv?from=2026-03&to=2026-03')
      .set(as(TEST_USERS.finance));
    expect(csv.status).toBe(200);
    expect(csv.text).toBe(
      [
        'tenant_id,account_id,month,service,amount_usd,metric',
        ',999999999999,2026-03,AWS Support (Business),50.00,AmortizedCost',
        'tenant-001,100000000001,2026-03,"Amazon S3, ""Standard""",20.00,AmortizedCost',
        'tenant-001,100000000001,2026-03,AWS Lambda,100.00,AmortizedCost',
        'tenant-001,100000000001,2026-03,Tax,6.00,AmortizedCost',
        'tenant-002,100000000002,2026-03,AWS Lambda,30.00,AmortizedCost',
        // streamed: each month's part no account carries follows the accounts' lines
        ',,2026-03,No linked account,23.66,AmortizedCost',
        '',
      ].join('\r\n'),
    );
  });

  it('change needs a previous value: an export asked for months before the oldest stored month is a 400 naming the available range, never a file that starts later', async () => {
    const { app, as } = await setup(databaseId);
    const res = await request(app)
      .get('/spend/export.csv?from=2024-01&to=2026-03')
      .set(as(TEST_USERS.finance));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'spend is stored for 2025-03 to 2026-03; asked for 2024-01 to 2026-03',
    );
    expect(res.headers['content-disposition']).toBeUndefined();
    const oldest = await request(app)
      .get('/spend/export.csv?from=2025-03&to=2026-03')
      .set(as(TEST_USERS.finance));
    expect(oldest.status).toBe(200);
  });

  it('change needs a previous value: the oldest stored month shows change unknown, never new spend', async () => {
    const { app, as } = await setup(databaseId);
    const oldest = await request(app)
      .get('/spend/fleet?month=2025-03')
      .set(as(TEST_USERS.finance));
    expect(oldest.status).toBe(200);
    expect(oldest.body.previousMonthKnown).toBe(false);
    // 2025-02 is not stored: its total and each tenant's amount are no value, never "0.00".
    expect(oldest.body.previousMonthTotal).toBeNull();
    expect(
      new Set(
        oldest.body.tenants.map(
          (t: { previousAmount: unknown }) => t.previousAmount,
        ),
      ),
    ).toEqual(new Set([null]));
    expect(oldest.body.movers).toEqual([]);
    expect(
      new Set(
        oldest.body.tenants.map((t: { change: unknown }) =>
          JSON.stringify(t.change),
        ),
      ),
    ).toEqual(
      new Set([
        JSON.stringify({
          kind: 'unknown',
          reason: '2025-02 is not stored: 2025-03 is the oldest stored month',
        }),
      ]),
    );
    const current = await request(app)
      .get('/spend/fleet?month=2026-03')
      .set(as(TEST_USERS.finance));
    expect(current.body.notAttributed).toBe('0.00');
    expect(
      current.body.tenants.map((t: { tenantId: string; change: unknown }) => [
        t.tenantId,
        t.change,
      ]),
    ).toEqual([
      ['tenant-001', { kind: 'new', delta: '126.00' }],
      ['tenant-002', { kind: 'new', delta: '30.00' }],
      // 0.00 each: ties by tenant id in the sort's direction (amount, largest first)
      ['tenant-005', { kind: 'none' }],
      ['tenant-004', { kind: 'none' }],
      ['tenant-003', { kind: 'none' }],
    ]);
  });

  it('a new account has no billing data yet, and a failed part is shown stale with its error while the rest is served', async () => {
    const { app, as, insights } = await setup(databaseId);
    await insights.recordParts(
      'AmortizedCost',
      {
        daily:
          'DataUnavailableException: Data is not available. Please try to adjust the time period.',
      },
      new Date('2026-03-15T12:00:00.000Z'),
    );
    const res = await request(app)
      .get('/tenants/tenant-003/spend')
      .set(as(TEST_USERS.finance));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      noData: true,
      noDataReason:
        'no billing data yet (account created 2025-01-04; new accounts appear within a day of first usage, sometimes up to 4)',
      forecastMonthEnd: null,
    });
    expect(res.body.stale).toEqual([
      {
        part: 'daily',
        feeds: 'daily amounts (trend, forecast, change)',
        error:
          'DataUnavailableException: Data is not available. Please try to adjust the time period.',
        failedAt: '2026-03-15T12:00:00.000Z',
        lastSuccessAt: null,
      },
    ]);
    const other = await request(app)
      .get('/tenants/tenant-001/spend')
      .set(as(TEST_USERS.finance));
    expect(other.body.monthToDate).toBe('126.00');
  });
});
