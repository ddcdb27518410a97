import {
  AggregateComplianceByConfigRule,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetAggregateConfigRuleComplianceSummaryCommand,
  InvalidLimitException,
  InvalidParameterValueException,
  NoSuchConfigurationAggregatorException,
} from '@aws-sdk/client-config-service';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';
import { loadDetectiveRules } from './complianceModel';

jest.setTimeout(30_000);

const AGG = 'tenancy-organization';

describe('AWS Config aggregator (security account)', () => {
  let t: DataTestSandbox;
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 20, seed: 2 });
  });
  afterAll(() => t.destroy());

  async function everyPage(limit?: number, filters?: any) {
    const rows: AggregateComplianceByConfigRule[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await t.configService.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: AGG,
          Limit: limit,
          Filters: filters,
          NextToken: token,
        }),
      );
      rows.push(...page.AggregateComplianceByConfigRules!);
      sizes.push(page.AggregateComplianceByConfigRules!.length);
      token = page.NextToken;
    } while (token);
    return { rows, sizes };
  }

  it('describes the organization aggregator', async () => {
    const res = await t.configService.send(
      new DescribeConfigurationAggregatorsCommand({}),
    );
    expect(
      res.ConfigurationAggregators!.map(a => [
        a.ConfigurationAggregatorName,
        a.OrganizationAggregationSource?.AllAwsRegions,
      ]),
    ).toEqual([[AGG, true]]);
  });

  it('leaves out rules without results and can answer an empty page that still has a NextToken', async () => {
    const { rows } = await everyPage(1000);
    const rules = loadDetectiveRules().map(r => r.configRuleName);
    expect(rules).toEqual([
      'cloudtrail-enabled',
      'encrypted-volumes',
      'rds-storage-encrypted',
      'root-account-mfa-enabled',
      's3-bucket-sse-enabled',
      'tenant-custom-tagging',
    ]);
    const accounts = t.sandbox.state.org.tenantAccounts();
    const slots = accounts.reduce(
      (a, x) => a + x.tags.regions.split(',').length * rules.length,
      0,
    );
    const tenantRows = rows.filter(r =>
      accounts.some(a => a.id === r.AccountId),
    );
    expect(tenantRows.length).toBeLessThan(slots);
    expect(new Set(rows.map(r => r.Compliance!.ComplianceType))).toEqual(
      new Set(['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA']),
    );
    // Shared accounts only carry the organization-wide rules.
    const shared = rows
      .filter(r => r.AccountId === '000000000000')
      .map(r => r.ConfigRuleName);
    expect(shared).toEqual(['cloudtrail-enabled', 'root-account-mfa-enabled']);

    // Small pages with a filter: some pages are empty but carry a token; every row arrives once.
    const paged = await everyPage(5, { ComplianceType: 'NON_COMPLIANT' });
    expect(paged.sizes.slice(0, -1)).toContain(0);
    expect(paged.rows).toEqual(
      rows.filter(r => r.Compliance!.ComplianceType === 'NON_COMPLIANT'),
    );
    const unfiltered = await everyPage(7);
    expect(unfiltered.rows).toEqual(rows);
  });

  it('rejects INSUFFICIENT_DATA as a filter, limits over 1000 and an unknown aggregator', async () => {
    await expect(
      t.configService.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: AGG,
          Filters: { ComplianceType: 'INSUFFICIENT_DATA' },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(
      t.configService.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: AGG,
          Limit: 1001,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidLimitException);
    await expect(
      t.configService.send(
        new GetAggregateConfigRuleComplianceSummaryCommand({
          ConfigurationAggregatorName: 'other',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchConfigurationAggregatorException);
  });

  it('summarises compliant and noncompliant rules by account, matching the per-rule results', async () => {
    const { rows } = await everyPage(1000);
    const summary = await t.configService.send(
      new GetAggregateConfigRuleComplianceSummaryCommand({
        ConfigurationAggregatorName: AGG,
        GroupByKey: 'ACCOUNT_ID',
        Limit: 10,
      }),
    );
    expect(summary.GroupByKey).toBe('ACCOUNT_ID');
    expect(summary.AggregateComplianceCounts).toHaveLength(10);
    expect(summary.NextToken).toBeDefined();
    for (const g of summary.AggregateComplianceCounts!) {
      const mine = rows.filter(r => r.AccountId === g.GroupName);
      expect(g.ComplianceSummary!.CompliantResourceCount!.CappedCount).toBe(
        mine.filter(r => r.Compliance!.ComplianceType === 'COMPLIANT').length,
      );
      expect(g.ComplianceSummary!.NonCompliantResourceCount!.CappedCount).toBe(
        mine.filter(r => r.Compliance!.ComplianceType === 'NON_COMPLIANT')
          .length,
      );
    }
  });

  it('gives the evaluated resources of a noncompliant rule', async () => {
    const { rows } = await everyPage(1000, { ComplianceType: 'NON_COMPLIANT' });
    const bad = rows.find(
      r =>
        r.Compliance!.ComplianceContributorCount!.CappedCount! > 0 &&
        r.ConfigRuleName !== 'root-account-mfa-enabled',
    )!;
    const res = await t.configService.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({
        ConfigurationAggregatorName: AGG,
        ConfigRuleName: bad.ConfigRuleName,
        AccountId: bad.AccountId,
        AwsRegion: bad.AwsRegion,
        ComplianceType: 'NON_COMPLIANT',
      }),
    );
    expect(res.AggregateEvaluationResults).toHaveLength(
      bad.Compliance!.ComplianceContributorCount!.CappedCount!,
    );
    expect(
      res.AggregateEvaluationResults!.every(
        e => e.ComplianceType === 'NON_COMPLIANT' && e.Annotation,
      ),
    ).toBe(true);
  });

  it('follows a compliance change the sandbox published as its Config event (COMPLIANT ↔ NON_COMPLIANT)', async () => {
    const { rows } = await everyPage(1000, { ComplianceType: 'COMPLIANT' });
    const tenants = new Set(
      t.sandbox.state.org.tenantAccounts().map(a => a.id),
    );
    const ok = rows.find(
      r =>
        tenants.has(r.AccountId!) &&
        r.AwsRegion === 'us-east-1' &&
        r.ConfigRuleName === 'cloudtrail-enabled',
    )!;
    const change = async (complianceType: string) => {
      const res = await fetch(`${t.sandbox.endpoint}/_sandbox/events/config`, {
        method: 'POST',
        body: JSON.stringify({
          accountId: ok.AccountId,
          configRuleName: 'cloudtrail-enabled',
          complianceType,
        }),
      });
      expect(res.status).toBe(200);
    };
    const now = async () =>
      (await everyPage(1000)).rows
        .filter(
          r =>
            r.AccountId === ok.AccountId &&
            r.AwsRegion === 'us-east-1' &&
            r.ConfigRuleName === 'cloudtrail-enabled',
        )
        .map(r => [
          r.Compliance!.ComplianceType,
          r.Compliance!.ComplianceContributorCount?.CappedCount,
        ]);
    expect(await now()).toEqual([['COMPLIANT', undefined]]);
    await change('NON_COMPLIANT');
    expect(await now()).toEqual([['NON_COMPLIANT', 1]]);
    const details = await t.configService.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({
        ConfigurationAggregatorName: AGG,
        ConfigRuleName: 'cloudtrail-enabled',
        AccountId: ok.AccountId,
        AwsRegion: 'us-east-1',
      }),
    );
    expect(
      details.AggregateEvaluationResults!.map(e => e.ComplianceType),
    ).toEqual(['NON_COMPLIANT']);
    await change('COMPLIANT');
    expect(await now()).toEqual([['COMPLIANT', undefined]]);
  });
});
