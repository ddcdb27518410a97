import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import type {
  TenantCompliance,
  TenantHealth,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import request from 'supertest';
import { createTestApp, TEST_USERS } from '../__testUtils__/testApp';
import { createSandboxRefresh } from '../__testUtils__/sourcesSandboxHarness';
import { fakeDateOnly } from '../__testUtils__/fakeDateOnly';

jest.setTimeout(120_000);

const NOW = new Date('2026-03-15T12:00:00.000Z');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
/** What AWS answers when an SCP denies GuardDuty ListDetectors to the security account's role. */
const DENIED =
  'User: arn:aws:sts::000000000002:assumed-role/OrganizationAccountAccessRole/tenancy-refresh is not authorized to perform: guardduty:ListDetectors with an explicit deny in a service control policy';

describe('account states and fault isolation through the refresh (sandbox, 20 tenants)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    fakeDateOnly(NOW);
    sandbox = await startSandbox({ port: 0, seed: 1, tenants: 20, clock: NOW });
  });
  afterAll(async () => {
    await sandbox?.stop();
    jest.useRealTimers();
  });

  async function setUp() {
    sandbox.faults.clear();
    sandbox.reset();
    const knex = await databases.init('SQLITE_3');
    const h = await createSandboxRefresh(sandbox.endpoint, knex, {
      sources: ['health', 'compliance'],
      extraOuPaths: ['/Suspended'],
    });
    const queried = new Set<string>();
    (await h.clients.cloudWatch()).middlewareStack.add(
      next => async args => {
        const input = args.input as {
          MetricDataQueries?: Array<{ AccountId?: string }>;
        };
        for (const q of input.MetricDataQueries ?? [])
          if (q.AccountId) queried.add(q.AccountId);
        return next(args);
      },
      { step: 'initialize', name: 'recordQueries' },
    );
    const app = await createTestApp(
      h.store,
      { requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }) },
      [h.router],
    );
    const get = async (path: string) => {
      const res = await request(app)
        .get(path)
        .set({
          Authorization: mockCredentials.user.header(TEST_USERS.platform),
        });
      expect(res.status).toBe(200);
      return res.body;
    };
    return { h, get, queried };
  }

  it('suspended and closing tenants: never queried for metrics, shown as "suspended" and "closing", never "unknown" health nor a score of failures', async () => {
    const { h, get, queried } = await setUp();
    const run = await h.refresher.run({ id: 'states', trigger: 'manual' });
    expect(run.errors).toEqual([]);
    const accounts = sandbox.state.org.tenantAccounts();
    const suspended = accounts.find(a => a.state === 'SUSPENDED')!;
    const closing = accounts.find(a => a.state === 'PENDING_CLOSURE')!;
    expect([suspended.tags.tenant, closing.tags.tenant]).toEqual([
      'flint-analytics',
      'meridian-studios',
    ]);
    const list: { items: TenantSummary[] } = await get('/tenants?limit=100');
    const row = (id: string) => list.items.find(t => t.tenantId === id)!;
    for (const [account, lifecycle] of [
      [suspended, 'suspended'],
      [closing, 'closing'],
    ] as const) {
      const tenantId = account.tags.tenant;
      expect(queried.has(account.id)).toBe(false);
      expect(row(tenantId)).toMatchObject({
        state: account.state,
        healthStatus: null,
        complianceScore: null,
      });
      const reason = `The account is ${lifecycle} (State ${account.state}): not monitored, not scored`;
      const health: TenantHealth = await get(`/tenants/${tenantId}/health`);
      expect(health.notMonitored).toEqual({ lifecycle, reason });
      expect(health.status).toBe(lifecycle);
      expect(health.alarmList).toEqual([]);
      expect(health.series24h).toEqual([]);
      const compliance: TenantCompliance = await get(
        `/tenants/${tenantId}/compliance`,
      );
      expect(compliance.notScored).toEqual({ lifecycle, reason });
      expect(compliance.guardrails).toEqual([]);
      expect(compliance.score.evaluated).toBe(0);
    }
    const active = list.items.filter(t => t.state === 'ACTIVE');
    expect(active).toHaveLength(18);
    expect(active.every(t => t.complianceScore !== null)).toBe(true);
    expect(active.every(t => queried.has(t.accountId))).toBe(true);
  });

  it('one denied call degrades one source: GuardDuty ListDetectors AccessDeniedException keeps every GuardDuty value, stale with the error; SCP, Config and baseline refresh; the run reports the one error', async () => {
    const { h, get } = await setUp();
    const first = await h.refresher.run({ id: 'clean', trigger: 'manual' });
    expect(first.errors).toEqual([]);
    const list: { items: TenantSummary[] } = await get('/tenants?limit=100');
    const ids = list.items.map(t => t.tenantId);
    const before = new Map<string, TenantCompliance>();
    for (const id of ids)
      before.set(id, await get(`/tenants/${id}/compliance`));

    // Between the runs: one tenant's baseline instance fails (only a refreshed baseline shows it).
    const target = list.items.find(t => t.state === 'ACTIVE')!;
    for (const set of sandbox.state.stackSets)
      for (const i of set.instances)
        if (i.account === target.accountId) {
          i.status = 'OUTDATED';
          i.detailedStatus = 'FAILED';
          i.statusReason = 'Resource handler returned message: "Access Denied"';
        }
    sandbox.faults.add({
      kind: 'error',
      service: 'GuardDuty',
      operation: 'ListDetectors',
      code: 'AccessDeniedException',
      message: DENIED,
      httpStatus: 403,
    });
    jest.setSystemTime(new Date(NOW.getTime() + 15 * 60_000));
    const second = await h.refresher.run({ id: 'denied', trigger: 'manual' });
    expect(second.status).toBe('succeeded');
    expect(second.errors).toEqual([
      {
        collector: 'compliance',
        source: 'guardDuty',
        message: `AccessDeniedException: ${DENIED}`,
      },
    ]);
    expect(second.awsCalls['GuardDuty.ListDetectors']).toBe(1);
    expect(second.awsCalls['GuardDuty.ListMembers']).toBeUndefined();

    for (const id of ids) {
      const was = before.get(id)!;
      const now: TenantCompliance = await get(`/tenants/${id}/compliance`);
      // GuardDuty: its last values, stale since the clean run, with the error.
      expect(now.findings).toEqual(was.findings);
      expect(now.stale).toEqual({
        guardDuty: {
          since: was.collectedAt,
          error: `AccessDeniedException: ${DENIED}`,
        },
      });
      const threat = (c: TenantCompliance) =>
        c.guardrails.filter(g => g.guardrailId.includes('guardduty'));
      expect(threat(now)).toEqual(threat(was));
    }
    const refreshed: TenantCompliance = await get(
      `/tenants/${target.tenantId}/compliance`,
    );
    expect(refreshed.baselineStatus).toBe('FAILED');
    expect(target.tenantId).toBe('amber-ventures');
    expect(refreshed.baselineStatus).toBe('FAILED');
    expect(
      refreshed.guardrails.find(g => g.guardrailId === 'baseline-stackset'),
    ).toEqual({
      guardrailId: 'baseline-stackset',
      status: 'non-compliant',
      detail:
        'Baseline StackSet instance is FAILED: Resource handler returned message: "Access Denied"',
    });
    expect(refreshed.score).toEqual({
      compliant: 12,
      evaluated: 14,
      noData: 0,
      evaluationFailing: 0,
      behindLatest: 0,
      suspended: 0,
      total: 14,
      byKind: {
        preventive: { compliant: 6, evaluated: 6 },
        detective: { compliant: 5, evaluated: 6 },
        'threat-detection': { compliant: 1, evaluated: 1 },
        baseline: { compliant: 0, evaluated: 1 },
      },
    });
    expect(refreshed.configRules).toEqual({
      nonCompliantRules: 1,
      rulesWithResult: 6,
      nonCompliantResources: 2,
      resourcesCapped: false,
    });
    expect(refreshed.collectedAt).toBe('2026-03-15T12:15:00.000Z');
    // The kept GuardDuty values, exactly: members with findings and the non-members.
    const findings = async (id: string) =>
      ((await get(`/tenants/${id}/compliance`)) as TenantCompliance).findings;
    expect(await findings('onyx-textiles')).toEqual({
      member: true,
      low: 1,
      medium: 0,
      high: 1,
      critical: 0,
      regions: [
        {
          region: 'us-east-1',
          status: 'member',
          autoEnable: 'ALL',
          low: 1,
          medium: 0,
          high: 1,
          critical: 0,
        },
      ],
    });
    expect(await findings('bright-wines')).toEqual({
      member: true,
      low: 2,
      medium: 0,
      high: 0,
      critical: 0,
      regions: [
        {
          region: 'us-east-1',
          status: 'member',
          autoEnable: 'ALL',
          low: 2,
          medium: 0,
          high: 0,
          critical: 0,
        },
      ],
    });
    expect(await findings('bright-supply')).toEqual({
      member: false,
      low: 0,
      medium: 0,
      high: 0,
      critical: 0,
      regions: [
        {
          region: 'us-east-1',
          status: 'not-member',
          autoEnable: 'ALL',
          low: 0,
          medium: 0,
          high: 0,
          critical: 0,
        },
      ],
    });
  });
});
