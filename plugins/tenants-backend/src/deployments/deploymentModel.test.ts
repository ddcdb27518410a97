/**
 * The deployments source's mapping of AWS's stack instances to a tenant's release
 * (docs/aws-behaviours/rollouts.md#deployments-source).
 */
import type { StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import { deploymentsOf, instanceStatusOf } from './deploymentModel';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const inst = (
  region: string,
  Status: string,
  DetailedStatus: string,
  more: Partial<StackInstanceSummary> = {},
): StackInstanceSummary => ({
  Region: region,
  Account: '100000000001',
  Status: Status as 'CURRENT',
  StackInstanceStatus: { DetailedStatus: DetailedStatus as 'SUCCEEDED' },
  ...more,
});

describe('instanceStatusOf', () => {
  it.each([
    ['CURRENT', 'SUCCEEDED', 'IN_SYNC', 'current'],
    ['OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT', 'NOT_CHECKED', 'suspended'],
    ['OUTDATED', 'CANCELLED', 'NOT_CHECKED', 'behind'],
    ['OUTDATED', 'PENDING', 'NOT_CHECKED', 'behind'],
    ['OUTDATED', 'RUNNING', 'IN_SYNC', 'behind'],
    ['OUTDATED', 'FAILED', 'DRIFTED', 'failed'],
    ['INOPERABLE', 'INOPERABLE', 'NOT_CHECKED', 'failed'],
    ['CURRENT', 'SUCCEEDED', 'DRIFTED', 'drifted'],
    ['OUTDATED', 'SUCCEEDED', 'DRIFTED', 'drifted'],
  ])('%s / %s / %s → %s', (Status, DetailedStatus, DriftStatus, want) => {
    expect(
      instanceStatusOf(
        inst('us-east-1', Status, DetailedStatus, {
          DriftStatus: DriftStatus as 'DRIFTED',
        }),
      ),
    ).toBe(want);
  });
});

describe('deploymentsOf', () => {
  const base = {
    stackSetName: 'tenant-stack',
    latestVersion: '2.0.0',
    operations: new Map([
      [
        'tr-2-0-0-abc-w2-a0-u',
        { action: 'UPDATE', at: '2026-12-06T11:00:00.000Z' },
      ],
      [
        'tr-1-0-0-def-w1-a0-s',
        { action: 'UPDATE', at: '2026-12-01T09:00:00.000Z' },
      ],
      ['drift-1', { action: 'DETECT_DRIFT', at: '2026-12-06T11:30:00.000Z' }],
    ]),
    now: NOW,
  };

  it('a failed instance keeps the version it ran (OUTDATED: AWS does not say which) with AWS’s reason; the history gains the failed operation', () => {
    const first = deploymentsOf({
      ...base,
      latestVersion: '1.0.0',
      instances: [
        inst('us-east-1', 'CURRENT', 'SUCCEEDED', {
          LastOperationId: 'tr-1-0-0-def-w1-a0-s',
        }),
      ],
    });
    expect(first.release).toEqual({ version: '1.0.0', status: 'current' });
    const reason =
      'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.';
    const second = deploymentsOf({
      ...base,
      previous: first,
      instances: [
        inst('us-east-1', 'OUTDATED', 'FAILED', {
          StatusReason: reason,
          LastOperationId: 'tr-2-0-0-abc-w2-a0-u',
        }),
      ],
    });
    expect(second).toEqual({
      stackSetName: 'tenant-stack',
      latestVersion: '2.0.0',
      release: { version: '1.0.0', status: 'failed' },
      instances: [
        {
          region: 'us-east-1',
          awsStatus: 'OUTDATED',
          detailedStatus: 'FAILED',
          driftStatus: 'NOT_CHECKED',
          status: 'failed',
          version: '1.0.0',
          reason,
          lastOperationId: 'tr-2-0-0-abc-w2-a0-u',
        },
      ],
      history: [
        {
          version: '2.0.0',
          at: '2026-12-06T11:00:00.000Z',
          by: null,
          operationId: 'tr-2-0-0-abc-w2-a0-u',
          result: 'FAILED',
          reason,
        },
        {
          version: '1.0.0',
          at: '2026-12-01T09:00:00.000Z',
          by: null,
          operationId: 'tr-1-0-0-def-w1-a0-s',
          result: 'SUCCEEDED',
          reason: '',
        },
      ],
      collectedAt: '2026-12-06T12:00:00.000Z',
    });
  });

  it('the worst Region is the tenant’s: OUTDATED (never seen current) → behind with version ""; SKIPPED_SUSPENDED_ACCOUNT → suspended; DRIFTED → drifted', () => {
    const behind = deploymentsOf({
      ...base,
      instances: [
        inst('us-east-1', 'CURRENT', 'SUCCEEDED'),
        inst('eu-west-1', 'OUTDATED', 'CANCELLED'),
      ],
    });
    expect([behind.release, behind.instances.map(i => i.version)]).toEqual([
      { version: '', status: 'behind' },
      ['', '2.0.0'],
    ]);
    const suspended = deploymentsOf({
      ...base,
      instances: [inst('us-east-1', 'OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT')],
    });
    expect(suspended.release).toEqual({ version: '', status: 'suspended' });
    const drifted = deploymentsOf({
      ...base,
      instances: [
        inst('us-east-1', 'CURRENT', 'SUCCEEDED', {
          DriftStatus: 'DRIFTED',
          LastOperationId: 'drift-1',
        }),
      ],
    });
    expect([drifted.release, drifted.history]).toEqual([
      { version: '2.0.0', status: 'drifted' },
      [],
    ]);
    expect(deploymentsOf({ ...base, instances: [] }).release).toBeNull();
  });

  it('a RUNNING entry is replaced when its operation is seen ended; an ended one is never rewritten', () => {
    const running = deploymentsOf({
      ...base,
      instances: [
        inst('us-east-1', 'OUTDATED', 'RUNNING', {
          LastOperationId: 'tr-2-0-0-abc-w2-a0-u',
        }),
      ],
    });
    expect(running.history.map(h => h.result)).toEqual(['RUNNING']);
    const ended = deploymentsOf({
      ...base,
      previous: running,
      instances: [
        inst('us-east-1', 'CURRENT', 'SUCCEEDED', {
          LastOperationId: 'tr-2-0-0-abc-w2-a0-u',
        }),
      ],
    });
    expect(ended.history.map(h => [h.operationId, h.result])).toEqual([
      ['tr-2-0-0-abc-w2-a0-u', 'SUCCEEDED'],
    ]);
    const again = deploymentsOf({
      ...base,
      latestVersion: '3.0.0',
      previous: ended,
      instances: [
        inst('us-east-1', 'OUTDATED', 'FAILED', {
          LastOperationId: 'tr-2-0-0-abc-w2-a0-u',
        }),
      ],
    });
    expect(again.history).toEqual(ended.history);
  });
});
