/*
 * Test fixture of the stored fleet view suites: a two-tenant spend snapshot on a knex database and
 * the exact fleet view and CSV it gives. Not part of the plugin's runtime.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestApp, TEST_USERS } from '../../__testUtils__/testApp';
import { parseAmount } from '../money';
import type { SpendFact } from '../spendModel';
import { KnexTenantsStore } from '../../inventory/store/KnexTenantsStore';
import { makeTenant } from '../../__testUtils__/testFixtures';
import { SpendStore } from '../SpendStore';
import { createSpendRouter } from '../routes';
import { FleetViewStore } from '../FleetViewStore';
import { readSpendSettings, type SpendSettings } from '../settings';

/** The accounts of tenant-001 and tenant-002 (`makeTenant(1)`, `makeTenant(2)`). */
export const ACCOUNT_1 = '100000000001';
/** See {@link ACCOUNT_1}. */
export const ACCOUNT_2 = '100000000002';
/** The fleet view of March 2026, the snapshot's current month. */
export const FLEET_MONTH_PATH = '/spend/fleet?month=2026-03';
/** The CSV export of March 2026. */
export const CSV_PATH = '/spend/export.csv?from=2026-03&to=2026-03';

/** A monthly spend fact of `accountId` in March 2026. */
export function marchFact(
  accountId: string,
  dimension: 'RECORD_TYPE' | 'SERVICE',
  key: string,
  amount: string,
): SpendFact {
  return {
    accountId,
    periodStart: '2026-03-01',
    dimension,
    key,
    amount: parseAmount(amount),
    estimated: false,
    granularity: 'MONTHLY',
  };
}

/** Replaces the March 2026 monthly facts of the snapshot. */
export async function writeFacts(insights: SpendStore, facts: SpendFact[]) {
  await insights.replaceSpend(
    'AmortizedCost',
    [
      {
        dimension: 'RECORD_TYPE',
        granularity: 'MONTHLY',
        range: { start: '2026-03-01', end: '2026-04-01' },
        facts: facts.filter(f => f.dimension === 'RECORD_TYPE'),
      },
      {
        dimension: 'SERVICE',
        granularity: 'MONTHLY',
        range: { start: '2026-03-01', end: '2026-04-01' },
        facts: facts.filter(f => f.dimension === 'SERVICE'),
      },
    ],
    [],
    new Date('2026-03-15T12:00:00Z'),
  );
}

/** The snapshot: in March 2026 tenant-001 spent $120 (Lambda 100, S3 20), tenant-002 $30. */
export const SNAPSHOT_FACTS = [
  marchFact(ACCOUNT_1, 'RECORD_TYPE', 'Usage', '120.00'),
  marchFact(ACCOUNT_1, 'SERVICE', 'AWS Lambda', '100.00'),
  marchFact(ACCOUNT_1, 'SERVICE', 'Amazon S3', '20.00'),
  marchFact(ACCOUNT_2, 'RECORD_TYPE', 'Usage', '30.00'),
  marchFact(ACCOUNT_2, 'SERVICE', 'AWS Lambda', '30.00'),
];

/**
 * Migrates `knex` and writes the snapshot of refresh run `runId` (omit it for a snapshot written
 * before spend runs were recorded). Answers the tenants store, the insights store and settings.
 */
export async function seedSnapshot(knex: Knex, runId?: string) {
  const store = await KnexTenantsStore.create(mockServices.database({ knex }));
  await store.replaceInventory([makeTenant(1), makeTenant(2)]);
  const insights = new SpendStore(knex);
  await writeFacts(insights, SNAPSHOT_FACTS);
  await insights.recordCollection({
    metric: 'AmortizedCost',
    collectedAt: new Date('2026-03-15T12:00:00.000Z'),
    tagStatus: 'active',
    tenants: [
      { tenantId: 'tenant-001', accountId: ACCOUNT_1 },
      { tenantId: 'tenant-002', accountId: ACCOUNT_2 },
    ],
    dailyThrough: undefined,
  });
  if (runId) await insights.setSpendRunId(runId);
  const settings = readSpendSettings(new ConfigReader({}));
  return { store, insights, settings, views: new FleetViewStore(knex) };
}

/**
 * `GET /spend/fleet?month=2026-03` on the seeded snapshot (collected 2026-03-15, so March is the
 * current, estimated month; no daily facts, so the same days of February total 0).
 */
export const FLEET_VIEW = {
  month: '2026-03',
  metric: 'AmortizedCost',
  currency: 'USD',
  total: '150.00',
  tenantsTotal: '150.00',
  shared: '0.00',
  unallocated: '0.00',
  notAttributed: '0.00',
  previousMonthTotal: '0.00',
  previousMonthKnown: true,
  stale: [],
  tenants: [
    {
      tenantId: 'tenant-001',
      accountId: ACCOUNT_1,
      amount: '120.00',
      previousAmount: '0.00',
      changeRatio: null,
      change: { kind: 'new', delta: '120.00' },
      noDataReason: null,
    },
    {
      tenantId: 'tenant-002',
      accountId: ACCOUNT_2,
      amount: '30.00',
      previousAmount: '0.00',
      changeRatio: null,
      change: { kind: 'new', delta: '30.00' },
      noDataReason: null,
    },
  ],
  movers: [
    { tenantId: 'tenant-001', change: '120.00', changeRatio: null },
    { tenantId: 'tenant-002', change: '30.00', changeRatio: null },
  ],
  byService: [
    { service: 'AWS Lambda', amount: '130.00' },
    { service: 'Amazon S3', amount: '20.00' },
  ],
  estimated: true,
  tenantTagStatus: 'active',
  totalCount: 2,
  limit: 50,
  offset: 0,
  availableMonths: { from: '2025-03', to: '2026-03' },
};

/** `GET /spend/export.csv?from=2026-03&to=2026-03` on the seeded snapshot. */
export const FLEET_CSV = [
  'tenant_id,account_id,month,service,amount_usd,metric',
  'tenant-001,100000000001,2026-03,Amazon S3,20.00,AmortizedCost',
  'tenant-001,100000000001,2026-03,AWS Lambda,100.00,AmortizedCost',
  'tenant-002,100000000002,2026-03,AWS Lambda,30.00,AmortizedCost',
  '',
].join('\r\n');

/** The snapshot of a later run: tenant-002's March usage (and Lambda) grew to $45. */
export const LATER_FACTS = [
  ...SNAPSHOT_FACTS.filter(f => f.accountId !== ACCOUNT_2),
  marchFact(ACCOUNT_2, 'RECORD_TYPE', 'Usage', '45.00'),
  marchFact(ACCOUNT_2, 'SERVICE', 'AWS Lambda', '45.00'),
];

/**
 * The tenants router with the spend routes on `views` (one "replica"), as `user`. `logger`
 * replaces the route context's logger so that a test can read the warnings.
 */
export async function fleetApp(options: {
  store: KnexTenantsStore;
  insights: SpendStore;
  settings: SpendSettings;
  views: FleetViewStore;
  logger?: LoggerService;
}) {
  const router = createSpendRouter({
    store: async () => options.insights,
    views: async () => options.views,
    settings: options.settings,
  });
  const app = await createTestApp(
    options.store,
    { requestRefresh: jest.fn() },
    [ctx => router(options.logger ? { ...ctx, logger: options.logger } : ctx)],
  );
  return (path: string, user: string = TEST_USERS.finance) =>
    request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header(user) });
}
