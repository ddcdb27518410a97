/*
 * Invariant of the alarm events (docs/aws-behaviours/events.md): whatever alarm state changes
 * arrive — new alarms, repeated states, either region, out of order — a tenant's stored alarm
 * counts are the counts of its alarm list, each region's counts are those of its alarms, and
 * the regions' counts add up to the total. Property-based over random stored alarms (two
 * regions read) and random event sequences.
 */
import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { AlarmCounts } from '@tenancy/plugin-tenants-common';
import fc from 'fast-check';
import { makeTenant } from '../__testUtils__/testFixtures';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { createHealthEventHandler } from './events';
import { HealthStore } from './HealthStore';
import { readHealthSettings } from './settings';
import { buildTenantHealth } from './status';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const tenant = makeTenant(1);
const REGIONS = ['us-east-1', 'eu-central-1'] as const;
const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const T0 = Date.parse('2026-03-15T12:00:00.000Z');

const alarmArb = fc.record({
  name: fc.constantFrom('api-5xx', 'latency', 'queue-age', 'errors'),
  region: fc.constantFrom(...REGIONS),
  state: fc.constantFrom(...STATES),
});
const eventArb = fc.record({
  name: fc.constantFrom('api-5xx', 'latency', 'queue-age', 'errors', 'new'),
  region: fc.constantFrom(...REGIONS),
  state: fc.constantFrom(...STATES),
  // seconds after the refresh; negative ones are older than it and change nothing
  at: fc.integer({ min: -60, max: 600 }),
});

function countStates(states: string[]): AlarmCounts {
  const c: AlarmCounts = { ALARM: 0, OK: 0, INSUFFICIENT_DATA: 0 };
  for (const s of states) c[s as keyof AlarmCounts] += 1;
  return c;
}

describe('alarm events keep the counts consistent', () => {
  it('the totals, each region and their sum match the alarm list after any events', async () => {
    const seed = Number(process.env.ALARM_COUNTS_SEED ?? Date.now() % 1e9);
    // Printed so that a failing run can be replayed with ALARM_COUNTS_SEED=<seed>.
    console.log(`alarm counts seed ${seed}`);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(alarmArb, {
          selector: a => `${a.name} (${a.region})`,
          maxLength: 8,
        }),
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        async (initial, events) => {
          const knex = await databases.init('SQLITE_3');
          const tenants = await KnexTenantsStore.create({
            getClient: async () => knex,
          });
          await tenants.replaceInventory([tenant]);
          const health = new HealthStore(knex);
          const at = (s: number) => new Date(T0 + s * 1000).toISOString();
          const stored = buildTenantHealth({
            alarms: initial.map(a => ({
              name: `tenancy/${a.name} (${a.region})`,
              state: a.state,
              updatedAt: at(0),
              accountIds: [tenant.accountId],
            })),
            series24h: [],
            series7d: [],
            definitions: [],
            now: new Date(at(0)),
          });
          await health.replaceHealth(
            [
              {
                tenantId: tenant.tenantId,
                accountId: tenant.accountId,
                health: {
                  ...stored,
                  regionsRead: [...REGIONS],
                  regions: REGIONS.map(region => ({
                    region,
                    alarms: countStates(
                      initial
                        .filter(a => a.region === region)
                        .map(a => a.state),
                    ),
                    seriesRead: 0,
                  })),
                },
              },
            ],
            at(0),
          );
          const handler = createHealthEventHandler({
            store: async () => health,
            tenants,
            settings: readHealthSettings(new ConfigReader({})),
          });
          for (const [i, e] of events.entries()) {
            await handler.apply(
              {
                kind: 'alarm',
                id: `e-${i}`,
                detailType: 'CloudWatch Alarm State Change',
                time: at(e.at),
                accountIds: [tenant.accountId],
                alarmName: `tenancy/${e.name}`,
                state: e.state,
                region: e.region,
              },
              tenant,
              new Date(at(700)),
            );
          }
          const after = (await health.getStoredHealth(tenant.tenantId))!;
          const names = after.alarmList.map(a => a.name);
          expect(new Set(names).size).toBe(names.length);
          expect(after.alarms).toEqual(
            countStates(after.alarmList.map(a => a.state)),
          );
          for (const region of REGIONS) {
            expect(
              after.regions?.find(r => r.region === region)?.alarms,
            ).toEqual(
              countStates(
                after.alarmList
                  .filter(a => a.name.endsWith(`(${region})`))
                  .map(a => a.state),
              ),
            );
          }
          const sum = countStates([]);
          for (const r of after.regions ?? [])
            for (const s of STATES) sum[s] += r.alarms[s];
          expect(sum).toEqual(after.alarms);
          await knex.destroy();
        },
      ),
      { numRuns: 60, seed, interruptAfterTimeLimit: 60_000 },
    );
  }, 90_000);
});
