/*
 * Property harness of the refresh: a random sandbox organization (size, account states,
 * instances behind the latest version), a clean refresh, then one fault on a random operation
 * the refresh calls, and a second refresh. Checks the fleet invariants after both runs. Used by
 * the package tests (bounded) and by scripts/property-refresh.sh (2,000 organizations).
 */
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import {
  ACCOUNT_STATES,
  isInService,
  tenantLifecycleOf,
  type AccountState,
  type RefreshRun,
  type TenantCompliance,
} from '@tenancy/plugin-tenants-common';
import type { RunningSandbox } from '@tenancy/aws-sandbox';
import { createSandboxRefresh } from '../../__testUtils__/sourcesSandboxHarness';
import { ComplianceStore } from '../../compliance/ComplianceStore';
import { HealthStore } from '../../health/HealthStore';
import type { StoredHealth } from '../../health/status';

/** One generated organization and the fault of its second refresh. */
export interface OrgCase {
  seed: number;
  tenants: number;
  /** The state given to the i-th tenant account (cycled). */
  states: AccountState[];
  /** Whether the i-th ACTIVE tenant's baseline instances are behind the latest version. */
  behind: boolean[];
  /** Picks the faulted operation among those the first refresh called. */
  faultPick: number;
  faultCode: 'AccessDeniedException' | 'ValidationException';
}

/** Makes refresh run ids unique within a process (cases may repeat a seed). */
let runCounter = 0;

/** Thrown when an invariant does not hold; the message names it and the values. */
export class InvariantError extends Error {}

function check(ok: boolean, what: string, detail?: unknown): void {
  if (!ok)
    throw new InvariantError(
      `${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`,
    );
}

/** Non-error outcome of {@link checkRefreshInvariants}: what was checked. */
export interface CaseReport {
  checks: number;
  faulted: string;
  failedSources: string[];
  tenants: number;
  notInService: number;
}

type Snapshot = {
  tenants: Map<
    string,
    { state: string; healthStatus: unknown; complianceScore: unknown }
  >;
  health: Map<string, StoredHealth>;
  compliance: Map<string, TenantCompliance>;
};

async function snapshot(
  store: Awaited<ReturnType<typeof createSandboxRefresh>>['store'],
  knex: Knex,
): Promise<Snapshot> {
  const tenants = await store.listAllTenants();
  const rows = await knex('tenants')
    .select('tenant_id', 'health_status', 'compliance')
    .catch(() => []);
  const summary = new Map<string, { health: unknown; compliance: unknown }>(
    rows.map((r: any) => [
      r.tenant_id,
      { health: r.health_status ?? null, compliance: r.compliance ?? null },
    ]),
  );
  return {
    tenants: new Map(
      tenants.map(t => [
        t.tenantId,
        {
          state: t.state,
          healthStatus: summary.get(t.tenantId)?.health ?? null,
          complianceScore: summary.get(t.tenantId)?.compliance ?? null,
        },
      ]),
    ),
    health: await new HealthStore(knex).listStoredHealth(),
    compliance: await new ComplianceStore(knex).listCompliance(),
  };
}

/** The sandbox and the database the cases share (tables emptied per case). */
export interface PropertyContext {
  sandbox: RunningSandbox;
  knex: Knex;
}

/**
 * The refresh of one case: health and compliance on `knex`, with a record of the account ids
 * GetMetricData queries name. New clients per case: a sandbox reset forgets its role sessions.
 */
async function createCaseRefresh(sandbox: RunningSandbox, knex: Knex) {
  const h = await createSandboxRefresh(sandbox.endpoint, knex, {
    sources: ['health', 'compliance'],
    extraOuPaths: ['/Suspended'],
  });
  const queried = new Set<string>();
  const cw = await h.clients.cloudWatch();
  cw.middlewareStack.add(
    next => async args => {
      const input = args.input as {
        MetricDataQueries?: Array<{ AccountId?: string }>;
      };
      for (const q of input.MetricDataQueries ?? [])
        if (q.AccountId) queried.add(q.AccountId);
      return next(args);
    },
    { step: 'initialize', name: 'propertyRecordQueries' },
  );
  return { h, queried };
}

/** Applies the case's account states and instance statuses to the sandbox's organization. */
function shapeOrganization(sandbox: RunningSandbox, c: OrgCase): void {
  sandbox.faults.clear();
  sandbox.options.seed = c.seed;
  sandbox.options.tenants = c.tenants;
  sandbox.reset();
  const accounts = sandbox.state.org.tenantAccounts();
  const byAccount = new Map(accounts.map(a => [a.id, a]));
  accounts.forEach((a, i) => {
    a.state = c.states[i % c.states.length];
  });
  let active = 0;
  const behind = new Set<string>();
  for (const a of accounts)
    if (a.state === 'ACTIVE' && c.behind[active++ % c.behind.length])
      behind.add(a.id);
  for (const set of sandbox.state.stackSets) {
    for (const i of set.instances) {
      const a = byAccount.get(i.account);
      if (a && a.state !== 'ACTIVE' && a.state !== 'PENDING_ACTIVATION') {
        i.status = 'OUTDATED';
        i.detailedStatus = 'SKIPPED_SUSPENDED_ACCOUNT';
        i.statusReason =
          'Account is suspended or closed; stack instance skipped.';
      } else if (behind.has(i.account)) {
        i.status = 'OUTDATED';
        i.detailedStatus = 'PENDING';
        i.statusReason = undefined;
      }
    }
  }
}

const omit = <T extends object>(o: T, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/**
 * Runs one case: a clean refresh, then a refresh with one fault. Invariants:
 * 1. every tenant has exactly one state, one of Organizations' account states, and every view
 *    agrees on its lifecycle;
 * 2. no tenant that is not in service is queried for metrics (no GetMetricData query carries
 *    its AccountId), has a health status or is scored;
 * 3. a failed source never changes another source's values: after the faulted run every
 *    value equals the clean run's (the organization did not change), the failed sources are
 *    exactly those marked stale (since the clean run, with the reported error), and the
 *    others are not marked.
 * @throws InvariantError naming the invariant broken.
 */
export async function checkRefreshInvariants(
  context: PropertyContext,
  c: OrgCase,
): Promise<CaseReport> {
  const { sandbox, knex } = context;
  const t0 = Date.now();
  const timing: Record<string, number> = {};
  const lap = (what: string) => {
    timing[what] = performance.now();
  };
  lap('start');
  shapeOrganization(sandbox, c);
  lap('shaped');
  let checks = 0;
  const ok = (cond: boolean, what: string, detail?: unknown) => {
    checks += 1;
    check(cond, what, detail);
  };
  for (const table of [
    'tenant_health',
    'tenant_compliance',
    'tenant_activity',
    'tenants',
  ])
    await knex(table)
      .delete()
      .catch(() => undefined);
  const { h, queried } = await createCaseRefresh(sandbox, knex);
  const before = h.meter.snapshot();
  lap('harness');
  const runA: RefreshRun = await h.refresher.run({
    id: `a-${++runCounter}`,
    trigger: 'manual',
  });
  ok(
    runA.status === 'succeeded' && runA.errors.length === 0,
    'a refresh with no fault has no error',
    runA.errors,
  );
  lap('runA');
  const s1 = await snapshot(h.store, knex);
  const stored = await h.store.listAllTenants();
  let notInService = 0;
  for (const t of stored) {
    ok(
      ACCOUNT_STATES.includes(t.state),
      'every tenant has one Organizations state',
      t.state,
    );
    const lifecycle = tenantLifecycleOf(t.state);
    const health = s1.health.get(t.tenantId);
    const compliance = s1.compliance.get(t.tenantId);
    const summary = s1.tenants.get(t.tenantId)!;
    if (isInService(t.state)) {
      ok(
        !health?.notMonitored && !compliance?.notScored,
        'an active tenant is monitored and scored',
        t.tenantId,
      );
      ok(
        summary.complianceScore !== null,
        'an active tenant has a score',
        t.tenantId,
      );
    } else {
      notInService += 1;
      ok(
        !queried.has(t.accountId),
        'a tenant not in service is never queried for metrics',
        t,
      );
      ok(
        summary.healthStatus === null && summary.complianceScore === null,
        'a tenant not in service has no health and no score',
        summary,
      );
      ok(
        compliance?.notScored?.lifecycle === lifecycle,
        'the Guardrails view shows its state',
        compliance?.notScored,
      );
      ok(
        compliance?.guardrails.length === 0 &&
          compliance?.score.evaluated === 0,
        'a tenant not in service is not scored',
        compliance?.score,
      );
      if (t.state !== 'CLOSED')
        ok(
          health?.notMonitored?.lifecycle === lifecycle &&
            health.status === lifecycle,
          'the Health view shows its state, never unknown health',
          health?.notMonitored,
        );
    }
  }
  const ops = Object.keys(h.meter.snapshot())
    .filter(k => (h.meter.snapshot()[k] ?? 0) > (before[k] ?? 0))
    .sort();
  const faulted = ops[c.faultPick % ops.length];
  const [service, operation] = faulted.split('.');
  sandbox.faults.add({
    kind: 'error',
    service,
    operation,
    code: c.faultCode,
    message: `Injected ${c.faultCode} on ${operation}`,
    httpStatus: c.faultCode === 'AccessDeniedException' ? 403 : 400,
  });
  const beforeB = h.meter.snapshot();
  const runB = await h.refresher.run({
    id: `b-${runCounter}`,
    trigger: 'manual',
  });
  lap('runB');
  const s2 = await snapshot(h.store, knex);
  // An operation of the first run only (tags of accounts seen for the first time) may not be
  // called again.
  const calledInB =
    (h.meter.snapshot()[faulted] ?? 0) > (beforeB[faulted] ?? 0);
  ok(
    !calledInB || runB.errors.length >= 1,
    'a faulted operation is reported',
    faulted,
  );
  const failedSources = runB.errors.filter(e => e.source).map(e => e.source!);
  if (runB.status === 'failed') {
    ok(
      JSON.stringify([...s2.health]) === JSON.stringify([...s1.health]),
      'a failed inventory changes no health',
    );
    ok(
      JSON.stringify([...s2.compliance]) === JSON.stringify([...s1.compliance]),
      'a failed inventory changes no compliance',
    );
  } else {
    ok(
      runB.errors.every(e => e.source && !e.tenantId),
      'a failed call is reported once, by its source',
      runB.errors,
    );
    ok(
      JSON.stringify([...s2.tenants]) === JSON.stringify([...s1.tenants]),
      'no tenant summary changes',
      faulted,
    );
    const error = (source: string) =>
      runB.errors.find(e => e.source === source)?.message;
    for (const [tenantId, c1] of s1.compliance) {
      const c2 = s2.compliance.get(tenantId);
      ok(!!c2, 'compliance is kept for every tenant', tenantId);
      ok(
        JSON.stringify(omit(c2!, ['stale', 'collectedAt'])) ===
          JSON.stringify(omit(c1, ['stale', 'collectedAt'])),
        "a failed source never changes another source's values (compliance)",
        { faulted, tenantId, before: c1, after: c2 },
      );
      const staleKeys = Object.keys(c2!.stale ?? {}).sort();
      const expected = failedSources.filter(s => s !== 'cloudWatch').sort();
      ok(
        JSON.stringify(staleKeys) === JSON.stringify(expected),
        'exactly the failed sources are marked stale',
        { staleKeys, expected },
      );
      const marks = (c2!.stale ?? {}) as Record<
        string,
        { since: string; error: string }
      >;
      for (const s of staleKeys) {
        const mark = marks[s];
        ok(
          mark.since === c1.collectedAt && mark.error === error(s),
          'stale since the last read, with the error',
          mark,
        );
      }
    }
    for (const [tenantId, h1] of s1.health) {
      const h2 = s2.health.get(tenantId);
      ok(!!h2, 'health is kept for every tenant', tenantId);
      ok(
        JSON.stringify(omit(h2!, ['stale', 'alarmsStale', 'collectedAt'])) ===
          JSON.stringify(omit(h1, ['stale', 'alarmsStale', 'collectedAt'])),
        "a failed source never changes another source's values (health)",
        { faulted, tenantId },
      );
      const expectStale =
        failedSources.includes('cloudWatch') && !h1.notMonitored;
      ok(
        !!(h2!.stale ?? h2!.alarmsStale) === expectStale,
        'health (its metrics or its alarms) is stale exactly when CloudWatch failed',
        { tenantId, faulted },
      );
    }
  }
  if (process.env.TENANCY_PROPERTY_TIMING) {
    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify(
        Object.entries(timing).map(([k, v]) => [
          k,
          Math.round(v - timing.start),
        ]),
      ),
      t0,
    );
  }
  return {
    checks,
    faulted,
    failedSources,
    tenants: stored.length,
    notInService,
  };
}
