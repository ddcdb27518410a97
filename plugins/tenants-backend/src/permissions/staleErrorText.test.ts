import { mockServices } from '@backstage/backend-test-utils';
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
