import {
  CloudFormationClient,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
} from '@aws-sdk/client-cloudformation';
import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import { baselineByAccount, baselineOutcomeOf } from './baseline';
import { aggregateRuleCompliance } from './sources';
import {
  buildTenantCompliance,
  countConfigRules,
  describeScore,
} from './complianceModel';
import { detectiveGuardrail } from '../__testUtils__/testFixtures';

const A = '111111111111';
const B = '222222222222';
const now = new Date('2026-12-06T12:00:00Z');
const baselineGuardrail: Guardrail = {
  id: 'baseline-stackset',
  title: 'Baseline',
  why: '',
  kind: 'baseline',
  severity: 'high',
};
const rule = detectiveGuardrail;

describe('StackSet instance statuses: OUTDATED is not always a failure', () => {
  const cfn = mockClient(CloudFormationClient);
  beforeEach(() => cfn.reset());

  it('a suspended account: OUTDATED / SKIPPED_SUSPENDED_ACCOUNT with no StackId is "suspended" and not counted', async () => {
    cfn.on(ListStackInstancesCommand).resolves({
      Summaries: [
        {
          Account: A,
          Region: 'us-east-1',
          Status: 'OUTDATED',
          StatusReason:
            'Account is suspended or closed; stack instance skipped.',
          StackInstanceStatus: { DetailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT' },
        },
      ],
    });
    const b = await baselineByAccount(
      new CloudFormationClient({}),
      'tenancy-baseline',
      'SELF',
    );
    expect(b.get(A)).toEqual({
      outcome: 'suspended',
      status: 'OUTDATED',
      detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT',
      reason: 'Account is suspended or closed; stack instance skipped.',
    });
    // Nothing is behind: no ListStackSetOperations.
    expect(cfn.commandCalls(ListStackSetOperationsCommand)).toHaveLength(0);
    const c = buildTenantCompliance(
      [baselineGuardrail],
      { accountId: A, ouId: 'ou-1' },
      { baseline: b },
      now,
    );
    expect(c.guardrails).toEqual([
      {
        guardrailId: 'baseline-stackset',
        status: 'suspended',
        detail:
          'Skipped: the account is suspended (SKIPPED_SUSPENDED_ACCOUNT); not counted',
      },
    ]);
    expect(c.score).toEqual({
      compliant: 0,
      evaluated: 0,
      noData: 0,
      evaluationFailing: 0,
      behindLatest: 0,
      suspended: 1,
      total: 1,
      byKind: {},
    });
  });

  it('OUTDATED / PENDING with no operation running is "behind the StackSet\'s latest version", not a failure and not in progress', async () => {
    cfn.on(ListStackInstancesCommand).resolves({
      Summaries: [
        {
          Account: A,
          Region: 'us-east-1',
          Status: 'OUTDATED',
          StackInstanceStatus: { DetailedStatus: 'PENDING' },
        },
        {
          Account: A,
          Region: 'eu-central-1',
          Status: 'CURRENT',
          StackId: 'arn:aws:cloudformation:eu-central-1:111111111111:stack/s/1',
          StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
        },
      ],
    });
    cfn.on(ListStackSetOperationsCommand).resolves({
      Summaries: [{ OperationId: 'op-1', Status: 'SUCCEEDED' }],
    });
    const b = await baselineByAccount(
      new CloudFormationClient({}),
      'tenancy-baseline',
      'SELF',
    );
    expect(b.get(A)).toEqual({
      outcome: 'behind-latest',
      status: 'OUTDATED',
      detailedStatus: 'PENDING',
      inProgress: false,
    });
    expect(
      cfn.commandCalls(ListStackSetOperationsCommand)[0].args[0].input,
    ).toEqual({
      StackSetName: 'tenancy-baseline',
      CallAs: 'SELF',
      MaxResults: 10,
    });
    const c = buildTenantCompliance(
      [baselineGuardrail],
      { accountId: A, ouId: 'ou-1' },
      { baseline: b },
      now,
    );
    expect(c.guardrails[0]).toEqual({
      guardrailId: 'baseline-stackset',
      status: 'behind-latest',
      detail:
        "Behind the StackSet's latest version (OUTDATED, no operation running); re-run the baseline to update it",
    });
    expect(c.score.evaluated).toBe(0);
    expect(c.score.behindLatest).toBe(1);
    expect(describeScore(c.score)).toBe(
      '0 of 0 evaluated compliant; 1 behind the latest version',
    );
  });

  it('the parser survives missing fields: no Status, no StackInstanceStatus, no Account', async () => {
    cfn.on(ListStackInstancesCommand).resolves({
      Summaries: [{ Account: A }, { Region: 'us-east-1' }, {}],
    });
    const b = await baselineByAccount(
      new CloudFormationClient({}),
      'tenancy-baseline',
      'SELF',
    );
    expect([...b.entries()]).toEqual([
      [A, { outcome: 'failed', status: 'OUTDATED' }],
    ]);
    expect(baselineOutcomeOf({})).toBe('failed');
    expect(
      baselineOutcomeOf({
        Status: 'OUTDATED',
        StackInstanceStatus: { DetailedStatus: 'FAILED' },
      }),
    ).toBe('failed');
    expect(baselineOutcomeOf({ Status: 'INOPERABLE' })).toBe('failed');
  });
});

describe('account states', () => {
  it('a SUSPENDED or PENDING_CLOSURE tenant is not scored: no results, a zero score, its lifecycle', () => {
    const failing = {
      baseline: new Map([
        [A, { outcome: 'failed' as const, status: 'FAILED' }],
      ]),
      rules: new Map([[A, new Map([['r1', { type: 'NON_COMPLIANT' }]])]]),
    };
    for (const [state, lifecycle] of [
      ['SUSPENDED', 'suspended'],
      ['PENDING_CLOSURE', 'closing'],
    ] as const) {
      const c = buildTenantCompliance(
        [baselineGuardrail, rule('r1')],
        { accountId: A, ouId: 'ou-1', state },
        failing,
        now,
      );
      expect(c.notScored).toEqual({
        lifecycle,
        reason: `The account is ${lifecycle} (State ${state}): not monitored, not scored`,
      });
      expect(c.guardrails).toEqual([]);
      // r1 is NON_COMPLIANT in the aggregator: not counted for an account not in service.
      expect(c.configRules).toBeUndefined();
      expect(c.score).toEqual({
        compliant: 0,
        evaluated: 0,
        noData: 0,
        evaluationFailing: 0,
        behindLatest: 0,
        suspended: 0,
        total: 0,
        byKind: {},
      });
    }
  });
});

describe('Config counting: rules and resources are counted apart', () => {
  const config = mockClient(ConfigServiceClient);
  beforeEach(() => config.reset());

  it('5 rules, A–D NON_COMPLIANT with 1, 1, 2 and 1 resources, E COMPLIANT → non-compliant rules 4 of 5, non-compliant resources 5', async () => {
    const nonCompliant = (name: string, n: number) => ({
      ConfigRuleName: name,
      AccountId: A,
      AwsRegion: 'us-east-1',
      Compliance: {
        ComplianceType: 'NON_COMPLIANT' as const,
        ComplianceContributorCount: { CappedCount: n, CapExceeded: false },
      },
    });
    config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({
      AggregateComplianceByConfigRules: [
        nonCompliant('A', 1),
        nonCompliant('B', 1),
        nonCompliant('C', 2),
        nonCompliant('D', 1),
        {
          ConfigRuleName: 'E',
          AccountId: A,
          AwsRegion: 'us-east-1',
          Compliance: { ComplianceType: 'COMPLIANT' as const },
        },
        nonCompliant('A', 3),
      ].map((r, i) => (i === 5 ? { ...r, AccountId: B } : r)),
    });
    const rules = await aggregateRuleCompliance(
      new ConfigServiceClient({}),
      'org-aggregator',
    );
    expect(countConfigRules(rules.get(A))).toEqual({
      nonCompliantRules: 4,
      rulesWithResult: 5,
      nonCompliantResources: 5,
      resourcesCapped: false,
    });
    const c = buildTenantCompliance(
      ['A', 'B', 'C', 'D', 'E'].map(rule),
      { accountId: A, ouId: 'ou-1' },
      { rules },
      now,
    );
    expect(c.configRules).toEqual({
      nonCompliantRules: 4,
      rulesWithResult: 5,
      nonCompliantResources: 5,
      resourcesCapped: false,
    });
    expect(c.guardrails.map(g => g.detail)).toEqual([
      '1 non-compliant resource',
      '1 non-compliant resource',
      '2 non-compliant resources',
      '1 non-compliant resource',
      undefined,
    ]);
    expect(c.score.byKind).toEqual({
      detective: { compliant: 1, evaluated: 5 },
    });
  });

  it('the score says which kinds of control it counts: SCP, Config rule, threat detection, baseline', () => {
    const c = buildTenantCompliance(
      [
        {
          id: 'scp',
          title: '',
          why: '',
          kind: 'preventive',
          severity: 'high',
          policyName: 'deny-leave',
        },
        rule('A'),
        rule('E'),
        {
          id: 'gd',
          title: '',
          why: '',
          kind: 'threat-detection',
          severity: 'high',
        },
        baselineGuardrail,
      ],
      { accountId: A, ouId: 'ou-1' },
      {
        scpTargets: new Map([['deny-leave', new Set(['ou-1'])]]),
        ouAncestors: new Map([['ou-1', ['ou-1', 'r-1']]]),
        rules: new Map([
          [
            A,
            new Map([
              ['A', { type: 'NON_COMPLIANT', nonCompliantResources: 2 }],
              ['E', { type: 'COMPLIANT' }],
            ]),
          ],
        ]),
        threats: new Map([
          [A, { member: true, low: 0, medium: 0, high: 0, critical: 0 }],
        ]),
        baseline: new Map([[A, { outcome: 'current', status: 'CURRENT' }]]),
      },
      now,
    );
    expect(describeScore(c.score)).toBe(
      '4 of 5 evaluated compliant (SCP 1 of 1, Config rule 1 of 2, threat detection 1 of 1, baseline 1 of 1)',
    );
  });
});
