import {
  BadRequestException,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GetMembersCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListMembersCommand,
  Member,
} from '@aws-sdk/client-guardduty';
import {
  DataTestSandbox,
  startDataSandbox,
} from '../../__testUtils__/dataSandbox';

jest.setTimeout(30_000);

describe('GuardDuty (administrator account)', () => {
  let t: DataTestSandbox;
  let detectorId: string;
  beforeAll(async () => {
    t = await startDataSandbox({ tenants: 40, seed: 4 });
    detectorId = (await t.guardDuty.send(new ListDetectorsCommand({})))
      .DetectorIds![0];
  });
  afterAll(() => t.destroy());

  async function allFindingIds(criterion: any) {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.guardDuty.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: { Criterion: criterion },
          MaxResults: 50,
          NextToken: token,
        }),
      );
      ids.push(...page.FindingIds!);
      token = page.NextToken;
    } while (token);
    return ids;
  }

  it('has one 32-character detector per region', async () => {
    expect(detectorId).toMatch(/^[0-9a-f]{32}$/);
    const other = new GuardDutyClient({
      endpoint: t.sandbox.endpoint,
      region: 'eu-west-1',
      credentials: await t.credentialsFor('000000000002'),
      maxAttempts: 1,
    });
    try {
      const res = await other.send(new ListDetectorsCommand({}));
      expect(res.DetectorIds![0]).not.toBe(detectorId);
    } finally {
      other.destroy();
    }
  });

  it('lists members with a relationship status; a few accounts are not members', async () => {
    const members: Member[] = [];
    let token: string | undefined;
    do {
      const page = await t.guardDuty.send(
        new ListMembersCommand({
          DetectorId: detectorId,
          OnlyAssociated: 'false',
          MaxResults: 20,
          NextToken: token,
        }),
      );
      expect(page.Members!.length).toBeLessThanOrEqual(20);
      members.push(...page.Members!);
      token = page.NextToken;
    } while (token);
    const accounts = t.sandbox.state.org
      .accounts()
      .filter(a => a.id !== '000000000002');
    expect(members.length).toBeLessThan(accounts.length);
    expect(members.every(m => m.AdministratorId === '000000000002')).toBe(true);
    const associated = await t.guardDuty.send(
      new ListMembersCommand({ DetectorId: detectorId, MaxResults: 50 }),
    );
    expect(associated.Members!.map(m => m.AccountId)).toEqual(
      members
        .filter(m => m.RelationshipStatus === 'Enabled')
        .map(m => m.AccountId),
    );
    const notMember = accounts.find(
      a => !members.some(m => m.AccountId === a.id),
    )!;
    const some = await t.guardDuty.send(
      new GetMembersCommand({
        DetectorId: detectorId,
        AccountIds: [members[0].AccountId!, notMember.id],
      }),
    );
    expect(some.Members).toEqual([members[0]]);
    expect(some.UnprocessedAccounts!.map(u => u.AccountId)).toEqual([
      notMember.id,
    ]);
  });

  it('counts unarchived findings by account and severity, agreeing with ListFindings', async () => {
    const unarchived = { 'service.archived': { Equals: ['false'] } };
    const all = await allFindingIds({});
    const open = await allFindingIds(unarchived);
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(all.length); // some are archived
    const byAccount = await t.guardDuty.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: 'ACCOUNT',
        MaxResults: 100,
        FindingCriteria: { Criterion: unarchived },
      }),
    );
    const groups = byAccount.FindingStatistics!.GroupedByAccount!;
    expect(groups.reduce((a, g) => a + g.TotalFindings!, 0)).toBe(open.length);
    const totals = groups.map(g => g.TotalFindings!);
    expect([...totals].sort((a, b) => b - a)).toEqual(totals); // DESC by default
    const bySeverity = await t.guardDuty.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: 'SEVERITY',
        FindingCriteria: {
          Criterion: { ...unarchived, severity: { GreaterThanOrEqual: 7 } },
        },
      }),
    );
    const high = await allFindingIds({
      ...unarchived,
      severity: { GreaterThanOrEqual: 7 },
    });
    expect(
      bySeverity.FindingStatistics!.GroupedBySeverity!.reduce(
        (a, g) => a + g.TotalFindings!,
        0,
      ),
    ).toBe(high.length);
    expect(
      bySeverity.FindingStatistics!.GroupedBySeverity!.every(
        g => g.Severity! >= 7,
      ),
    ).toBe(true);
    const one = groups[0].AccountId!;
    const forOne = await t.guardDuty.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: 'ACCOUNT',
        FindingCriteria: {
          Criterion: { ...unarchived, accountId: { Equals: [one] } },
        },
      }),
    );
    expect(forOne.FindingStatistics!.GroupedByAccount).toEqual([groups[0]]);
    expect(forOne.NextToken).toBeUndefined();
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => String(100000000000 + i));
    await expect(
      t.guardDuty.send(
        new GetFindingsStatisticsCommand({
          DetectorId: detectorId,
          GroupBy: 'ACCOUNT',
          FindingCriteria: { Criterion: { accountId: { Equals: ids(51) } } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
      message:
        'The request is rejected because the criterion accountId has 51 equals values; at most 50 are allowed.',
    });
    const fifty = await t.guardDuty.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: 'ACCOUNT',
        FindingCriteria: { Criterion: { accountId: { NotEquals: ids(50) } } },
      }),
    );
    expect(fifty.FindingStatistics!.GroupedByAccount!.length).toBeGreaterThan(
      0,
    );
  });

  it('answers finding details and AWS errors for bad input', async () => {
    const ids = (await allFindingIds({})).slice(0, 3);
    const res = await t.guardDuty.send(
      new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids }),
    );
    expect(res.Findings!.map(f => f.Id)).toEqual(ids);
    expect(res.Findings![0]).toMatchObject({
      Partition: 'aws',
      Region: 'us-east-1',
      Service: { DetectorId: detectorId },
    });
    await expect(
      t.guardDuty.send(
        new GetFindingsStatisticsCommand({
          DetectorId: detectorId,
          GroupBy: 'ACCOUNT',
          MaxResults: 101,
        }),
      ),
    ).rejects.toBeInstanceOf(BadRequestException);
    await expect(
      t.guardDuty.send(
        new GetFindingsStatisticsCommand({
          DetectorId: '0'.repeat(32),
          GroupBy: 'ACCOUNT',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('detectorId is not owned'),
    });
  });
});
