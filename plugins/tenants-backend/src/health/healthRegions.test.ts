import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';
import { sandboxCredentials } from '../__testUtils__/sourcesSandboxHarness';
import {
  fetchHealth,
  mergeRegionSeries,
  tenantReadRegions,
} from './healthFetch';
import { DEFAULT_METRICS } from './metricPlan';

jest.setTimeout(60_000);

const MONITORING = '000000000001';

describe('health per region (one monitoring sink per region)', () => {
  let sandbox: RunningSandbox;
  const clients: CloudWatchClient[] = [];
  let clientFor: (region?: string) => Promise<CloudWatchClient>;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tenants: 50, seed: 1 });
    const creds = sandboxCredentials(sandbox.endpoint);
    const provider = (
      await creds.getCredentialProvider({ accountId: MONITORING })
    ).sdkCredentialProvider;
    const cache = new Map<string, CloudWatchClient>();
    clientFor = async (region = 'us-east-1') => {
      let c = cache.get(region);
      if (!c) {
        c = new CloudWatchClient({
          endpoint: sandbox.endpoint,
          region,
          credentials: provider,
          maxAttempts: 1,
        });
        cache.set(region, c);
        clients.push(c);
      }
      return c;
    };
  });
  afterAll(async () => {
    clients.forEach(c => c.destroy());
    await sandbox.stop();
  });

  it('reads a tenant only in the regions it runs in, adds Sum series of both regions slot by slot and keeps alarms per region', async () => {
    const accounts = sandbox.state.org
      .tenantAccounts()
      .filter(a => a.state === 'ACTIVE');
    const both = accounts.find(
      a => a.tags.regions === 'us-east-1,eu-central-1',
    )!;
    const usOnly = accounts.find(a => a.tags.regions === 'us-east-1')!;
    const tenants = [both, usOnly].map(a => ({
      tenantId: a.tags.tenant!,
      accountId: a.id,
      regions: a.tags.regions!.split(','),
    }));
    const now = sandbox.clock.now();
    const regions = ['us-east-1', 'eu-central-1'];
    const r = await fetchHealth(clientFor, { tenants, now, regions });
    const one = async (region: string) =>
      fetchHealth(clientFor, { tenants, now, regions: [region] });
    const us = await one('us-east-1');
    const eu = await one('eu-central-1');

    const [bothId, usOnlyId] = tenants.map(t => t.tenantId);
    const m = DEFAULT_METRICS.length;
    expect(r.get(bothId)!.regions!.map(x => [x.region, x.seriesRead])).toEqual([
      ['us-east-1', m],
      ['eu-central-1', m],
    ]);
    expect(
      r.get(usOnlyId)!.regions!.map(x => [x.region, x.seriesRead]),
    ).toEqual([
      ['us-east-1', m],
      ['eu-central-1', 0],
    ]);
    // read alone, eu-central-1 is the first region: a tenant running in none of the regions
    // read is asked there (and has no data), never left out
    expect(eu.get(usOnlyId)!.regions![0].seriesRead).toBe(m);
    expect(eu.get(usOnlyId)!.series7d[0].values.every(v => v === null)).toBe(
      true,
    );

    // Sum series add up slot by slot; a slot with data nowhere stays null
    const sumIndex = DEFAULT_METRICS.findIndex(d => d.stat === 'Sum');
    const merged = r.get(bothId)!.series7d[sumIndex].values;
    const a = us.get(bothId)!.series7d[sumIndex].values;
    const b = eu.get(bothId)!.series7d[sumIndex].values;
    expect(merged).toEqual(
      a.map((x, i) =>
        x === null && b[i] === null ? null : (x ?? 0) + (b[i] ?? 0),
      ),
    );
    // eu-central-1 has its own traffic for the tenant
    expect(b.some(v => v !== null && v > 0)).toBe(true);
    expect(b).not.toEqual(a);

    // alarms of each region are counted and named with their region
    const perRegion = r.get(bothId)!.regions!;
    const total = (x: {
      ALARM: number;
      OK: number;
      INSUFFICIENT_DATA: number;
    }) => x.ALARM + x.OK + x.INSUFFICIENT_DATA;
    expect(total(perRegion[1].alarms)).toBeGreaterThan(0);
    expect(total(r.get(bothId)!.alarms)).toBe(
      total(perRegion[0].alarms) + total(perRegion[1].alarms),
    );
    expect(
      r.get(bothId)!.alarmList.filter(x => x.name.endsWith(' (eu-central-1)'))
        .length,
    ).toBe(total(perRegion[1].alarms));
    expect(total(r.get(usOnlyId)!.regions![1].alarms)).toBe(0);
  });

  it('merges percentiles by the worst region and sums only Sum statistics', () => {
    const a = { values: [1, null, 3, null], partial: false };
    const b = { values: [2, 5, null, null], partial: true };
    expect(mergeRegionSeries('Sum', [a, b])).toEqual({
      values: [3, 5, 3, null],
      partial: true,
    });
    expect(mergeRegionSeries('p95', [a, b])).toEqual({
      values: [2, 5, 3, null],
      partial: true,
    });
    expect(mergeRegionSeries('Sum', [a])).toBe(a);
  });

  it('reads a tenant without a regions tag in the first region', () => {
    expect(tenantReadRegions([], ['us-east-1', 'eu-central-1'])).toEqual([
      'us-east-1',
    ]);
    expect(
      tenantReadRegions(
        ['eu-central-1', 'ap-southeast-2'],
        ['us-east-1', 'eu-central-1'],
      ),
    ).toEqual(['eu-central-1']);
  });
});
