/**
 * AWS calls per day of the refresh: today's hourly full refresh against each source on its own
 * default cadence (`DEFAULT_CADENCES`: inventory 24 h, health 1 h, spend 8 h, compliance 6 h).
 * Runs each source once on its own (steady state, after a full refresh) to count its calls.
 */
import { durationToMilliseconds } from '@backstage/types';
import type { RefreshRun } from '@tenancy/plugin-tenants-common';
import { DEFAULT_CADENCES } from '../src/refresh/settings';

const DAY_SECONDS = 86400;
/** Cost Explorer charges USD 0.01 per GetCostAndUsage request (page). */
const CE_PAGE_USD = 0.01;
const CE_OPERATION = 'CostExplorer.GetCostAndUsage';

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
  rss?: { reset(): void; peakRssMiB(): number },
) {
  const bySource: Record<
    string,
    {
      callsPerRun: number;
      runsPerDay: number;
      callsPerDay: number;
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
  return {
    bySource,
    callsPerDay: { hourlyFull: hourlyPerDay, cadences: cadencesPerDay },
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
