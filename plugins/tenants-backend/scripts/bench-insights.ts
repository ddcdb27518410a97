/*
 * Benchmark of the tenants refresh (inventory + spend, health, compliance) against the AWS sandbox.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/bench-insights.ts [N ...] [--regions=us-east-1,eu-central-1]
 *
 * `--regions` is `tenancy.aws.regions` of the refresh (default the demo's us-east-1,eu-central-1):
 * regional sources (CloudWatch metrics and alarms, GuardDuty) are read, and bounded, per region.
 * Per N (default 100, 1000, 10000): the sandbox runs as a child process (its CPU and memory are
 * not ours); the refresh runs twice on a SQLite database in a file (as the demo deploys it: an
 * in-memory database would count the whole database in this process's RSS, ~85 MiB per 1,000
 * tenants) — cold (closed months, all tags) and steady state — and prints AWS calls by operation, the steady refresh's lower bound L(N) term by term
 * (./lowerBound.ts: the design's terms plus the other sources the refresh must read) and the ratio,
 * the design's rough formula (⌈N/20⌉ + ⌈N·M/500⌉ + ⌈N·S/P⌉ + a few) for reference, refresh time, peak RSS of this process during each run (the
 * cold start's, then the steady refresh's; goal ≤ 512 MiB at N = 10,000 — the refresh works in
 * batches of `tenancy.refresh.batchSize` tenants, docs/memory.md), and the
 * naive per-tenant strategy's calls by operation (./naiveStrategy.ts; run for real up to
 * N = 1,000, extrapolated per tenant above), and the AWS calls per day of the hourly full
 * refresh against each source on its default cadence (./cadenceCalls.ts).
 */
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { startSandboxProcess } from '@tenancy/aws-sandbox';
import { createSandboxRefresh } from '../src/__testUtils__/sourcesSandboxHarness';
import { runNaive } from './naiveStrategy';
import { steadyLowerBound } from './lowerBound';
import { DEFAULT_METRICS } from '../src/health/metricPlan';
import { cadenceCalls, sum } from './cadenceCalls';

const PAGE = 1000; // Cost Explorer groups per page
const METRIC_QUERIES = DEFAULT_METRICS.length; // one 7-day window per metric and tenant

/** The design's rough formula ⌈N/20⌉ + ⌈N·M/500⌉ + ⌈N·S/P⌉ + a few, with "a few" = 10. */
function designFormula(n: number, services: number) {
  return (
    Math.ceil(n / 20) +
    Math.ceil((n * METRIC_QUERIES) / 500) +
    Math.ceil((n * services) / PAGE) +
    10
  );
}

/**
 * With `node --expose-gc`, collects garbage each second and keeps the peak heap used right after
 * (`liveHeapMiB`: the live data, not the garbage V8 has not collected yet); with
 * `BENCH_HEAP_SNAPSHOT_EVERY_S` set, also writes a heap snapshot (v8.writeHeapSnapshot, into the
 * working directory) that often during the steady refresh; with `BENCH_HEAP_SNAPSHOT_ABOVE_MIB`
 * set, writes one snapshot (`above-<cold|steady>.heapsnapshot`) the first time the heap after a
 * collection holds that many MiB. Without `--expose-gc`, does nothing.
 */
function liveHeapSampler() {
  const gc = (globalThis as { gc?: () => void }).gc;
  const every = Number(process.env.BENCH_HEAP_SNAPSHOT_EVERY_S ?? 0);
  const above =
    Number(process.env.BENCH_HEAP_SNAPSHOT_ABOVE_MIB ?? 0) * 1048576;
  let livePeak = 0;
  let label: string | undefined;
  let phase = 'cold';
  let aboveTaken = false;
  let lastSnapshot = Date.now();
  let count = 0;
  const timer = gc
    ? setInterval(() => {
        gc();
        const used = process.memoryUsage().heapUsed;
        livePeak = Math.max(livePeak, used);
        if (above > 0 && !aboveTaken && used >= above) {
          aboveTaken = true;
          writeHeapSnapshot(`above-${phase}.heapsnapshot`);
        }
        if (label && every > 0 && Date.now() - lastSnapshot >= every * 1000) {
          lastSnapshot = Date.now();
          count += 1;
          writeHeapSnapshot(`${label}-${count}.heapsnapshot`);
        }
      }, 1000)
    : undefined;
  return {
    reset(snapshotLabel?: string, phaseName = 'cold') {
      livePeak = 0;
      label = snapshotLabel;
      phase = phaseName;
      lastSnapshot = Date.now();
    },
    peak: () =>
      gc ? { liveHeapMiB: Math.round(livePeak / 1048576) } : undefined,
    stop: () => clearInterval(timer),
  };
}

async function benchOne(n: number, regions: string[]) {
  const sandbox = await startSandboxProcess({
    tenants: n,
    seed: 1,
    args: ['--clock', 'real'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-insights-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'tenants.sqlite') },
    useNullAsDefault: true,
  });
  let peak = process.memoryUsage().rss;
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) {
      peak = m.rss;
      atPeak = m;
    }
  }, 25);
  const mib = (b: number) => Math.round(b / 1048576);
  /** What the RSS held at its peak: V8's heap (used, and reserved), Buffers and ArrayBuffers. */
  const breakdown = (m: NodeJS.MemoryUsage) => ({
    heapUsedMiB: mib(m.heapUsed),
    heapTotalMiB: mib(m.heapTotal),
    externalMiB: mib(m.external),
    arrayBuffersMiB: mib(m.arrayBuffers),
  });
  const live = liveHeapSampler();
  try {
    const h = await createSandboxRefresh(sandbox.endpoint, knex, { regions });
    const runs = [];
    for (const kind of ['cold', 'steady']) {
      peak = process.memoryUsage().rss;
      atPeak = process.memoryUsage();
      const rssBeforeMiB = mib(peak);
      live.reset(kind === 'steady' ? `steady-${n}` : undefined, kind);
      const t0 = performance.now();
      const run = await h.refresher.run({
        id: `${kind}-${n}`,
        trigger: 'manual',
      });
      runs.push({
        kind,
        run,
        seconds: (performance.now() - t0) / 1000,
        peakRssMiB: Math.round(peak / 1048576),
        rssBeforeMiB,
        atPeakRss: breakdown(atPeak),
        ...live.peak(),
      });
    }
    live.reset();
    const bound = await steadyLowerBound(
      knex,
      new Date().toISOString().slice(0, 10),
    );
    const cadences = await cadenceCalls(
      h.refresher,
      runs[1].run,
      n,
      bound.terms,
      {
        reset: () => {
          peak = process.memoryUsage().rss;
        },
        peakRssMiB: () => Math.round(peak / 1048576),
      },
    );
    const month = new Date().toISOString().slice(0, 7);
    const services = await knex('tenant_spend_facts')
      .where({ dimension: 'SERVICE' })
      .where('period_start', '>=', `${month}-01`)
      .count({ c: '*' })
      .first();
    const s = Math.max(
      1,
      Math.round(Number(services?.c ?? 0) / Math.max(1, n)),
    );
    const design = designFormula(n, s);
    const L = bound.total;
    const tenants = (
      await h.store.listTenants({ limit: 100, offset: 0 } as never)
    ).items;
    let naive: {
      calls: number;
      extrapolated: boolean;
      byOperation: Record<string, number>;
    };
    h.meter.reset();
    if (n <= 1000) {
      const all = await knex('tenants').select(
        'tenant_id as tenantId',
        'account_id as accountId',
      );
      await runNaive(h.clients, all as never, new Date());
      naive = {
        calls: sum(h.meter.snapshot()),
        extrapolated: false,
        byOperation: h.meter.snapshot(),
      };
    } else {
      await runNaive(h.clients, tenants as never, new Date());
      naive = {
        calls: Math.round((sum(h.meter.snapshot()) / tenants.length) * n),
        extrapolated: true,
        byOperation: h.meter.snapshot(),
      };
    }
    const byRegion: Record<string, number> = {};
    const bySource: Record<string, number> = {};
    for (const t of bound.terms) {
      byRegion[t.region ?? 'global'] =
        (byRegion[t.region ?? 'global'] ?? 0) + t.calls;
      bySource[t.source] = (bySource[t.source] ?? 0) + t.calls;
    }
    const out = {
      N: n,
      regions,
      lowerBound: {
        L,
        byRegion,
        bySource,
        terms: bound.terms,
        design: {
          L: design,
          formula: `ceil(N/20) + ceil(N*${METRIC_QUERIES}/500) + ceil(N*${s}/${PAGE}) + 10`,
          servicesPerAccount: s,
        },
      },
      runs: runs.map(r => ({
        kind: r.kind,
        status: r.run.status,
        errors: r.run.errors.length,
        tenants: r.run.tenantCount,
        calls: sum(r.run.awsCalls),
        ratio: Number((sum(r.run.awsCalls) / L).toFixed(2)),
        refreshSeconds: Number(r.seconds.toFixed(2)),
        peakRssMiB: r.peakRssMiB,
        rssBeforeMiB: r.rssBeforeMiB,
        atPeakRss: r.atPeakRss,
        ...(r.liveHeapMiB !== undefined ? { liveHeapMiB: r.liveHeapMiB } : {}),
        byOperation: r.run.awsCalls,
      })),
      cadences,
      peakRssMiB: Math.max(...runs.map(r => r.peakRssMiB)),
      naive: {
        ...naive,
        vsSteady: Number((naive.calls / sum(runs[1].run.awsCalls)).toFixed(1)),
      },
    };
    // eslint-disable-next-line no-console
    console.log(JSON.stringify(out, null, 2));
    const steady = out.runs[1];
    for (const t of bound.terms.filter(x => x.region)) {
      // eslint-disable-next-line no-console
      console.log(`  ${t.region} ${t.operation}: ${t.calls} (${t.rule})`);
    }
    // eslint-disable-next-line no-console
    console.log(
      `  L(N) by region: ${Object.entries(byRegion)
        .map(([r, c]) => `${r} ${c}`)
        .join(', ')}; by source: ${Object.entries(bySource)
        .map(([k, c]) => `${k} ${c}`)
        .join(', ')}`,
    );
    // eslint-disable-next-line no-console
    console.log(
      `N=${n} regions ${regions.join(',')}: steady ${
        steady.calls
      } calls, L(N) ${L}, ratio ${steady.ratio} ` +
        `(DESIGN formula ${design}); naive ${naive.calls} calls = ${out.naive.vsSteady}× steady; ` +
        `steady refresh ${steady.refreshSeconds} s; peak RSS: cold start ${out.runs[0].peakRssMiB} MiB ` +
        `(${out.runs[0].refreshSeconds} s), steady refresh ${
          steady.peakRssMiB
        } MiB (goal ≤ 512 MiB at N = 10,000; V8 heap limit ${Math.round(
          getHeapStatistics().heap_size_limit / 1048576,
        )} MiB: node's default is sized from the machine's or the container's memory, --max-old-space-size sets it)`,
    );
    // eslint-disable-next-line no-console
    console.log(
      `N=${n} per day: hourly full refresh ${cadences.callsPerDay.hourlyFull} calls ` +
        `(${cadences.costExplorerPagesPerDay.hourlyFull} Cost Explorer pages, USD ${cadences.costExplorerUsdPerMonth.hourlyFull}/month); ` +
        `default cadences ${cadences.callsPerDay.cadences} calls ` +
        `(${
          cadences.costExplorerPagesPerDay.cadences
        } Cost Explorer pages, USD ${
          cadences.costExplorerUsdPerMonth.cadences
        }/month); by source ${Object.entries(cadences.bySource)
          .map(
            ([k, v]) =>
              `${k} ${v.callsPerRun}×${v.runsPerDay}/day (peak RSS ${v.peakRssMiB} MiB)`,
          )
          .join(', ')}`,
    );
    const money = (c: typeof cadences.usdPerMonth.cadences) =>
      `USD ${c.total} (Cost Explorer ${c.costExplorer}, GetMetricData ${c.getMetricData}, other CloudWatch ${c.cloudWatchOther})`;
    // eslint-disable-next-line no-console
    console.log(
      `N=${n} AWS API charges a month: hourly full refresh ${money(
        cadences.usdPerMonth.hourlyFull,
      )}; default cadences ${money(cadences.usdPerMonth.cadences)}; share ${
        cadences.usdPerMonth.share
      } (goal ≤ 0.333); by source ${Object.entries(cadences.bySource)
        .map(([k, v]) => `${k} ${v.usdPerMonth.total}`)
        .join(', ')}; cadences ${
        cadences.callsPerDay.cadences
      } calls a day against their bound ${
        cadences.cadenceBound.perDay
      }: ratio ${cadences.cadenceBound.ratio} (goal ≤ 1.1)`,
    );
  } finally {
    clearInterval(sampler);
    live.stop();
    await knex.destroy();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const ns = args.map(Number).filter(Boolean);
  const regionsArg = args.find(a => a.startsWith('--regions='));
  const regions = regionsArg
    ? regionsArg.slice('--regions='.length).split(',').filter(Boolean)
    : ['us-east-1', 'eu-central-1'];
  for (const n of ns.length ? ns : [100, 1000, 10000])
    await benchOne(n, regions);
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
