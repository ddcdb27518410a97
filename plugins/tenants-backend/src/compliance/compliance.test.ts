import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
} from '@aws-sdk/client-config-service';
import {
  OrganizationsClient,
  ListPoliciesCommand,
  ListTargetsForPolicyCommand,
  ListParentsCommand,
} from '@aws-sdk/client-organizations';
import {
  DescribeOrganizationConfigurationCommand,
  GuardDutyClient,
  GetFindingsStatisticsCommand,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import {
  CloudFormationClient,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import { aggregateRuleCompliance, scpTargetsByPolicyName } from './sources';
import { baselineByAccount } from './baseline';
import { ouAncestors } from '@tenancy/plugin-tenants-node';
import { threatFindingsByAccount } from './guardDuty';
import {
  buildTenantCompliance,
  ComplianceSources,
  describeScore,
} from './complianceModel';
import { detectiveGuardrail } from '../__testUtils__/testFixtures';

const A = '111111111111';
const now = new Date('2025-07-01T00:00:00Z');
const empty = (): ComplianceSources => ({
  scpTargets: new Map(),
  ouAncestors: new Map(),
  rules: new Map(),
  threats: new Map(),
  baseline: new Map(),
});
const detective = detectiveGuardrail;

describe('rules with no results', () => {
  const config = mockClient(ConfigServiceClient);
  beforeEach(() => config.reset());

  it('R1 compliant, R2 no data, R3 evaluation failing → 1 of 1 evaluated with two caveats', async () => {
    config
      .on(DescribeAggregateComplianceByConfigRulesCommand)
      .resolvesOnce({ AggregateComplianceByConfigRules: [], NextToken: 'p2' })
      .resolvesOnce({
        AggregateComplianceByConfigRules: [
          {
            ConfigRuleName: 's3-bucket-sse-enabled',
            AccountId: A,
            AwsRegion: 'us-east-1',
            Compliance: { ComplianceType: 'COMPLIANT' },
          },
          {
            ConfigRuleName: 'tenant-custom-r3',
            AccountId: A,
            AwsRegion: 'us-east-1',
            Compliance: { ComplianceType: 'INSUFFICIENT_DATA' },
          },
        ],
      });
    const rules = await aggregateRuleCompliance(
      new ConfigServiceClient({}),
      'org-aggregator',
    );
    const calls = config.commandCalls(
      DescribeAggregateComplianceByConfigRulesCommand,
    );
    expect(calls.map(c => c.args[0].input.NextToken)).toEqual([
      undefined,
      'p2',
    ]);
    for (const c of calls) {
      const type = c.args[0].input.Filters?.ComplianceType;
      expect(
        type === undefined || type === 'COMPLIANT' || type === 'NON_COMPLIANT',
      ).toBe(true);
    }
    const c = buildTenantCompliance(
      [
        detective('s3-bucket-sse-enabled'),
        detective('rds-storage-encrypted'),
        detective('tenant-custom-r3'),
      ],
      { accountId: A, ouId: 'ou-1' },
      { ...empty(), rules },
      now,
    );
    expect(c.guardrails.map(g => g.status)).toEqual([
      'compliant',
      'no-data',
      'evaluation-failing',
    ]);
    expect(c.score).toEqual({
      compliant: 1,
      evaluated: 1,
      noData: 1,
      evaluationFailing: 1,
      behindLatest: 0,
      suspended: 0,
      total: 3,
      byKind: { detective: { compliant: 1, evaluated: 1 } },
    });
    expect(describeScore(c.score)).toBe(
      '1 of 1 evaluated compliant (Config rule 1 of 1); 1 no data; 1 evaluation failing',
    );
  });
});

describe('preventive guardrails', () => {
  const org = mockClient(OrganizationsClient);
  beforeEach(() => org.reset());

  it('reads targets per policy (not per account) and finds SCPs attached to an OU above the account', async () => {
    org.on(ListPoliciesCommand).resolves({
      Policies: [
        { Id: 'p-leave', Name: 'tenant-deny-leave-org' },
        { Id: 'p-region', Name: 'tenant-data-residency' },
      ],
    });
    org
      .on(ListTargetsForPolicyCommand, { PolicyId: 'p-leave' })
      .resolves({ Targets: [{ TargetId: 'ou-tenants' }] });
    org
      .on(ListTargetsForPolicyCommand, { PolicyId: 'p-region' })
      .resolvesOnce({ Targets: [], NextToken: 'x' })
      .resolvesOnce({ Targets: [{ TargetId: '222222222222' }] });
    org.on(ListParentsCommand, { ChildId: 'ou-premium' }).resolves({
      Parents: [{ Id: 'ou-tenants', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    org
      .on(ListParentsCommand, { ChildId: 'ou-tenants' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const client = new OrganizationsClient({});
    const targets = await scpTargetsByPolicyName(client, [
      'tenant-deny-leave-org',
      'tenant-data-residency',
      'tenant-missing',
    ]);
    const ancestors = await ouAncestors(client, [
      'ou-premium',
      'ou-premium',
      'ou-tenants',
    ]);
    expect(org.commandCalls(ListTargetsForPolicyCommand)).toHaveLength(3);
    expect(org.commandCalls(ListParentsCommand)).toHaveLength(2);
    expect(ancestors.get('ou-premium')).toEqual([
      'ou-premium',
      'ou-tenants',
      'r-ab12',
    ]);
    const guardrails: Guardrail[] = [
      'tenant-deny-leave-org',
      'tenant-data-residency',
      'tenant-missing',
    ].map(p => ({
      id: p,
      title: p,
      why: '',
      kind: 'preventive',
      severity: 'high',
      policyName: p,
    }));
    const s = { ...empty(), scpTargets: targets, ouAncestors: ancestors };
    const c1 = buildTenantCompliance(
      guardrails,
      { accountId: A, ouId: 'ou-premium' },
      s,
      now,
    );
    expect(c1.guardrails.map(g => [g.status, g.detail])).toEqual([
      ['attached', 'Attached to ou-tenants'],
      [
        'not-attached',
        'SCP tenant-data-residency is attached neither to the account nor to an OU above it',
      ],
      ['not-attached', 'SCP tenant-missing does not exist in the organization'],
    ]);
    const c2 = buildTenantCompliance(
      guardrails,
      { accountId: '222222222222', ouId: 'ou-premium' },
      s,
      now,
    );
    expect(c2.score).toEqual({
      compliant: 2,
      evaluated: 3,
      noData: 0,
      evaluationFailing: 0,
      behindLatest: 0,
      suspended: 0,
      total: 3,
      byKind: { preventive: { compliant: 2, evaluated: 3 } },
    });
  });
});

describe('GuardDuty and baseline', () => {
  const gd = mockClient(GuardDutyClient);
  const cfn = mockClient(CloudFormationClient);
  beforeEach(() => {
    gd.reset();
    cfn.reset();
    gd.on(DescribeOrganizationConfigurationCommand).resolves({
      AutoEnable: true,
      AutoEnableOrganizationMembers: 'ALL',
      MemberAccountLimitReached: false,
    });
  });
  const oneRegion = (ids: string[]) =>
    threatFindingsByAccount(
      async () => new GuardDutyClient({}),
      ['us-east-1'],
      ids,
    );
  const inUsEast1 = (
    status: 'member' | 'not-member',
    counts: { low: number; high: number },
  ) => ({
    member: status === 'member',
    low: counts.low,
    medium: 0,
    high: counts.high,
    critical: 0,
    regions: [
      {
        region: 'us-east-1',
        status,
        autoEnable: 'ALL',
        low: counts.low,
        medium: 0,
        high: counts.high,
        critical: 0,
      },
    ],
  });

  it('membership and unarchived finding counts by severity per account', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    gd.on(ListMembersCommand)
      .resolvesOnce({
        Members: [
          {
            AccountId: A,
            RelationshipStatus: 'Enabled',
            MasterId: 'x',
            Email: 'a',
            UpdatedAt: 'x',
          },
        ],
        NextToken: 'n',
      })
      .resolvesOnce({
        Members: [
          {
            AccountId: '222222222222',
            RelationshipStatus: 'Removed',
            MasterId: 'x',
            Email: 'b',
            UpdatedAt: 'x',
          },
        ],
      });
    const byBand: Record<
      number,
      Array<{ AccountId: string; TotalFindings: number }>
    > = {
      1: [{ AccountId: A, TotalFindings: 5 }],
      7: [{ AccountId: A, TotalFindings: 3 }],
    };
    gd.on(GetFindingsStatisticsCommand).callsFake(input => {
      const gte = input.FindingCriteria.Criterion.severity?.GreaterThanOrEqual;
      return {
        FindingStatistics: {
          GroupedByAccount:
            gte === undefined
              ? [{ AccountId: A, TotalFindings: 8 }]
              : byBand[gte] ?? [],
        },
      };
    });
    const r = await oneRegion([A, '222222222222']);
    expect(r.get(A)).toEqual(inUsEast1('member', { low: 5, high: 3 }));
    expect(r.get('222222222222')).toEqual(
      inUsEast1('not-member', { low: 0, high: 0 }),
    );
    const stats = gd.commandCalls(GetFindingsStatisticsCommand);
    // one call per band: fewer than 100 accounts answer each
    expect(stats).toHaveLength(4);
    expect(
      stats[0].args[0].input.FindingCriteria!.Criterion!['service.archived'],
    ).toEqual({ Equals: ['false'] });
  });

  it('when a band names 100 accounts, the others are asked in lists of 50: members for any finding, then those with findings', async () => {
    const ids = Array.from({ length: 160 }, (_, i) => String(300000000000 + i));
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['d'] });
    gd.on(ListMembersCommand).resolves({
      Members: ids.map(AccountId => ({
        AccountId,
        RelationshipStatus: AccountId === ids[159] ? 'Removed' : 'Enabled',
        MasterId: 'x',
        Email: 'e',
        UpdatedAt: 'x',
      })),
    });
    // accounts 0…149 have i + 1 low findings, 150…159 none; no other band has findings
    gd.on(GetFindingsStatisticsCommand).callsFake(input => {
      const c = input.FindingCriteria.Criterion;
      const gte = c.severity?.GreaterThanOrEqual;
      if (gte !== undefined && gte !== 1) return { FindingStatistics: {} };
      const asked: string[] = c.accountId?.Equals ?? ids.slice(0, 100);
      return {
        FindingStatistics: {
          GroupedByAccount: asked
            .filter(a => ids.indexOf(a) < 150)
            .map(AccountId => ({
              AccountId,
              TotalFindings: 1 + ids.indexOf(AccountId),
            })),
        },
      };
    });
    const r = await oneRegion(ids);
    const calls = gd
      .commandCalls(GetFindingsStatisticsCommand)
      .map(c => c.args[0].input.FindingCriteria!.Criterion!);
    const lists = (band: boolean) =>
      calls
        .filter(c => c.accountId && Boolean(c.severity) === band)
        .map(c => c.accountId!.Equals!);
    // 4 bands; low is full, so any finding: 1 + lists of 50 and 9 (159 members − 100 named; the
    // removed one is not asked); then low: one list of the 50 accounts with findings not named
    expect(calls).toHaveLength(8);
    expect(lists(false).map(l => l.length)).toEqual([50, 9]);
    expect(lists(false).flat()).toEqual(ids.slice(100, 159));
    expect(lists(true)).toEqual([ids.slice(100, 150)]);
    expect(r.get(ids[0])!.low).toBe(1);
    expect(r.get(ids[149])).toEqual(inUsEast1('member', { low: 150, high: 0 }));
    expect(r.get(ids[150])).toEqual(inUsEast1('member', { low: 0, high: 0 }));
    expect(r.get(ids[159])!.member).toBe(false);
  });

  it('worst baseline StackSet instance status per account', async () => {
    cfn
      .on(ListStackInstancesCommand)
      .resolvesOnce({
        Summaries: [
          {
            Account: A,
            Region: 'us-east-1',
            Status: 'CURRENT',
            StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
          },
          {
            Account: A,
            Region: 'eu-west-1',
            Status: 'OUTDATED',
            StatusReason: 'drift',
          },
        ],
        NextToken: 'n',
      })
      .resolvesOnce({
        Summaries: [
          { Account: '222222222222', Region: 'us-east-1', Status: 'CURRENT' },
        ],
      });
    const b = await baselineByAccount(
      new CloudFormationClient({}),
      'tenancy-baseline',
      'SELF',
    );
    expect(b.get(A)).toEqual({
      outcome: 'failed',
      status: 'OUTDATED',
      reason: 'drift',
    });
    const baseline: Guardrail = {
      id: 'baseline-stackset',
      title: '',
      why: '',
      kind: 'baseline',
      severity: 'high',
    };
    const c = buildTenantCompliance(
      [baseline],
      { accountId: A, ouId: 'ou' },
      { ...empty(), baseline: b },
      now,
    );
    expect(c.guardrails[0]).toEqual({
      guardrailId: 'baseline-stackset',
      status: 'non-compliant',
      detail: 'Baseline StackSet instance is OUTDATED: drift',
    });
    expect(c.baselineStatus).toBe('OUTDATED');
  });
});
