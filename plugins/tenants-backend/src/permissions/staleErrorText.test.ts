import { mockServices } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import type { Request } from 'express';
import { staleErrorsFor, withoutStaleErrorText } from './staleErrorText';

const DENIED =
  'AccessDeniedException: User: arn:aws:sts::000000000002:assumed-role/TenancyReader/x is not authorized';

const compliance = {
  score: { compliant: 3, evaluated: 4 },
  stale: {
    guardDuty: { since: '2026-03-15T10:00:00.000Z', error: DENIED },
    config: { since: '2026-03-15T10:00:00.000Z', error: DENIED },
  },
  guardrails: [{ id: 'g1', error: 'kept: not a stale marker' }],
};

describe('stale error text', () => {
  it('replaces the error of every stale marker, nothing else', () => {
    expect(withoutStaleErrorText(compliance)).toEqual({
      ...compliance,
      stale: {
        guardDuty: {
          since: '2026-03-15T10:00:00.000Z',
          error: 'The last read failed',
        },
        config: {
          since: '2026-03-15T10:00:00.000Z',
          error: 'The last read failed',
        },
      },
    });
  });

  it.each([
    [true, DENIED],
    [false, 'The last read failed'],
  ])(
    'a caller who reads every tenant: %s → the error reads %s',
    async (all, error) => {
      const ctx = {
        httpAuth: mockServices.httpAuth(),
        access: {
          scope: async () =>
            all ? { all: true as const } : { all: false as const, filter: {} },
        },
      };
      const out = await staleErrorsFor(
        ctx as unknown as Parameters<typeof staleErrorsFor>[0],
        {
          headers: {},
        } as Request,
        compliance,
      );
      expect(out.stale.guardDuty.error).toBe(error);
    },
  );
});

describe('stale error text, over random values (fast-check)', () => {
  const SEED = Number(
    process.env.TENANCY_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31),
  );
  it('no stale marker keeps its error text at any depth; values without markers are unchanged', () => {
    const marker = fc.record({
      since: fc.constant('2026-03-15T10:00:00.000Z'),
      error: fc.string().map(s => `arn:aws:sts::000000000002:${s}`),
    });
    const tree = fc.letrec(tie => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        marker,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), {
          maxKeys: 4,
        }),
      ),
    })).node;
    try {
      fc.assert(
        fc.property(tree, value => {
          const out = JSON.stringify(withoutStaleErrorText(value));
          expect(out ?? '').not.toContain('arn:aws:sts::000000000002:');
        }),
        { numRuns: 300, seed: SEED },
      );
      fc.assert(
        fc.property(fc.jsonValue(), value => {
          fc.pre(!JSON.stringify(value ?? null).includes('"since"'));
          expect(withoutStaleErrorText(value)).toEqual(value);
        }),
        { numRuns: 300, seed: SEED },
      );
    } catch (e) {
      // eslint-disable-next-line no-console
      console.log(`stale error text property seed ${SEED}`);
      throw e;
    }
  });
});
