import { FaultController } from './faults';
import { organizationsService } from '../services/organizations';
import { stsService } from '../services/sts';

describe('FaultController', () => {
  it('maps +fail-<reason> email suffixes to CreateAccount FailureReasons', () => {
    const faults = new FaultController(1);
    expect(
      faults.createAccountFailureFor('aws+acme+fail-email-exists@x.io'),
    ).toBe('EMAIL_ALREADY_EXISTS');
    expect(
      faults.createAccountFailureFor('aws+acme+fail-account-limit@x.io'),
    ).toBe('ACCOUNT_LIMIT_EXCEEDED');
    expect(
      faults.createAccountFailureFor('aws+acme+FAIL-invalid-address@x.io'),
    ).toBe('INVALID_ADDRESS');
    expect(faults.createAccountFailureFor('aws+acme@x.io')).toBeUndefined();
  });

  it('answers each service’s own throttling error', () => {
    const faults = new FaultController(1, [{ kind: 'throttle' }]);
    expect(
      faults.check(organizationsService, 'ListAccounts').error,
    ).toMatchObject({
      code: 'TooManyRequestsException',
      httpStatus: 400,
    });
    expect(faults.check(stsService, 'AssumeRole').error).toMatchObject({
      code: 'Throttling',
      httpStatus: 400,
    });
  });

  it('picks the same calls for the same seed', () => {
    const pattern = (seed: number) => {
      const faults = new FaultController(seed, [
        { kind: 'throttle', rate: 0.3 },
      ]);
      return Array.from({ length: 40 }, () =>
        faults.check(organizationsService, 'ListRoots').error ? 'x' : '.',
      ).join('');
    };
    expect(pattern(5)).toBe(pattern(5));
    expect(pattern(5)).not.toBe(pattern(6));
    expect(pattern(5)).toContain('x');
  });

  it('adds latency of every matching rule and lists, removes and clears rules', () => {
    const faults = new FaultController(1);
    const a = faults.add({ kind: 'latency', ms: 100, operation: 'ListRoots' });
    faults.add({ kind: 'latency', ms: 50 });
    expect(faults.check(organizationsService, 'ListRoots').latencyMs).toBe(150);
    expect(faults.check(organizationsService, 'ListAccounts').latencyMs).toBe(
      50,
    );
    expect(faults.remove(a)).toBe(true);
    expect(faults.list()).toEqual([
      { kind: 'latency', ms: 50, id: 'fault-2', fired: 2 },
    ]);
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(() => faults.add({ kind: 'error' } as any)).toThrow(
      'an error fault needs a code',
    );
  });
});
