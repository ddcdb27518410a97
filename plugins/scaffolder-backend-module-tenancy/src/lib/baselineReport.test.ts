import { dryRunPlan, summarizeBaseline } from './baselineReport';
import type { InstanceReport } from './stackSets';

const inst = (
  region: string,
  status: string,
  detailedStatus: string,
  reason = '',
): InstanceReport => ({
  region,
  status,
  detailedStatus,
  reason,
  lastOperationId: 'op-1',
});

describe('summarizeBaseline', () => {
  it('CURRENT in every wanted Region: no error, LastOperationId left out of the output, other Regions ignored', () => {
    expect(
      summarizeBaseline(
        'tenant-baseline',
        '222222222222',
        ['us-east-1'],
        'op-2',
        [
          inst('us-east-1', 'CURRENT', 'SUCCEEDED'),
          inst('eu-west-1', 'OUTDATED', 'FAILED', 'x'),
        ],
      ),
    ).toEqual({
      status: 'CURRENT',
      instances: [
        {
          region: 'us-east-1',
          status: 'CURRENT',
          detailedStatus: 'SUCCEEDED',
          reason: '',
        },
      ],
      lines: ['Baseline tenant-baseline in us-east-1: CURRENT (SUCCEEDED)'],
    });
  });

  it('an instance not CURRENT with no operation sent this run: the message names no operation (never "operation none")', () => {
    const s = summarizeBaseline(
      'tenant-baseline',
      '222222222222',
      ['us-east-1'],
      '',
      [inst('us-east-1', 'OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT')],
    );
    expect(s.status).toBe('OUTDATED');
    expect(s.error).toBe(
      'Baseline StackSet tenant-baseline is not CURRENT for account 222222222222: us-east-1 OUTDATED/SKIPPED_SUSPENDED_ACCOUNT.',
    );
  });

  it('a missing Region is MISSING and the message names the operation id', () => {
    const s = summarizeBaseline(
      'tenant-baseline',
      '222222222222',
      ['us-east-1'],
      'op-2',
      [],
    );
    expect(s.status).toBe('MISSING');
    expect(s.error).toBe(
      'Baseline StackSet tenant-baseline is not CURRENT for account 222222222222: no instance after operation op-2.',
    );
  });
});

describe('dryRunPlan', () => {
  it('says what it would wait for, create and redeploy', () => {
    expect(
      dryRunPlan(
        {
          create: ['eu-west-1'],
          update: ['us-east-1'],
          inFlight: ['us-east-2'],
          suspended: [],
        },
        [
          inst('us-east-1', 'OUTDATED', 'FAILED'),
          inst('us-east-2', 'OUTDATED', 'RUNNING'),
        ],
        false,
        'tenant-baseline',
        '222222222222',
      ),
    ).toBe(
      'wait for the running operation on StackSet tenant-baseline in us-east-2; then create StackSet tenant-baseline instances for account 222222222222 in eu-west-1; then redeploy the OUTDATED/FAILED StackSet tenant-baseline instances of account 222222222222 in us-east-1 with UpdateStackInstances',
    );
  });
});
