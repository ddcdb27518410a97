import {
  DescribeOrganizationConfigurationCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';
import {
  MONITORING_ACCOUNT_ID,
  SECURITY_ACCOUNT_ID,
} from '../../core/organization/organization';

jest.setTimeout(30_000);

/**
 * GuardDuty and CloudWatch keep per-region data, the region taken from the SigV4 credential
 * scope: a detector can be missing in one region, and members, findings, metrics and alarms
 * differ by region.
 */
describe('per-region GuardDuty and CloudWatch', () => {
  let t: DataTestSandbox;
  const clients: Array<{ destroy(): void }> = [];
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 50, seed: 1 });
  });
  afterAll(async () => {
    clients.forEach(c => c.destroy());
    await t.destroy();
  });
  const guardDuty = async (region: string) => {
    const c = new GuardDutyClient({
      endpoint: t.sandbox.endpoint,
      region,
      credentials: await t.credentialsFor(SECURITY_ACCOUNT_ID),
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  };
  const cloudWatch = async (region: string) => {
    const c = new CloudWatchClient({
      endpoint: t.sandbox.endpoint,
      region,
      credentials: await t.credentialsFor(MONITORING_ACCOUNT_ID),
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  };
  /** Enabled members of the administrator's detector in a region. */
  const membersIn = async (gd: GuardDutyClient, detectorId: string) => {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const p = await gd.send(
        new ListMembersCommand({
          DetectorId: detectorId,
          OnlyAssociated: 'true',
          NextToken: token,
        }),
      );
      ids.push(...p.Members!.map(m => m.AccountId!));
      token = p.NextToken;
    } while (token);
    return ids.sort();
  };
  /** Unarchived findings per account in a region. */
  const findingsIn = async (gd: GuardDutyClient, detectorId: string) => {
    const res = await gd.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: 'ACCOUNT',
        MaxResults: 100,
        FindingCriteria: {
          Criterion: { 'service.archived': { Equals: ['false'] } },
        },
      }),
    );
    return new Map(
      res.FindingStatistics!.GroupedByAccount!.map(g => [
        g.AccountId!,
        g.TotalFindings!,
      ]),
    );
  };

  it('has no administrator detector in ap-southeast-2, one in us-east-1 and eu-central-1', async () => {
    const ap = await guardDuty('ap-southeast-2');
    expect((await ap.send(new ListDetectorsCommand({}))).DetectorIds).toEqual(
      [],
    );
    const us = await guardDuty('us-east-1');
    const eu = await guardDuty('eu-central-1');
    const [usId] = (await us.send(new ListDetectorsCommand({}))).DetectorIds!;
    const [euId] = (await eu.send(new ListDetectorsCommand({}))).DetectorIds!;
    expect(usId).toMatch(/^[0-9a-f]{32}$/);
    expect(euId).toMatch(/^[0-9a-f]{32}$/);
    expect(euId).not.toBe(usId);
    // the detector of one region is not known in another
    await expect(
      eu.send(new ListMembersCommand({ DetectorId: usId })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it('answers the organization configuration per region', async () => {
    const conf = async (region: string) => {
      const gd = await guardDuty(region);
      const [id] = (await gd.send(new ListDetectorsCommand({}))).DetectorIds!;
      return gd.send(
        new DescribeOrganizationConfigurationCommand({ DetectorId: id }),
      );
    };
    expect(await conf('us-east-1')).toMatchObject({
      AutoEnable: true,
      AutoEnableOrganizationMembers: 'ALL',
      MemberAccountLimitReached: false,
    });
    expect(await conf('eu-central-1')).toMatchObject({
      AutoEnableOrganizationMembers: 'NEW',
    });
  });

  it('keeps members and findings per region: some accounts differ between us-east-1 and eu-central-1', async () => {
    const us = await guardDuty('us-east-1');
    const eu = await guardDuty('eu-central-1');
    const [usId] = (await us.send(new ListDetectorsCommand({}))).DetectorIds!;
    const [euId] = (await eu.send(new ListDetectorsCommand({}))).DetectorIds!;
    const usMembers = await membersIn(us, usId);
    const euMembers = await membersIn(eu, euId);
    expect(usMembers).not.toEqual(euMembers);
    const usFindings = await findingsIn(us, usId);
    const euFindings = await findingsIn(eu, euId);
    // findings in eu-central-1 only of accounts running there, and the demo (seed 1, 50
    // tenants) has a tenant with findings in both regions, different counts
    const both = [...euFindings.keys()].filter(
      a => usFindings.has(a) && usFindings.get(a) !== euFindings.get(a),
    );
    expect(both.length).toBeGreaterThanOrEqual(1);
  });

  it("reads a tenant's metrics and alarms only in the regions it runs in", async () => {
    const tenants = t.sandbox.state.org
      .tenantAccounts()
      .filter(a => a.state === 'ACTIVE');
    const inEu = tenants.find(a => a.tags.regions?.includes('eu-central-1'))!;
    const usOnly = tenants.find(a => a.tags.regions === 'us-east-1')!;
    expect(inEu).toBeDefined();
    const invocations = async (region: string, accountId: string) => {
      const cw = await cloudWatch(region);
      const end = t.sandbox.clock.now().getTime();
      const res = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(end - 7 * 86_400_000),
          EndTime: new Date(end),
          MetricDataQueries: [
            {
              Id: 'q',
              AccountId: accountId,
              MetricStat: {
                Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' },
                Period: 3600,
                Stat: 'Sum',
              },
            },
          ],
        }),
      );
      return res.MetricDataResults![0].Values!.length;
    };
    expect(await invocations('eu-central-1', usOnly.id)).toBe(0);
    expect(await invocations('us-east-1', usOnly.id)).toBeGreaterThan(0);
    expect(await invocations('eu-central-1', inEu.id)).toBeGreaterThan(0);
    const alarmsOf = async (region: string, tenant: string) => {
      const cw = await cloudWatch(region);
      const res = await cw.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: `tenancy/${tenant}/` }),
      );
      return res.MetricAlarms!;
    };
    const euAlarms = await alarmsOf('eu-central-1', inEu.tags.tenant!);
    expect(euAlarms.length).toBeGreaterThan(0);
    expect(euAlarms[0].AlarmArn).toMatch(/^arn:aws:cloudwatch:eu-central-1:/);
    expect(await alarmsOf('eu-central-1', usOnly.tags.tenant!)).toEqual([]);
  });
});
