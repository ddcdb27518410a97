import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import request from 'supertest';
import { createTestApp, TEST_USERS } from '../__testUtils__/testApp';
import { HEADLINE_FILTER } from '../spend/costExplorer';
import { formatUsd, parseAmount } from '../spend/money';
import {
  addMonths,
  monthOf,
  monthRange,
  monthToDate,
} from '@tenancy/plugin-tenants-common';
import { createSandboxRefresh } from '../__testUtils__/sourcesSandboxHarness';
import { SpendStore } from '../spend/SpendStore';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';

jest.setTimeout(300_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Runs one refresh against `sandbox` and answers an API on its database. */
async function refreshAndServe(sandbox: RunningSandbox) {
  const knex = await databases.init('SQLITE_3');
  const h = await createSandboxRefresh(sandbox.endpoint, knex);
  const run = await h.refresher.run({
    id: `run-${Math.random()}`,
    trigger: 'manual',
  });
  const app = await createTestApp(
    h.store,
    { requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }) },
    [h.router],
  );
  const get = async (path: string) => {
    const res = await request(app)
      .get(path)
      .set({ Authorization: mockCredentials.user.header(TEST_USERS.platform) });
    expect(res.status).toBe(200);
    return res;
  };
  return { run, get, h, knex };
}

/** The sandbox's own total (ungrouped GetCostAndUsage: Total, usage + tax) for a period. */
async function sandboxTotal(
  ce: CostExplorerClient,
  range: { start: string; end: string },
  accountId?: string,
) {
  const out = await ce
    .send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: range.start, End: range.end },
        Granularity: 'MONTHLY',
        Metrics: ['AmortizedCost'],
        Filter: accountId
          ? {
              And: [
                { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } },
                HEADLINE_FILTER,
              ],
            }
          : HEADLINE_FILTER,
      }),
    )
    // an account without billing data yet (a new tenant): Cost Explorer has nothing to total
    .catch(e => {
      if (e.name === 'DataUnavailableException') return { ResultsByTime: [] };
      throw e;
    });
  return formatUsd(
    (out.ResultsByTime ?? []).reduce(
      (s, r) => s + parseAmount(r.Total?.AmortizedCost?.Amount),
      0n,
    ),
  );
}

describe('spend, health and compliance against the sandbox (50 tenants)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    fakeDateOnly(NOW, { advance: true });
    sandbox = await startSandbox({ port: 0, seed: 1, tenants: 50, clock: NOW });
  });
  afterAll(async () => {
    await sandbox?.stop();
    jest.useRealTimers();
  });

  it('after one refresh the API totals equal the sandbox totals to the cent; faults change nothing', async () => {
    const clean = await refreshAndServe(sandbox);
    expect(clean.run.errors).toEqual([]);
    expect(clean.run.status).toBe('succeeded');
    expect(clean.run.tenantCount).toBeGreaterThanOrEqual(45);
    // the fleet views' cache key names the run that wrote the spend snapshot
    expect(await new SpendStore(clean.knex).spendRunId()).toBe(clean.run.id);
    // Every collector read the fleet from the central accounts: no per-tenant AWS calls.
    // 50 × 8 series, one 7-day window at 3,600 s → 1 call
    expect(clean.run.awsCalls['CloudWatch.GetMetricData']).toBe(1);
    // The OU tree the inventory walked gives the SCP check every ancestor: no ListParents.
    expect(clean.run.awsCalls['Organizations.ListParents']).toBeUndefined();
    expect(
      clean.run.awsCalls['CostExplorer.GetCostAndUsage'],
    ).toBeLessThanOrEqual(25);
    const ce = new CostExplorerClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    });
    const month = monthOf(NOW);
    const mtd = { start: monthRange(month).start, end: monthToDate(NOW).end };
    const prev = monthRange(addMonths(month, -1));
    const fleet = (await clean.get(`/spend/fleet?month=${month}`)).body;
    expect(fleet.total).toBe(await sandboxTotal(ce, mtd));
    const prevFleet = (
      await clean.get(`/spend/fleet?month=${addMonths(month, -1)}`)
    ).body;
    expect(prevFleet.total).toBe(await sandboxTotal(ce, prev));
    for (const f of [fleet, prevFleet]) {
      const cents = (s: string) => parseAmount(s);
      expect(
        formatUsd(
          cents(f.tenantsTotal) +
            cents(f.shared) +
            cents(f.unallocated) +
            cents(f.notAttributed),
        ),
      ).toBe(f.total);
    }
    // The shared data platform tags part of its spend with tenants: shared and unallocated both show.
    expect([fleet.shared, fleet.unallocated]).toEqual(['10504.77', '58071.31']);
    expect([prevFleet.shared, prevFleet.unallocated]).toEqual([
      '21304.48',
      '96498.38',
    ]);
    expect(fleet.tenants).toHaveLength(clean.run.tenantCount);
    for (const t of fleet.tenants) {
      const spend = (await clean.get(`/tenants/${t.tenantId}/spend`)).body;
      expect([t.tenantId, spend.monthToDate]).toEqual([
        t.tenantId,
        await sandboxTotal(ce, mtd, t.accountId),
      ]);
      expect([t.tenantId, spend.lastMonth]).toEqual([
        t.tenantId,
        await sandboxTotal(ce, prev, t.accountId),
      ]);
      expect(spend.monthToDate).toBe(t.amount);
    }
    // Role assumptions: one per central account, whatever N.
    expect(clean.h.credentials.assumed()).toBeLessThanOrEqual(3);

    const snapshot = async (api: typeof clean) => {
      const strip = (rows: Array<Record<string, unknown>>) =>
        rows.map(({ collected_at, updated_at, tags_read_at, data, ...r }) => ({
          ...r,
          ...(typeof data === 'string'
            ? {
                data: JSON.parse(
                  data.replace(/"collectedAt":"[^"]*"/g, '"collectedAt":""'),
                ),
              }
            : {}),
        }));
      const order = (t: string, ...cols: string[]) =>
        api.knex(t).select().orderBy(cols);
      return {
        fleet: (await api.get(`/spend/fleet?month=${month}`)).body,
        facts: await order(
          'tenant_spend_facts',
          'dimension',
          'granularity',
          'period_start',
          'account_id',
          'key',
        ),
        health: strip(await order('tenant_health', 'tenant_id')),
        compliance: strip(await order('tenant_compliance', 'tenant_id')),
        tenants: strip(await order('tenants', 'tenant_id')),
      };
    };
    const expected = await snapshot(clean);
    expect(expected.facts.length).toBeGreaterThan(1000);
    const anyHealth = (
      await clean.get(`/tenants/${fleet.tenants[0].tenantId}/health`)
    ).body;
    expect(anyHealth.series24h).toHaveLength(8);
    // About one tenant in ten in trouble: occasional errors of healthy tenants stay under 1 %.
    // The one tenant not in service answers its lifecycle (closing), never unknown health.
    const statuses: Record<string, number> = {};
    for (const r of expected.health as Array<{ status?: string }>) {
      const status = String(r.status);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    expect(statuses).toEqual({ healthy: 44, degraded: 4, closing: 1 });
    expect(anyHealth.series24h[0].points).toHaveLength(24);
    expect(anyHealth.series7d[0].points).toHaveLength(168);
    const anyCompliance = (
      await clean.get(`/tenants/${fleet.tenants[0].tenantId}/compliance`)
    ).body;
    expect(anyCompliance.score.total).toBe(14);

    sandbox.faults.add({ kind: 'throttle', rate: 0.2 });
    sandbox.faults.add({
      kind: 'error',
      code: 'InternalFailure',
      httpStatus: 500,
      rate: 0.01,
    });
    sandbox.resetStats();
    const faulty = await refreshAndServe(sandbox);
    sandbox.faults.clear();
    expect(sandbox.stats().throttled).toBeGreaterThan(0);
    expect(faulty.run.errors).toEqual([]);
    expect(await snapshot(faulty)).toEqual(expected);
  });
});
