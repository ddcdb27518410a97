import { InputError } from '@backstage/errors';
import type { FleetInstance, FleetTenant } from './fleet';
import { ALL_AT_ONCE, buildWaves, planRelease } from './plan';
import { rollbackPlan } from './rollback';

const tenant = (
  accountId: string,
  tier: string,
  state = 'ACTIVE',
  suspended?: boolean,
): FleetTenant => ({
  accountId,
  name: `t-${accountId}`,
  tier,
  state,
  suspended,
});
const instance = (
  accountId: string,
  status: string,
  detailedStatus = status === 'CURRENT' ? 'SUCCEEDED' : 'FAILED',
  extra: Partial<FleetInstance> = {},
): FleetInstance => ({
  accountId,
  region: 'us-east-1',
  status,
  detailedStatus,
  reason: detailedStatus === 'FAILED' ? 'Quota exceeded.' : '',
  driftStatus: 'NOT_CHECKED',
  lastOperationId: 'op-1',
  ...extra,
});

describe('planRelease', () => {
  it('current from the StackSet when CURRENT, else from the records; skipped, blocked and drifted named', () => {
    const plan = planRelease({
      fleet: [
        tenant('111111111111', 'standard'),
        tenant('222222222222', 'standard'),
        tenant('333333333333', 'premium', 'PENDING_CLOSURE'),
        tenant('444444444444', '', 'ACTIVE', true),
        tenant('555555555555', 'premium'),
        tenant('666666666666', 'premium'),
        tenant('000000000001', 'premium'),
      ],
      instances: [
        instance('111111111111', 'CURRENT', 'SUCCEEDED', {
          driftStatus: 'DRIFTED',
        }),
        instance('222222222222', 'OUTDATED'),
        instance('555555555555', 'OUTDATED', 'RUNNING'),
      ],
      stackSetVersion: '1.1.0',
      target: '1.1.0',
      recorded: new Map([['222222222222', '1.0.0']]),
      centralAccountIds: ['000000000001'],
    });
    expect(
      plan.map(p => [p.accountId, p.current, p.action, p.reason, p.drifted]),
    ).toEqual([
      ['111111111111', '1.1.0', 'none', '', true],
      ['222222222222', '1.0.0', 'deploy', 'Quota exceeded.', false],
      ['333333333333', '', 'skipped', 'closing', false],
      ['444444444444', '', 'skipped', 'suspended', false],
      [
        '555555555555',
        'unknown',
        'blocked',
        'an operation is running on its instance (op-1)',
        false,
      ],
      ['666666666666', '', 'deploy', '', false],
      ['000000000001', '', 'blocked', 'central account, never a tenant', false],
    ]);
  });
});

describe('buildWaves', () => {
  const plan = planRelease({
    fleet: [
      tenant('111111111111', 'premium'),
      tenant('222222222222', 'standard'),
      tenant('333333333333', 'standard', 'SUSPENDED'),
      tenant('444444444444', 'enterprise'),
      tenant('555555555555', 'standard'),
    ],
    instances: [],
    stackSetVersion: '',
    target: '1.0.0',
    recorded: new Map(),
    centralAccountIds: [],
  });

  it('canary, then each tier in order, then the rest; skipped tenants in none; empty waves dropped', () => {
    const tier = { maxConcurrentCount: 2, failureToleranceCount: 1 };
    const waves = buildWaves(
      plan,
      ['555555555555'],
      ['standard', 'premium', 'missing'],
      { tier },
    );
    expect(waves).toEqual([
      {
        name: 'canary',
        accountIds: ['555555555555'],
        preferences: ALL_AT_ONCE,
      },
      {
        name: 'tier standard',
        accountIds: ['222222222222'],
        preferences: tier,
      },
      { name: 'tier premium', accountIds: ['111111111111'], preferences: tier },
      {
        name: 'the rest',
        accountIds: ['444444444444'],
        preferences: ALL_AT_ONCE,
      },
    ]);
  });

  it('without canaries or tiers, one wave of every deployable tenant', () => {
    expect(buildWaves(plan, [], [], {}).map(w => w.accountIds)).toEqual([
      ['111111111111', '222222222222', '444444444444', '555555555555'],
    ]);
  });
});

describe('rollbackPlan', () => {
  const undone = {
    id: 7,
    stackSetName: 'tenant-stack',
    version: '1.1.0',
    previousVersion: '1.0.0',
    status: 'completed',
    taskId: 't',
    startedBy: 'u',
    startedAt: '2026-03-15T12:00:00.000Z',
    wave: 2,
    input: JSON.stringify({
      waves: [
        { name: 'canary', accountIds: ['111111111111'], preferences: {} },
        {
          name: 'tier standard',
          accountIds: ['222222222222', '333333333333'],
          preferences: {},
        },
      ],
      regions: ['us-east-1'],
      ouId: 'ou-ab12-cd34ef56',
    }),
  };
  const recorded = new Map([
    ['111111111111', '1.1.0'],
    ['222222222222', '1.1.0'],
    ['333333333333', '1.0.0'],
  ]);

  it('one wave of the named waves’ tenants that the rollout moved, back to the previous version', () => {
    expect(
      rollbackPlan(undone, recorded, ['tier standard'], undefined),
    ).toEqual({
      moved: ['222222222222'],
      plan: {
        waves: [
          {
            name: 'rollback',
            accountIds: ['222222222222'],
            preferences: ALL_AT_ONCE,
          },
        ],
        regions: ['us-east-1'],
        ouId: 'ou-ab12-cd34ef56',
        rollsBack: 7,
      },
    });
  });

  it('refuses an unknown wave and a first release, naming why', () => {
    expect(() =>
      rollbackPlan(undone, recorded, ['tier gold'], undefined),
    ).toThrow(
      new InputError(
        "Unknown wave in tier gold; the rollout's waves are canary, tier standard",
      ),
    );
    expect(() =>
      rollbackPlan({ ...undone, previousVersion: '' }, recorded, [], undefined),
    ).toThrow(
      'Nothing to roll back to: 1.1.0 was the first release of tenant-stack',
    );
  });
});
