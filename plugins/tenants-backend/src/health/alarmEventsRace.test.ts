/*
 * Two replicas applying events of different alarms of one tenant at the same moment
 * (docs/aws-behaviours/events.md, "Two replicas, one queue"): each reads the tenant's health row,
 * changes its alarm and writes the row back. Both updates must land. On PostgreSQL the two
 * replicas are two knex pools (two connections) on one database; SQLite runs one write at a
 * time, so there it pins the same outcome without a race to lose.
 */
import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { storeTestDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { withTwoReplicas } from '../__testUtils__/twoReplicas';
import { makeTenant } from '../__testUtils__/testFixtures';
import type { AlarmEvent } from '../events/eventModel';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { createHealthEventHandler } from './events';
import { HealthStore } from './HealthStore';
import { readHealthSettings } from './settings';
import { buildTenantHealth } from './status';

jest.setTimeout(60_000);

const ids = storeTestDatabaseIds();
const databases = TestDatabases.create({ ids });
const tenant = makeTenant(1);
const BASE = Date.parse('2026-03-15T12:00:00.000Z');
const at = (s: number) => new Date(BASE + s * 1000).toISOString();
/** Alarms of the tenant; the rounds flip them two at a time, one per replica. */
const ALARMS = Array.from(
  { length: 8 },
  (_, i) => `tenancy/${tenant.tenantId}/alarm-${i}`,
);
const ROUNDS = 10;

/** One replica: its own knex pool, stores and handler. */
async function replica(knex: Knex) {
  const tenants = await KnexTenantsStore.create({
    getClient: async () => knex,
  });
  return createHealthEventHandler({
    store: async () => new HealthStore(knex),
    tenants,
    settings: readHealthSettings(new ConfigReader({})),
  });
}

describe.each(ids)('two replicas, two alarms of one tenant (%s)', id => {
  it('applied at the same moment, both alarms land, in the row and the tenants list', async () => {
    await withTwoReplicas(
      databases,
      id,
      [tenant],
      async ({ first, second, store }) => {
        await new HealthStore(first).replaceHealth(
          [
            {
              tenantId: tenant.tenantId,
              accountId: tenant.accountId,
              health: buildTenantHealth({
                alarms: ALARMS.map(name => ({
                  name,
                  state: 'OK',
                  updatedAt: at(0),
                  accountIds: [tenant.accountId],
                })),
                series24h: [],
                series7d: [],
                definitions: [],
                now: new Date(at(1)),
              }),
            },
          ],
          at(1),
        );
        const replicas = [await replica(first), await replica(second)];
        const event = (name: string, s: number, state: AlarmEvent['state']) =>
          ({
            kind: 'alarm',
            id: `${name}-${s}`,
            detailType: 'CloudWatch Alarm State Change',
            time: at(s),
            accountIds: [tenant.accountId],
            alarmName: name,
            state,
          } satisfies AlarmEvent);
        const expected = new Map(ALARMS.map(n => [n, 'OK']));
        for (let round = 1; round <= ROUNDS; round++) {
          const state = round % 2 ? 'ALARM' : 'OK';
          // Every alarm flips this round: replica k takes the alarms k, k + 2, …, all at once.
          const results = await Promise.all(
            ALARMS.map((name, i) => {
              expected.set(name, state);
              return replicas[i % 2].apply(
                event(name, 10 * round + i, state),
                tenant,
                new Date(at(10 * round + 9)),
              );
            }),
          );
          expect(results).toEqual(ALARMS.map(() => 'applied'));
          const stored = (await new HealthStore(first).getStoredHealth(
            tenant.tenantId,
          ))!;
          expect(
            Object.fromEntries(stored.alarmList.map(a => [a.name, a.state])),
          ).toEqual(Object.fromEntries(expected));
          expect(stored.alarms).toEqual({
            OK: state === 'OK' ? ALARMS.length : 0,
            ALARM: state === 'ALARM' ? ALARMS.length : 0,
            INSUFFICIENT_DATA: 0,
          });
          expect((await store.getTenant(tenant.tenantId))!.healthStatus).toBe(
            stored.status,
          );
        }
      },
    );
  });
});
