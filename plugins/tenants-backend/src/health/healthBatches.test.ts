import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import type { CollectorContext } from '@tenancy/plugin-tenants-node';
import { HealthCollector } from './HealthCollector';
import type { HealthStore } from './HealthStore';
import type { TenantsStore } from '../inventory/store/types';
import { DEFAULT_METRICS } from './metricPlan';

// Memory bound of the health refresh (docs/memory.md): the collector writes each batch before
// it reads the next, so the series held at once are one batch's plus a region's carried-over
// partial call — never N tenants'. Counted with an injected store, exact values.
const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const M = DEFAULT_METRICS.length; // 8 series per tenant

function fleet(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    tenantId: `t${i}`,
    accountId: String(100000000000 + i),
    state: 'ACTIVE' as const,
  }));
}

async function runWithCountingStore(n: number, batchSize: number) {
  let seriesAnswered = 0;
  let tenantsWritten = 0;
  const inFlight: number[] = [];
  const batches: number[] = [];
  const summaries: number[] = [];
  cw.on(GetMetricDataCommand).callsFake(input => {
    seriesAnswered += input.MetricDataQueries.length;
    return {
      MetricDataResults: input.MetricDataQueries.map((q: { Id: string }) => ({
        Id: q.Id,
        StatusCode: 'Complete',
        Timestamps: [],
        Values: [],
      })),
    };
  });
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  const store = {
    batches: {
      writeBatch: async (items: unknown[], remove: string[] = []) => {
        // tenants whose series were read and not yet written, this batch included
        inFlight.push(Math.ceil(seriesAnswered / M) - tenantsWritten);
        tenantsWritten += items.length;
        batches.push(items.length + remove.length);
      },
      keepOnly: async () => {},
      valuesOf: async () => new Map(),
    },
  } as unknown as HealthStore;
  const tenants = {
    updateTenantSummaries: async (u: unknown[]) => {
      summaries.push(u.length);
    },
  } as unknown as TenantsStore;
  const collector = new HealthCollector({
    store: async () => store,
    tenants,
    settings: {
      criticalAlarmCount: 3,
      healthThresholds: {},
      concurrency: 1,
      regions: ['us-east-1'],
      batchSize,
    },
  });
  await collector.collect({
    runId: 'r1',
    tenants: fleet(n),
    clients: { cloudWatch: async () => client },
    now: new Date('2025-07-01T14:20:00Z'),
    reportError: () => {},
  } as unknown as CollectorContext);
  return { inFlight, batches, summaries };
}

beforeEach(() => cw.reset());

describe('health refresh memory bound', () => {
  it('1,000 tenants in batches of 100: each batch written before the next is read, GetMetricData calls as without batches', async () => {
    const r = await runWithCountingStore(1000, 100);
    // 800 queries per batch; only full calls of 500 while tenants remain, the rest carries over
    expect(
      cw
        .commandCalls(GetMetricDataCommand)
        .map(c => c.args[0].input.MetricDataQueries!.length),
    ).toEqual(new Array(16).fill(500)); // ⌈1,000 × 8 / 500⌉ = 16, as one unbatched read
    // every tenant is in service: no batch of not-monitored tenants
    expect(r.batches).toEqual([62, 125, 63, 125, 125, 62, 125, 63, 125, 125]);
    expect(r.batches.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(r.summaries).toEqual(r.batches);
    // at most the batch (100) plus the carried-over tenants of one partial call (⌈499 / 8⌉)
    expect(Math.max(...r.inFlight)).toBe(126);
  });

  it('10,000 tenants hold no more than 1,000 tenants: the bound does not grow with N', async () => {
    const small = await runWithCountingStore(1000, 100);
    cw.reset();
    const large = await runWithCountingStore(10000, 100);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(160);
    expect(large.batches.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(Math.max(...large.inFlight)).toBe(Math.max(...small.inFlight));
    expect(Math.max(...large.batches)).toBe(125);
  });
});
