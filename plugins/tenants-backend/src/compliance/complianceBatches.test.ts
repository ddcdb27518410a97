import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
} from '@aws-sdk/client-config-service';
import {
  CloudFormationClient,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  GuardDutyClient,
  DescribeOrganizationConfigurationCommand,
  GetFindingsStatisticsCommand,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { aggregateRuleCompliance } from './sources';
import { baselineByAccount } from './baseline';
import { threatFindingsByAccount } from './guardDuty';

// Memory bound of the compliance reads (docs/memory.md): every paginated fleet-wide read is
// folded page by page into its compact per-account map; no page's rows are held once the next
// page is read. Pinned by answering every page with the SAME row objects, rewritten for each
// page: a reader that kept the rows of earlier pages would see only the last page's values.
const config = mockClient(ConfigServiceClient);
const cfn = mockClient(CloudFormationClient);
const gd = mockClient(GuardDutyClient);

const account = (i: number) => String(100000000000 + i);

beforeEach(() => {
  config.reset();
  cfn.reset();
  gd.reset();
});

describe('compliance reads memory bound', () => {
  it('Config results of 10,000 accounts × 3 rules: 30 pages folded one at a time', async () => {
    const rules = ['encrypted-volumes', 's3-public-read', 'root-mfa'];
    const rows = Array.from({ length: 1000 }, () => ({
      AccountId: '',
      ConfigRuleName: '',
      AwsRegion: 'us-east-1',
      Compliance: { ComplianceType: 'COMPLIANT' as string },
    }));
    config
      .on(DescribeAggregateComplianceByConfigRulesCommand)
      .callsFake(input => {
        const page = input.NextToken ? Number(input.NextToken) : 0;
        rows.forEach((r, j) => {
          const i = page * 1000 + j; // row i: account i / 3, rule i % 3
          r.AccountId = account(Math.floor(i / 3));
          r.ConfigRuleName = rules[i % 3];
          r.Compliance = {
            ComplianceType: i % 5 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT',
          };
        });
        return {
          AggregateComplianceByConfigRules: rows,
          NextToken: page < 29 ? String(page + 1) : undefined,
        };
      });
    const out = await aggregateRuleCompliance(
      new ConfigServiceClient({}),
      'org',
    );
    expect(
      config.commandCalls(DescribeAggregateComplianceByConfigRulesCommand),
    ).toHaveLength(30);
    expect(out.size).toBe(10000);
    // account 0: rows 0, 1, 2 (row 0 non-compliant)
    expect(out.get(account(0))).toEqual(
      new Map([
        [
          'encrypted-volumes',
          { type: 'NON_COMPLIANT', nonCompliantResources: 0, capped: false },
        ],
        ['s3-public-read', { type: 'COMPLIANT' }],
        ['root-mfa', { type: 'COMPLIANT' }],
      ]),
    );
    // account 9,998: rows 29,994-29,996, row 29,995 (rule 1) non-compliant
    expect(out.get(account(9998))).toEqual(
      new Map([
        ['encrypted-volumes', { type: 'COMPLIANT' }],
        [
          's3-public-read',
          { type: 'NON_COMPLIANT', nonCompliantResources: 0, capped: false },
        ],
        ['root-mfa', { type: 'COMPLIANT' }],
      ]),
    );
  });

  it('baseline instances of 10,000 accounts: 100 pages folded one at a time', async () => {
    const rows = Array.from({ length: 100 }, () => ({
      Account: '',
      Region: 'us-east-1',
      Status: 'CURRENT' as string,
    }));
    cfn.on(ListStackInstancesCommand).callsFake(input => {
      const page = input.NextToken ? Number(input.NextToken) : 0;
      rows.forEach((r, j) => {
        const i = page * 100 + j;
        r.Account = account(i);
        r.Status = i % 10 === 0 ? 'INOPERABLE' : 'CURRENT';
      });
      return {
        Summaries: rows,
        NextToken: page < 99 ? String(page + 1) : undefined,
      };
    });
    const out = await baselineByAccount(
      new CloudFormationClient({}),
      'tenancy-baseline',
      'SELF',
    );
    expect(cfn.commandCalls(ListStackInstancesCommand)).toHaveLength(100);
    expect(out.size).toBe(10000);
    expect([...out.values()].filter(b => b.outcome === 'current')).toHaveLength(
      9000,
    );
    expect(out.get(account(0))?.status).toBe('INOPERABLE');
    expect(out.get(account(9999))).toEqual({
      outcome: 'current',
      status: 'CURRENT',
    });
  });

  it('GuardDuty members of 10,000 accounts: 200 pages folded one at a time', async () => {
    const members = Array.from({ length: 50 }, () => ({
      AccountId: '',
      RelationshipStatus: 'Enabled' as string,
    }));
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
    gd.on(DescribeOrganizationConfigurationCommand).resolves({
      AutoEnableOrganizationMembers: 'ALL',
    });
    gd.on(GetFindingsStatisticsCommand).resolves({
      FindingStatistics: { GroupedByAccount: [] },
    });
    gd.on(ListMembersCommand).callsFake(input => {
      const page = input.NextToken ? Number(input.NextToken) : 0;
      members.forEach((m, j) => {
        const i = page * 50 + j;
        m.AccountId = account(i);
        m.RelationshipStatus = i % 4 === 0 ? 'Disabled' : 'Enabled';
      });
      return {
        Members: members,
        NextToken: page < 199 ? String(page + 1) : undefined,
      };
    });
    const ids = Array.from({ length: 10000 }, (_, i) => account(i));
    const out = await threatFindingsByAccount(
      async () => new GuardDutyClient({}),
      ['us-east-1'],
      ids,
      1,
    );
    expect(gd.commandCalls(ListMembersCommand)).toHaveLength(200);
    expect(ids.filter(id => out.get(id)?.member)).toHaveLength(7500);
    expect(out.get(account(0))?.regions?.[0].status).toBe('not-member');
    expect(out.get(account(9999))?.regions?.[0].status).toBe('member');
  });
});
