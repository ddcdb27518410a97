/**
 * Benchmark: Cost Explorer at organization scale. For each tenant count (default 1,000 and
 * 10,000) it prints the sandbox start time, then reads one month of daily spend grouped by
 * LINKED_ACCOUNT and SERVICE through the real SDK, following every NextPageToken, and prints
 * the time, the number of calls (the sandbox's own meter), the groups read, the slowest single
 * answer and peak RSS. It checks that the groups add up to the ungrouped total to the cent.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs packages/aws-sandbox/scripts/bench-billing.ts [tenants...]
 */
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { startSandbox } from '../src';

const MONTH = { Start: '2026-02-01', End: '2026-03-01' };

const cents = (amount?: string) => Math.round(Number(amount) * 100);

async function run(tenants: number) {
  let peakRss = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  const sandbox = await startSandbox({ port: 0, tenants, seed: 1 });
  const startMs = performance.now() - t0;
  const ce = new CostExplorerClient({
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
  try {
    sandbox.resetStats();
    const t1 = performance.now();
    let token: string | undefined;
    let groups = 0;
    let slowest = 0;
    const byDay = new Map<string, number>();
    do {
      const c0 = performance.now();
      const page: GetCostAndUsageCommandOutput = await ce.send(
        new GetCostAndUsageCommand({
          TimePeriod: MONTH,
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
          GroupBy: [
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
          ],
          NextPageToken: token,
        }),
      );
      slowest = Math.max(slowest, performance.now() - c0);
      for (const r of page.ResultsByTime ?? []) {
        const day = r.TimePeriod!.Start!;
        for (const g of r.Groups ?? []) {
          groups++;
          byDay.set(
            day,
            (byDay.get(day) ?? 0) + cents(g.Metrics!.UnblendedCost.Amount),
          );
        }
      }
      token = page.NextPageToken;
    } while (token);
    const readMs = performance.now() - t1;
    const calls = sandbox.stats().calls['CostExplorer.GetCostAndUsage'] ?? 0;

    const t2 = performance.now();
    const total = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: MONTH,
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
      }),
    );
    const totalMs = performance.now() - t2;
    const mismatches = total.ResultsByTime!.filter(
      r =>
        cents(r.Total!.UnblendedCost.Amount) !==
        byDay.get(r.TimePeriod!.Start!),
    ).length;

    console.log(
      [
        `tenants ${tenants}:`,
        `start ${(startMs / 1000).toFixed(2)} s;`,
        `one month daily by LINKED_ACCOUNT × SERVICE: ${(readMs / 1000).toFixed(
          2,
        )} s,`,
        `${calls} GetCostAndUsage calls, ${groups} groups,`,
        `slowest answer ${slowest.toFixed(0)} ms;`,
        `ungrouped total ${(totalMs / 1000).toFixed(2)} s,`,
        `reconciled to the cent: ${
          mismatches === 0 ? 'yes' : `NO (${mismatches} days differ)`
        };`,
        `peak RSS ${Math.round(peakRss / 1048576)} MB`,
      ].join(' '),
    );
  } finally {
    clearInterval(sample);
    ce.destroy();
    await sandbox.stop();
  }
}

async function main() {
  const counts = process.argv.slice(2).map(Number);
  for (const n of counts.length ? counts : [1_000, 10_000]) {
    await run(n);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
