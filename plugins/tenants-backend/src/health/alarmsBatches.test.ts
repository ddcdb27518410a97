import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import type { CollectorContext } from '@tenancy/plugin-tenants-node';
import { AlarmsCollector } from './AlarmsCollector';
import { fetchAlarms } from './alarmsFetch';
import { forEachAlarmPage, type AlarmInfo } from './cloudWatch';
import type { HealthStore } from './HealthStore';
import { alarmAssigner } from './status';
import type { TenantsStore } from '../inventory/store/types';

// Memory bound of the alarms read (docs/memory.md): DescribeAlarms is read page by page, each
// page's alarms assigned as it arrives (only the tenants' alarms kept), and the stored health is
// read and written one batch of tenants at a time — never every tenant's series. Exact values.
const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });

function fleet(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    tenantId: `t${i}`,
    accountId: String(100000000000 + i),
    state: 'ACTIVE' as const,
  }));
}

/** `perTenant` alarms named by tenant prefix for each of `n` tenants, plus `others` of no tenant, 100 a page. */
function alarmPages(n: number, perTenant: number, others: number) {
  const all = [
    ...Array.from({ length: n * perTenant }, (_, i) => ({
      AlarmName: `t${i % n}-alarm-${Math.floor(i / n)}`,
      StateValue: i % 7 === 0 ? 'ALARM' : 'OK',
      StateReason: i % 7 === 0 ? 'Threshold Crossed' : 'Back to normal',
    })),
    ...Array.from({ length: others }, (_, i) => ({
      AlarmName: `platform-alarm-${i}`,
      StateValue: 'OK',
      StateReason: 'Back to normal',
    })),
  ];
  const pages = [];
  for (let i = 0; i < all.length; i += 100)
    pages.push({
      MetricAlarms: all.slice(i, i + 100),
      NextToken: i + 100 < all.length ? `p${i + 100}` : undefined,
    });
  return pages;
}

function answerPages(pages: ReturnType<typeof alarmPages>) {
  cw.on(DescribeAlarmsCommand).callsFake(input => {
    const at = input.NextToken ? Number(String(input.NextToken).slice(1)) : 0;
    return pages[at / 100];
  });
}

/** The assignment before it was indexed: every tenant id tried, longest first. */
function naiveOwners(
  a: Pick<AlarmInfo, 'name' | 'accountIds'>,
  tenants: Array<{ tenantId: string; accountId: string }>,
): string[] {
  const byAccount = new Map(tenants.map(t => [t.accountId, t.tenantId]));
  const fromMetrics = a.accountIds
    .map(id => byAccount.get(id))
    .filter(Boolean) as string[];
  if (fromMetrics.length) return [...new Set(fromMetrics)];
  const inName = (a.name.match(/\d{12}/g) ?? [])
    .map(id => byAccount.get(id))
    .find(Boolean);
  if (inName) return [inName];
  const prefix = tenants
    .map(t => t.tenantId)
    .sort((x, y) => y.length - x.length)
    .find(id => [`${id}-`, `${id}/`, `${id}:`].some(p => a.name.startsWith(p)));
  return prefix ? [prefix] : [];
}

beforeEach(() => cw.reset());

describe('alarms read memory bound', () => {
  it('hands each DescribeAlarms page over before the next page is read', async () => {
    answerPages(alarmPages(100, 3, 50)); // 350 alarms: 4 pages
    const seen: Array<[calls: number, alarms: number]> = [];
    await forEachAlarmPage(client, 'us-east-1', page => {
      seen.push([cw.commandCalls(DescribeAlarmsCommand).length, page.length]);
    });
    expect(seen).toEqual([
      [1, 100],
      [2, 100],
      [3, 100],
      [4, 50],
    ]);
  });

  it('keeps only the tenants’ alarms, counted per region, with the calls of one full read', async () => {
    answerPages(alarmPages(1000, 5, 2000)); // 7,000 alarms a region: 70 pages
    const read = await fetchAlarms(async () => client, {
      tenants: fleet(1000),
      regions: ['us-east-1', 'eu-central-1'],
    });
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(140);
    const held = [...read.byTenant.values()].reduce((a, l) => a + l.length, 0);
    expect(held).toBe(10000); // 1,000 tenants × 5 alarms × 2 regions; the 4,000 others dropped
    expect(read.byTenant.get('t7')!.map(a => a.name)).toEqual([
      't7-alarm-0 (us-east-1)',
      't7-alarm-1 (us-east-1)',
      't7-alarm-2 (us-east-1)',
      't7-alarm-3 (us-east-1)',
      't7-alarm-4 (us-east-1)',
      't7-alarm-0 (eu-central-1)',
      't7-alarm-1 (eu-central-1)',
      't7-alarm-2 (eu-central-1)',
      't7-alarm-3 (eu-central-1)',
      't7-alarm-4 (eu-central-1)',
    ]);
    // alarm i = 7 + 1,000k (k = 0..4) is in ALARM when 7 divides i: only i = 7
    expect(read.regionCounts.get('t7')).toEqual(
      new Map([
        ['us-east-1', { ALARM: 1, OK: 4, INSUFFICIENT_DATA: 0 }],
        ['eu-central-1', { ALARM: 1, OK: 4, INSUFFICIENT_DATA: 0 }],
      ]),
    );
    expect(read.regionCounts.size).toBe(1000);
  });

  it('assigns like trying every tenant id longest first (property, 200 runs)', () => {
    const id = fc.stringMatching(/^[ab]{1,3}([-:][ab]{1,2})?$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { minLength: 1, maxLength: 8 }),
        fc.stringMatching(/^[ab:/-]{0,8}$/),
        fc.boolean(),
        (ids, name, inName) => {
          const tenants = ids.map((tenantId, i) => ({
            tenantId,
            accountId: String(200000000000 + i),
          }));
          const alarm = {
            name: inName ? `${name}-200000000000` : name,
            accountIds: [],
          };
          expect(alarmAssigner(tenants)(alarm)).toEqual(
            naiveOwners(alarm, tenants),
          );
        },
      ),
      { numRuns: 200, seed: 16, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('the alarms collector holds one batch of stored health at 10,000 tenants, as at 1,000', async () => {
    const run = async (n: number) => {
      cw.reset();
      answerPages(alarmPages(n, 1, 0));
      const reads: number[] = [];
      const writes: number[] = [];
      const store = {
        batches: {
          valuesOf: async (ids: string[]) => {
            reads.push(ids.length);
            return new Map();
          },
        },
        updateHealth: async (items: unknown[]) => {
          writes.push(items.length);
          return new Set();
        },
      } as unknown as HealthStore;
      const collector = new AlarmsCollector({
        store: async () => store,
        tenants: {
          updateTenantSummaries: async () => {},
        } as unknown as TenantsStore,
        settings: {
          criticalAlarmCount: 3,
          healthThresholds: {},
          concurrency: 1,
          regions: ['us-east-1'],
          batchSize: 250,
        },
      } as unknown as ConstructorParameters<typeof AlarmsCollector>[0]);
      await collector.collect({
        runId: 'r1',
        tenants: fleet(n),
        clients: { cloudWatch: async () => client },
        now: new Date('2025-07-01T14:20:00Z'),
        reportError: () => {},
      } as unknown as CollectorContext);
      return { reads, writes, calls: cw.commandCalls(DescribeAlarmsCommand) };
    };
    const small = await run(1000);
    expect(small.reads).toEqual([250, 250, 250, 250]);
    expect(small.writes).toEqual(small.reads);
    expect(small.calls).toHaveLength(10);
    const large = await run(10000);
    expect(large.calls).toHaveLength(100);
    expect(large.reads).toEqual(new Array(40).fill(250));
    expect(large.writes).toEqual(large.reads);
  });
});
