import { TestDatabases } from '@backstage/backend-test-utils';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { EventLedger, markKey } from './EventLedger';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('EventLedger.marksOf', () => {
  it('answers every mark asked for, past the first 100 (one batch can name more)', async () => {
    const knex = await databases.init('SQLITE_3');
    // The plugin's migrations create the ledger's tables.
    await KnexTenantsStore.create({ getClient: async () => knex });
    const ledger = new EventLedger(knex);
    const marks = Array.from({ length: 150 }, (_, i) => `config:rule-${i}`);
    await ledger.settleAll(
      marks.map((mark, i) => ({
        event: {
          eventId: `e-${i}`,
          detailType: 'Config Rules Compliance Change',
          tenantId: 't-1',
          eventTime: '2026-03-15T12:01:00.000Z',
          outcome: 'applied' as const,
        },
        marks: [mark],
      })),
      new Date('2026-03-15T12:02:00.000Z'),
    );
    const got = await ledger.marksOf(
      marks.map(mark => ({ tenantId: 't-1', mark })),
    );
    expect(got.size).toBe(150);
    expect(got.get(markKey('t-1', 'config:rule-149'))).toBe(
      '2026-03-15T12:01:00.000Z',
    );
  });
});
