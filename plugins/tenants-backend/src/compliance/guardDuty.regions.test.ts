import {
  DescribeOrganizationConfigurationCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import {
  describeMembership,
  SEVERITY_BANDS,
  threatFindingsByAccount,
} from './guardDuty';
import { buildTenantCompliance } from './complianceModel';

/**
 * GuardDuty is regional: each region has its own administrator detector, members, organization
 * configuration and findings. Regions us-east-1 and eu-central-1 (plus ap-southeast-2, where the
 * organization never enabled GuardDuty).
 */
describe('GuardDuty per region (tenancy.aws.regions)', () => {
  const NOT_IN_EU = '666666666666';
  const SPLIT = '444444444444';
  const clients = {
    'us-east-1': new GuardDutyClient({ region: 'us-east-1' }),
    'eu-central-1': new GuardDutyClient({ region: 'eu-central-1' }),
    'ap-southeast-2': new GuardDutyClient({ region: 'ap-southeast-2' }),
  };
  const us = mockClient(clients['us-east-1']);
  const eu = mockClient(clients['eu-central-1']);
  const ap = mockClient(clients['ap-southeast-2']);
  const member = (AccountId: string) => ({
    AccountId,
    RelationshipStatus: 'Enabled',
    MasterId: '222222222222',
    Email: `${AccountId}@example.com`,
    UpdatedAt: '2026-03-01T00:00:00Z',
  });
  /** Answers GetFindingsStatistics from counts by band (severity GreaterThanOrEqual → account → n). */
  const statistics =
    (byBand: Record<number, Record<string, number>>) => (input: any) => {
      const gte = input.FindingCriteria.Criterion.severity?.GreaterThanOrEqual;
      return {
        FindingStatistics: {
          GroupedByAccount: Object.entries(byBand[gte] ?? {}).map(
            ([AccountId, TotalFindings]) => ({ AccountId, TotalFindings }),
          ),
        },
      };
    };

  beforeEach(() => {
    us.reset();
    eu.reset();
    ap.reset();
    us.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-us'] });
    us.on(DescribeOrganizationConfigurationCommand, {
      DetectorId: 'det-us',
    }).resolves({
      AutoEnable: true,
      AutoEnableOrganizationMembers: 'ALL',
      MemberAccountLimitReached: false,
    });
    us.on(ListMembersCommand, {
      DetectorId: 'det-us',
      OnlyAssociated: 'true',
    }).resolves({ Members: [member(NOT_IN_EU), member(SPLIT)] });
    // 7 in us-east-1: 4 low, 3 high
    us.on(GetFindingsStatisticsCommand, { DetectorId: 'det-us' }).callsFake(
      statistics({ 1: { [SPLIT]: 4, [NOT_IN_EU]: 1 }, 7: { [SPLIT]: 3 } }),
    );
    eu.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-eu'] });
    eu.on(DescribeOrganizationConfigurationCommand, {
      DetectorId: 'det-eu',
    }).resolves({
      AutoEnable: true,
      AutoEnableOrganizationMembers: 'NEW',
      MemberAccountLimitReached: false,
    });
    // eu-central-1 lists 666… nowhere among its members
    eu.on(ListMembersCommand, {
      DetectorId: 'det-eu',
      OnlyAssociated: 'true',
    }).resolves({ Members: [member(SPLIT)] });
    // 6 in eu-central-1: 5 medium, 1 critical
    eu.on(GetFindingsStatisticsCommand, { DetectorId: 'det-eu' }).callsFake(
      statistics({ 4: { [SPLIT]: 5 }, 9: { [SPLIT]: 1 } }),
    );
    // no detector of the organization in ap-southeast-2
    ap.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
  });

  const read = (regions: Array<keyof typeof clients>) =>
    threatFindingsByAccount(
      async r => clients[r as keyof typeof clients],
      regions,
      [NOT_IN_EU, SPLIT],
    );

  it('G2: findings 7 in us-east-1 and 6 in eu-central-1 make 13, with the split kept per region', async () => {
    const r = await read(['us-east-1', 'eu-central-1']);
    const t = r.get(SPLIT)!;
    expect(t).toEqual({
      member: true,
      low: 4,
      medium: 5,
      high: 3,
      critical: 1,
      regions: [
        {
          region: 'us-east-1',
          status: 'member',
          autoEnable: 'ALL',
          low: 4,
          medium: 0,
          high: 3,
          critical: 0,
        },
        {
          region: 'eu-central-1',
          status: 'member',
          autoEnable: 'NEW',
          low: 0,
          medium: 5,
          high: 0,
          critical: 1,
        },
      ],
    });
    const total = (
      x: Record<(typeof SEVERITY_BANDS)[number]['band'], number>,
    ) => SEVERITY_BANDS.reduce((a, b) => a + x[b.band], 0);
    expect(total(t)).toBe(13);
    expect(t.regions!.map(x => [x.region, total(x)])).toEqual([
      ['us-east-1', 7],
      ['eu-central-1', 6],
    ]);
  });

  it('G2: a tenant eu-central-1 lists nowhere among its members is "not a member in eu-central-1", and fails the threat-detection guardrail', async () => {
    const r = await read(['us-east-1', 'eu-central-1']);
    const t = r.get(NOT_IN_EU)!;
    expect(t.member).toBe(false);
    expect(t.regions!.map(x => [x.region, x.status])).toEqual([
      ['us-east-1', 'member'],
      ['eu-central-1', 'not-member'],
    ]);
    expect(describeMembership(t)).toBe(
      'Enabled member in us-east-1; not a member in eu-central-1',
    );
    const guardrail: Guardrail = {
      id: 'guardduty-enabled',
      title: 'GuardDuty enabled',
      why: '',
      kind: 'threat-detection',
      severity: 'high',
    };
    const c = buildTenantCompliance(
      [guardrail],
      { accountId: NOT_IN_EU, ouId: 'ou-1' },
      {
        scpTargets: new Map(),
        ouAncestors: new Map(),
        rules: new Map(),
        threats: r,
        baseline: new Map(),
      } as never,
      new Date('2026-03-15T12:00:00Z'),
    );
    expect(c.guardrails[0]).toEqual({
      guardrailId: 'guardduty-enabled',
      status: 'non-compliant',
      detail: 'Enabled member in us-east-1; not a member in eu-central-1',
    });
  });

  it('G2: a region where the organization has no GuardDuty detector is "not configured", not "no findings"', async () => {
    const r = await read(['us-east-1', 'eu-central-1', 'ap-southeast-2']);
    const t = r.get(SPLIT)!;
    expect(t.regions![2]).toEqual({
      region: 'ap-southeast-2',
      status: 'not-configured',
      low: 0,
      medium: 0,
      high: 0,
      critical: 0,
    });
    // the regions where GuardDuty runs still decide membership; the gap is named
    expect(t.member).toBe(true);
    expect(describeMembership(t)).toBe(
      'Enabled member in us-east-1, eu-central-1; GuardDuty not configured in ap-southeast-2',
    );
    // nothing but ListDetectors is asked where there is no detector
    expect(ap.calls().map(c => c.args[0].constructor.name)).toEqual([
      'ListDetectorsCommand',
    ]);
    // with only an unconfigured region, no tenant counts as a member
    const only = await read(['ap-southeast-2']);
    expect(only.get(SPLIT)!.member).toBe(false);
    expect(describeMembership(only.get(SPLIT))).toBe(
      'GuardDuty not configured in ap-southeast-2',
    );
  });

  it('asks each region once per call kind: 1 ListDetectors, 1 DescribeOrganizationConfiguration, 1 ListMembers, 4 GetFindingsStatistics', async () => {
    await read(['us-east-1', 'eu-central-1']);
    for (const m of [us, eu]) {
      expect(
        m
          .calls()
          .map(c => c.args[0].constructor.name)
          .sort(),
      ).toEqual([
        'DescribeOrganizationConfigurationCommand',
        'GetFindingsStatisticsCommand',
        'GetFindingsStatisticsCommand',
        'GetFindingsStatisticsCommand',
        'GetFindingsStatisticsCommand',
        'ListDetectorsCommand',
        'ListMembersCommand',
      ]);
    }
  });
});
