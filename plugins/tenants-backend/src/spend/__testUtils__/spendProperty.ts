/**
 * The spend snapshot's invariants, checked against a random sandbox organization (used by the
 * package's property test and by `scripts/spend-property.ts`; nothing here depends on jest):
 *
 * 1. For every stored month: tenants + shared + unallocated + not attributed = organization
 *    total, to the cent, and so do the by-service rows ("No linked account" included); the
 *    total is Cost Explorer's ungrouped total of the month and the part not attributed is that
 *    total minus the LINKED_ACCOUNT groups (read independently).
 * 2. A failed Cost Explorer call changes no other value: after a second refresh with faults on
 *    random queries, the facts of each failed part are exactly those of the first refresh, and
 *    those of every other part equal those of the same second refresh without faults, run from
 *    the same stored state.
 */
import fc from 'fast-check';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import {
  addMonths,
  monthOf,
  monthRange,
  monthsBetween,
} from '@tenancy/plugin-tenants-common';
import { SpendStore } from '../SpendStore';
import { SpendPart, SPEND_PARTS } from '../spendFetch';
import { buildFleetSpend } from '../fleetModel';
import { amountToCents, parseAmount } from '../money';
import type { SpendFact } from '../spendModel';
import {
  ceClient,
  clearSnapshot,
  copySnapshot,
  database,
  METRIC,
  PartFault,
  refresh,
  tenantAccounts,
  truth,
} from './spendSandbox';

const DAY = 86_400_000;

/** One generated case. */
export interface SpendCase {
  seed: number;
  tenants: number;
  /** Days after 2026-01-01 of the first refresh. */
  firstDay: number;
  /** Days between the first and the second refresh. */
  gapDays: number;
  /** The parts whose query fails in the second refresh, and how. */
  faults: PartFault[];
}

/** What one case checked. */
export interface SpendCaseResult {
  checks: number;
  /** Months whose groups added to less than the total. */
  monthsWithGap: number;
}

const DIMENSION_OF: Record<SpendPart, SpendFact['dimension']> = {
  recordTypes: 'RECORD_TYPE',
  services: 'SERVICE',
  organizationTotal: 'ORG_TOTAL',
  daily: 'TOTAL',
  tags: 'TAG',
};

/** Every fact of the metric in `store` (one query; the checks below filter it). */
function allFacts(store: SpendStore): Promise<SpendFact[]> {
  return store.spendFacts({ metric: METRIC, from: '0000', to: '9999' });
}

/**
 * The facts of `dimension` with period start in [from, to) (as SpendStore.spendFacts selects
 * them), one comparable line each, sorted.
 */
function factsOf(
  facts: SpendFact[],
  dimension: SpendFact['dimension'],
  from: string,
  to: string,
  withEstimated: boolean,
): string[] {
  return facts
    .filter(
      f =>
        f.dimension === dimension &&
        f.periodStart >= from &&
        f.periodStart < to,
    )
    .map(f =>
      [
        f.granularity,
        f.periodStart,
        f.accountId,
        f.key,
        String(f.amount),
        withEstimated ? String(f.estimated) : '',
      ].join('|'),
    )
    .sort();
}

function fail(c: SpendCase, message: string): never {
  throw new Error(`${message} (case ${JSON.stringify(c)})`);
}

function assertEqual(c: SpendCase, what: string, a: unknown, b: unknown) {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x !== y) fail(c, `${what}: ${x.slice(0, 300)} ≠ ${y.slice(0, 300)}`);
}

/**
 * What the cases share, built once: one sandbox (reset to each case's organization, as a new
 * sandbox started with its seed and size at its first refresh's time would hold), a clean and a
 * faulty Cost Explorer client of it (the faulty one fails the parts {@link SpendRig.setFaults}
 * names) and two in-memory databases, migrated once and emptied before each case.
 */
export interface SpendRig {
  sandbox: RunningSandbox;
  clean: CostExplorerClient;
  faulty: CostExplorerClient;
  setFaults(faults: PartFault[]): void;
  a: Awaited<ReturnType<typeof database>>;
  ref: Awaited<ReturnType<typeof database>>;
  close(): Promise<void>;
}

/** Builds the {@link SpendRig}; close it when done. */
export async function createSpendRig(): Promise<SpendRig> {
  const sandbox = await startSandbox({
    port: 0,
    seed: 1,
    tenants: 5,
    clock: new Date(Date.UTC(2026, 0, 1)),
  });
  let faults: PartFault[] = [];
  const clean = ceClient(sandbox);
  const faulty = ceClient(sandbox, () => faults);
  const a = await database();
  const ref = await database();
  return {
    sandbox,
    clean,
    faulty,
    setFaults: f => {
      faults = f;
    },
    a,
    ref,
    close: async () => {
      clean.destroy();
      faulty.destroy();
      await a.knex.destroy();
      await ref.knex.destroy();
      await sandbox.stop();
    },
  };
}

/**
 * Runs one case on `shared` (or on a rig of its own); throws an Error describing the first
 * violated invariant.
 */
export async function runSpendCase(
  c: SpendCase,
  shared?: SpendRig,
): Promise<SpendCaseResult> {
  const t1 = new Date(Date.UTC(2026, 0, 1) + c.firstDay * DAY + 10 * 3_600_000);
  const t2 = new Date(t1.getTime() + c.gapDays * DAY);
  const rig = shared ?? (await createSpendRig());
  const { sandbox, clean, faulty, a, ref } = rig;
  sandbox.clock.set(t1);
  sandbox.reset({ seed: c.seed, tenants: c.tenants });
  rig.setFaults(c.faults);
  await clearSnapshot(a.knex);
  await clearSnapshot(ref.knex);
  let checks = 0;
  let monthsWithGap = 0;
  const started = Date.now();
  const lap = (what: string) => {
    if (process.env.SPEND_PROPERTY_TRACE) {
      // eslint-disable-next-line no-console
      console.log(`${what}: ${Date.now() - started} ms`);
    }
  };
  try {
    const tenants = await tenantAccounts(sandbox);
    lap('tenants');
    const first = await refresh(a.store, clean, tenants, t1);
    lap('first refresh');
    assertEqual(c, 'first refresh failures', first.failed, {});
    const oldest = addMonths(monthOf(t2), -12);
    const from = `${oldest}-01`;
    const end = monthRange(monthOf(t2)).end;
    const before = new Map<SpendPart, string[]>();
    const firstFacts = await allFacts(a.store);
    for (const part of Object.keys(SPEND_PARTS) as SpendPart[]) {
      before.set(
        part,
        factsOf(firstFacts, DIMENSION_OF[part], '0000', '9999', true),
      );
    }

    // The reference: the same second refresh without faults, from the same stored state.
    await copySnapshot(a.knex, ref.knex);
    sandbox.clock.set(t2);
    const second = await refresh(a.store, faulty, tenants, t2);
    lap('second refresh');
    const reference = await refresh(ref.store, clean, tenants, t2);
    lap('reference refresh');
    assertEqual(c, 'reference failures', reference.failed, {});
    const aFacts = await allFacts(a.store);
    const refFacts = await allFacts(ref.store);
    const expectedFailed = new Set<SpendPart>(c.faults.map(f => f.part));
    if (expectedFailed.has('recordTypes')) expectedFailed.add('tags');
    for (const part of Object.keys(SPEND_PARTS) as SpendPart[]) {
      const failed = Boolean(second.failed[part]);
      // tags are not read at all when no non-tenant account has spend or the tag is inactive.
      if (part !== 'tags' || failed) {
        if (failed !== expectedFailed.has(part)) {
          fail(
            c,
            `part ${part} failed=${failed}, expected ${expectedFailed.has(
              part,
            )}`,
          );
        }
      }
      checks++;
      const dim = DIMENSION_OF[part];
      if (failed) {
        // A failed part keeps exactly its last values.
        assertEqual(
          c,
          `${part} facts after its query failed`,
          factsOf(aFacts, dim, '0000', '9999', true),
          before.get(part),
        );
      } else {
        // Every other part is as fresh as a fault-free refresh (amounts; Estimated may differ
        // for days read while their month was open).
        const fromDay =
          part === 'daily' ? `${addMonths(monthOf(t2), -1)}-01` : from;
        assertEqual(
          c,
          `${part} facts next to failed parts`,
          factsOf(aFacts, dim, fromDay, end, false),
          factsOf(refFacts, dim, fromDay, end, false),
        );
      }
      checks++;
    }

    // Invariant 1 on the fault-free snapshot, every stored month, against the independent truth.
    lap('parts compared');
    const { totals, groups } = await truth(clean, from, addDays1(t2));
    lap('truth');
    // Each month's view gets the facts the fleet route reads for it (period start in
    // [previous month, end of month), as SpendStore.spendFacts selects), from the snapshot read.
    const factsFor = (facts: SpendFact[], month: string) => {
      const lo = `${addMonths(month, -1)}-01`;
      const hi = monthRange(month).end;
      return facts.filter(f => f.periodStart >= lo && f.periodStart < hi);
    };
    const refSnapshot = {
      facts: refFacts,
      tagStatus: await ref.store.tagStatus(METRIC),
    };
    const aSnapshot = {
      facts: aFacts,
      tagStatus: await a.store.tagStatus(METRIC),
    };
    for (const month of monthsBetween(oldest, monthOf(t2))) {
      const view = buildFleetSpend({
        facts: factsFor(refSnapshot.facts, month),
        tenants,
        month,
        now: t2,
        metric: METRIC,
        tagStatus: refSnapshot.tagStatus,
        previousKnown: month > oldest,
      });
      const cents = (s: string | undefined) => amountToCents(parseAmount(s));
      const sum =
        cents(view.tenantsTotal) +
        cents(view.shared) +
        cents(view.unallocated) +
        cents(view.notAttributed);
      if (sum !== cents(view.total)) {
        fail(c, `${month}: parts ${sum} ≠ total ${cents(view.total)}`);
      }
      // By service too, the part no linked account carries included ("No linked account").
      const byService = view.byService.reduce(
        (acc, r) => acc + cents(r.amount),
        0n,
      );
      if (byService !== cents(view.total)) {
        fail(
          c,
          `${month}: by service ${byService} ≠ total ${cents(view.total)}`,
        );
      }
      checks += 2;
      const total = amountToCents(totals.get(month) ?? 0n);
      const gap = total - amountToCents(groups.get(month) ?? 0n);
      assertEqual(
        c,
        `${month} total`,
        String(cents(view.total)),
        String(total),
      );
      assertEqual(
        c,
        `${month} not attributed`,
        String(cents(view.notAttributed)),
        String(gap),
      );
      checks += 2;
      if (gap !== 0n) monthsWithGap++;
      // The faulty snapshot keeps the invariant too.
      const faultyView = buildFleetSpend({
        facts: factsFor(aSnapshot.facts, month),
        tenants,
        month,
        now: t2,
        metric: METRIC,
        tagStatus: aSnapshot.tagStatus,
      });
      const fsum =
        cents(faultyView.tenantsTotal) +
        cents(faultyView.shared) +
        cents(faultyView.unallocated) +
        cents(faultyView.notAttributed);
      if (fsum !== cents(faultyView.total)) {
        fail(
          c,
          `${month} (with faults): parts ${fsum} ≠ total ${cents(
            faultyView.total,
          )}`,
        );
      }
      checks++;
    }
    lap('months');
    return { checks, monthsWithGap };
  } finally {
    if (!shared) await rig.close();
  }
}

function addDays1(d: Date): string {
  return new Date(d.getTime() + DAY).toISOString().slice(0, 10);
}

/** Random sandbox organizations, refresh dates and faults on random Cost Explorer queries. */
export const spendCases: fc.Arbitrary<SpendCase> = fc.record({
  seed: fc.integer({ min: 1, max: 100_000 }),
  tenants: fc.integer({ min: 5, max: 7 }),
  firstDay: fc.integer({ min: 0, max: 330 }),
  gapDays: fc.integer({ min: 0, max: 40 }),
  faults: fc.uniqueArray(
    fc.record({
      part: fc.constantFrom(...(Object.keys(SPEND_PARTS) as SpendPart[])),
      error: fc.constantFrom(
        'DataUnavailable' as const,
        'LimitExceeded' as const,
      ),
    }),
    { selector: f => f.part, maxLength: 3 },
  ),
});
