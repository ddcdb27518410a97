/*
 * An alarm event names the alarm as CloudWatch does; with more than one region read the alarms
 * read stores it as `<name> (<region>)` (docs/aws-behaviours/events.md). The event must update
 * that entry, not add a second copy of the alarm.
 */
import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import { makeTenant } from '../__testUtils__/testFixtures';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { parseTenantEvent, type AlarmEvent } from '../events/eventModel';
import {
  createHealthEventHandler,
  regionCountsAfter,
  storedAlarmName,
} from './events';
import { HealthStore } from './HealthStore';
import { readHealthSettings } from './settings';
import { buildTenantHealth } from './status';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const tenant = makeTenant(1);
const NAME = 'tenancy/tenant-001/api-5xx';
const T0 = '2026-03-15T12:00:00.000Z';
const T1 = '2026-03-15T12:05:00.000Z';

describe('an alarm event with two regions read', () => {
  it('parses the envelope region and names the stored entry by it', () => {
    const parsed = parseTenantEvent({
      version: '0',
      id: 'e-1',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: tenant.accountId,
      time: T1,
      region: 'eu-central-1',
      resources: [],
      detail: { alarmName: NAME, state: { value: 'ALARM', timestamp: T1 } },
    }) as { event: AlarmEvent };
    expect(parsed.event.region).toBe('eu-central-1');
    const health = {
      alarmList: [
        { name: `${NAME} (us-east-1)`, state: 'OK' as const },
        { name: `${NAME} (eu-central-1)`, state: 'OK' as const },
      ],
      regionsRead: ['us-east-1', 'eu-central-1'],
    };
    expect(storedAlarmName(health, parsed.event)).toBe(
      `${NAME} (eu-central-1)`,
    );
    // One region read: the bare name; an alarm not stored yet follows the regions read.
    expect(
      storedAlarmName(
        {
          alarmList: [{ name: NAME, state: 'OK' }],
          regionsRead: ['us-east-1'],
        },
        { alarmName: NAME, region: 'us-east-1' },
      ),
    ).toBe(NAME);
    expect(
      storedAlarmName(
        { alarmList: [], regionsRead: ['us-east-1', 'eu-central-1'] },
        { alarmName: NAME, region: 'us-east-1' },
      ),
    ).toBe(`${NAME} (us-east-1)`);
  });

  it('updates the regional entry in place: one alarm in ALARM, the other region OK, no copy', async () => {
    const knex = await databases.init('SQLITE_3');
    const tenants = await KnexTenantsStore.create({
      getClient: async () => knex,
    });
    await tenants.replaceInventory([tenant]);
    const health = new HealthStore(knex);
    const stored = buildTenantHealth({
      alarms: ['us-east-1', 'eu-central-1'].map(region => ({
        name: `${NAME} (${region})`,
        state: 'OK' as const,
        updatedAt: T0,
        accountIds: [tenant.accountId],
      })),
      series24h: [],
      series7d: [],
      definitions: [],
      now: new Date(T0),
    });
    await health.replaceHealth(
      [
        {
          tenantId: tenant.tenantId,
          accountId: tenant.accountId,
          health: {
            ...stored,
            regionsRead: ['us-east-1', 'eu-central-1'],
            regions: [
              { region: 'us-east-1', alarms: counts(0, 1), seriesRead: 8 },
              { region: 'eu-central-1', alarms: counts(0, 1), seriesRead: 0 },
            ],
          },
        },
      ],
      T0,
    );
    const handler = createHealthEventHandler({
      store: async () => health,
      tenants,
      settings: readHealthSettings(new ConfigReader({})),
    });
    const result = await handler.apply(
      {
        kind: 'alarm',
        id: 'e-1',
        detailType: 'CloudWatch Alarm State Change',
        time: T1,
        accountIds: [tenant.accountId],
        alarmName: NAME,
        state: 'ALARM',
        region: 'us-east-1',
      },
      tenant,
      new Date(T1),
    );
    expect(result).toBe('applied');
    const after = (await health.getStoredHealth(tenant.tenantId))!;
    expect(after.alarms).toEqual({ ALARM: 1, OK: 1, INSUFFICIENT_DATA: 0 });
    expect(after.alarmList.map(a => [a.name, a.state])).toEqual([
      [`${NAME} (eu-central-1)`, 'OK'],
      [`${NAME} (us-east-1)`, 'ALARM'],
    ]);
    // The alarm's region's counts move with it (before: they stayed as the last refresh read them).
    expect(after.regions).toEqual([
      { region: 'us-east-1', alarms: counts(1, 0), seriesRead: 8 },
      { region: 'eu-central-1', alarms: counts(0, 1), seriesRead: 0 },
    ]);
  });

  it('moves one alarm between the counts of its region only', () => {
    const regions = [
      { region: 'us-east-1', alarms: counts(2, 3), seriesRead: 8 },
      { region: 'eu-central-1', alarms: counts(0, 1), seriesRead: 0 },
    ];
    const moved = (r: Parameters<typeof regionCountsAfter>) =>
      Object.fromEntries(regionCountsAfter(...r));
    expect(moved([regions, 'us-east-1', 'OK', 'ALARM'])).toEqual({
      'us-east-1': counts(3, 2),
    });
    // an alarm not stored before only adds; the same state is no change
    expect(moved([regions, 'eu-central-1', undefined, 'ALARM'])).toEqual({
      'eu-central-1': counts(1, 1),
    });
    expect(moved([regions, 'us-east-1', 'ALARM', 'ALARM'])).toEqual({
      'us-east-1': counts(2, 3),
    });
    // no per-region part for it: nothing to move
    expect(moved([regions, 'ap-south-1', 'OK', 'ALARM'])).toEqual({});
    expect(moved([undefined, 'us-east-1', 'OK', 'ALARM'])).toEqual({});
    expect(moved([regions, undefined, 'OK', 'ALARM'])).toEqual({});
    // one region read and no region in the event: that region's
    expect(moved([regions.slice(0, 1), undefined, 'OK', 'ALARM'])).toEqual({
      'us-east-1': counts(3, 2),
    });
  });
});

function counts(alarm: number, ok: number) {
  return { ALARM: alarm, OK: ok, INSUFFICIENT_DATA: 0 };
}
