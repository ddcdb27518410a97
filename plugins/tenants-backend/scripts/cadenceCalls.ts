/**
 * AWS calls per day of the refresh: today's hourly full refresh against each source on its own
 * default cadence (`DEFAULT_CADENCES`: inventory 24 h, health 1 h, spend 8 h, compliance 6 h).
 * Runs each source once on its own (steady state, after a full refresh) to count its calls.
 */
import { durationToMilliseconds } from '@backstage/types';
import type { RefreshRun } from '@tenancy/plugin-tenants-common';
import { DEFAULT_CADENCES } from '../src/refresh/settings';
import type { BoundTerm } from './lowerBound';

const DAY_SECONDS = 86400;
const MONTH_DAYS = 30;
/** Cost Explorer charges USD 0.01 per GetCostAndUsage request (page). */
const CE_PAGE_USD = 0.01;
const CE_OPERATION = 'CostExplorer.GetCostAndUsage';
/** CloudWatch charges GetMetricData USD 0.01 per 1,000 metrics requested. */
const GMD_METRIC_USD = 0.01 / 1000;
const GMD_OPERATION = 'CloudWatch.GetMetricData';
/**
 * CloudWatch's other API requests (DescribeAlarms) are USD 0.01 per 1,000 requests (the free
 * tier's first million a month not counted). Organizations, Config's aggregator reads,
 * GuardDuty and CloudFormation bill no API request: 0.
 */
const CW_REQUEST_USD = 0.01 / 1000;

/**
 * AWS API charges in USD of one run's calls: Cost Explorer pages, GetMetricData metrics (`metrics`
 * requested by the run's GetMetricData calls), other CloudWatch requests.
 */
function runCharges(calls: Record<string, number>, metrics: number) {
  let cloudWatchOther = 0;
  for (const [op, n] of Object.entries(calls))
    if (op.startsWith('CloudWatch.') && op !== GMD_OPERATION)
      cloudWatchOther += n;
  return {
    costExplorer: (calls[CE_OPERATION] ?? 0) * CE_PAGE_USD,
    getMetricData: (calls[GMD_OPERATION] ? metrics : 0) * GMD_METRIC_USD,
    cloudWatchOther: cloudWatchOther * CW_REQUEST_USD,
  };
}

type Charges = ReturnType<typeof runCharges>;

const usd = (x: number) => Number(x.toFixed(2));
function perMonth(c: Charges, runsPerDay: number) {
  const m = runsPerDay * MONTH_DAYS;
  return {
    costExplorer: usd(c.costExplorer * m),
    getMetricData: usd(c.getMetricData * m),
    cloudWatchOther: usd(c.cloudWatchOther * m),
    total: usd((c.costExplorer + c.getMetricData + c.cloudWatchOther) * m),
  };
}

/** All calls of a run's `awsCalls`. */
export function sum(calls: Record<string, number>) {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/**
 * Calls per day by source at the default cadences, and against the hourly full refresh; with
 * `rss` (the bench's sampler: reset before each source's run, read after it), each source's
 * run's peak RSS in MiB.
 */
export async function cadenceCalls(
  refresher: {
    run(o: {
      id: string;
      trigger: 'schedule';
      sources: string[];
    }): Promise<RefreshRun>;
  },
  steadyFull: RefreshRun,
  n: number,
  /** The steady refresh's lower bound terms (./lowerBound.ts): L per source, metrics read. */
  bound: readonly BoundTerm[],
  rss?: { reset(): void; peakRssMiB(): number },
) {
  const boundOf = (source: string) =>
    bound.filter(t => t.source === source).reduce((a, t) => a + t.calls, 0);
  const metrics = bound.reduce((a, t) => a + (t.metrics ?? 0), 0);
  const bySource: Record<
    string,
    {
      callsPerRun: number;
      runsPerDay: number;
      callsPerDay: number;
      /** The source's L(N) terms × its runs a day. */
      boundPerDay: number;
      usdPerMonth: ReturnType<typeof perMonth>;
      peakRssMiB?: number;
    }
  > = {};
  let cePagesPerDay = 0;
  for (const [source, cadence] of Object.entries(DEFAULT_CADENCES)) {
    rss?.reset();
    const run = await refresher.run({
      id: `${source}-${n}`,
      trigger: 'schedule',
      sources: [source],
    });
    const runsPerDay = DAY_SECONDS / (durationToMilliseconds(cadence) / 1000);
    bySource[source] = {
      callsPerRun: sum(run.awsCalls),
      runsPerDay,
      callsPerDay: Math.round(sum(run.awsCalls) * runsPerDay),
      boundPerDay: Math.round(boundOf(source) * runsPerDay),
      usdPerMonth: perMonth(runCharges(run.awsCalls, metrics), runsPerDay),
      ...(rss ? { peakRssMiB: rss.peakRssMiB() } : {}),
    };
    cePagesPerDay += (run.awsCalls[CE_OPERATION] ?? 0) * runsPerDay;
  }
  const hourlyPerDay = 24 * sum(steadyFull.awsCalls);
  const hourlyCePagesPerDay = 24 * (steadyFull.awsCalls[CE_OPERATION] ?? 0);
  const cadencesPerDay = Object.values(bySource).reduce(
    (a, s) => a + s.callsPerDay,
    0,
  );
  const boundPerDay = Object.values(bySource).reduce(
    (a, s) => a + s.boundPerDay,
    0,
  );
  const hourlyUsd = perMonth(runCharges(steadyFull.awsCalls, metrics), 24);
  const cadencesUsd = Object.values(bySource).reduce(
    (a, s) => ({
      costExplorer: usd(a.costExplorer + s.usdPerMonth.costExplorer),
      getMetricData: usd(a.getMetricData + s.usdPerMonth.getMetricData),
      cloudWatchOther: usd(a.cloudWatchOther + s.usdPerMonth.cloudWatchOther),
      total: usd(a.total + s.usdPerMonth.total),
    }),
    { costExplorer: 0, getMetricData: 0, cloudWatchOther: 0, total: 0 },
  );
  return {
    bySource,
    callsPerDay: { hourlyFull: hourlyPerDay, cadences: cadencesPerDay },
    /** The cadences' calls a day against their bound (goal ≤ 1.1). */
    cadenceBound: {
      perDay: boundPerDay,
      ratio: Number((cadencesPerDay / boundPerDay).toFixed(2)),
    },
    /** AWS API charges a month (USD), and the cadences' share of the hourly refresh's (goal ≤ 1/3). */
    usdPerMonth: {
      hourlyFull: hourlyUsd,
      cadences: cadencesUsd,
      share: Number((cadencesUsd.total / hourlyUsd.total).toFixed(3)),
    },
    costExplorerPagesPerDay: {
      hourlyFull: hourlyCePagesPerDay,
      cadences: Math.round(cePagesPerDay),
    },
    costExplorerUsdPerMonth: {
      hourlyFull: Number((hourlyCePagesPerDay * 30 * CE_PAGE_USD).toFixed(2)),
      cadences: Number((cePagesPerDay * 30 * CE_PAGE_USD).toFixed(2)),
    },
  };
}
