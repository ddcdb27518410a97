import {
  AccountNotFoundException,
  ChildNotFoundException,
  CreateOrganizationalUnitCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  ListChildrenCommand,
  OrganizationalUnitNotFoundException,
  DuplicateOrganizationalUnitException,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  ParentNotFoundException,
  TagResourceCommand,
  TargetNotFoundException,
  UntagResourceCommand,
  AccessDeniedException,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  clientConfig,
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

describe('Organizations: organization, tree, accounts, tags', () => {
  let t: TestSandbox;
  let rootId: string;
  beforeAll(async () => {
    t = await startTestSandbox({ tenants: 50, seed: 1 });
    rootId = (await t.organizations.send(new ListRootsCommand({}))).Roots![0]
      .Id!;
  });
  afterAll(() => stopTestSandbox(t));

  const ousOf = async (parentId: string) =>
    (
      await t.organizations.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: parentId }),
      )
    ).OrganizationalUnits!;

  it('describes the organization with the management account', async () => {
    const { Organization } = await t.organizations.send(
      new DescribeOrganizationCommand({}),
    );
    expect(Organization).toEqual({
      Id: t.sandbox.state.org.id,
      Arn: `arn:aws:organizations::000000000000:organization/${t.sandbox.state.org.id}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::000000000000:account/${t.sandbox.state.org.id}/000000000000`,
      MasterAccountId: '000000000000',
      MasterAccountEmail: 'aws+management@saas-example.com',
      AvailablePolicyTypes: [
        { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
      ],
    });
    expect(Organization!.Id).toMatch(/^o-[a-z0-9]{10}$/);
  });

  it('has the OU tree: Security, Infrastructure, Tenants (one OU per tier), Suspended', async () => {
    const top = await ousOf(rootId);
    expect(top.map(o => o.Name)).toEqual([
      'Security',
      'Infrastructure',
      'Tenants',
      'Suspended',
    ]);
    const tenants = top.find(o => o.Name === 'Tenants')!;
    expect((await ousOf(tenants.Id!)).map(o => o.Name)).toEqual([
      'standard',
      'premium',
      'enterprise',
    ]);
    const security = top.find(o => o.Name === 'Security')!;
    const accounts = await t.organizations.send(
      new ListAccountsForParentCommand({ ParentId: security.Id }),
    );
    expect(accounts.Accounts!.map(a => a.Id)).toEqual([
      '000000000002',
      '000000000003',
    ]);
    const infra = top.find(o => o.Name === 'Infrastructure')!;
    const infraAccounts = await t.organizations.send(
      new ListAccountsForParentCommand({ ParentId: infra.Id }),
    );
    expect(infraAccounts.Accounts!.map(a => a.Id)).toEqual([
      '000000000001',
      '000000000004',
    ]);
  });

  it('lists all 55 accounts in pages of at most 20', async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts(
      { client: t.organizations },
      {},
    )) {
      pages.push(page.Accounts!.length);
      ids.push(...page.Accounts!.map(a => a.Id!));
    }
    expect(pages).toEqual([20, 20, 15]);
    expect(new Set(ids).size).toBe(55);
    expect(ids.slice(0, 5)).toEqual([
      '000000000000',
      '000000000001',
      '000000000002',
      '000000000003',
      '000000000004',
    ]);
  });

  it('tags tenant accounts with tenant, tier, owner and regions; a few are not ACTIVE', async () => {
    const all = t.sandbox.state.org.tenantAccounts();
    expect(all).toHaveLength(50);
    expect(all.filter(a => a.state === 'SUSPENDED')).toHaveLength(1);
    expect(all.filter(a => a.state === 'PENDING_CLOSURE')).toHaveLength(1);
    const first = all[0];
    const tags = await t.organizations.send(
      new ListTagsForResourceCommand({ ResourceId: first.id }),
    );
    expect(tags.Tags!.map(x => x.Key)).toEqual([
      'tenant',
      'tier',
      'owner',
      'regions',
    ]);
    expect(first.name).toBe(`tenant-${first.tags.tenant}`);
    expect(first.email).toBe(
      `aws+tenant-${first.tags.tenant}@saas-example.com`,
    );
    expect(first.tags.owner).toMatch(/^group:default\/team-[a-z]+$/);
    const suspended = all.find(a => a.state === 'SUSPENDED')!;
    const d = await t.organizations.send(
      new DescribeAccountCommand({ AccountId: suspended.id }),
    );
    expect(d.Account!.State).toBe('SUSPENDED');
    expect(d.Account!.Status).toBeUndefined();
    expect(t.sandbox.state.org.pathOf(suspended.parentId)).toBe('/Suspended');
  });

  it('pages accounts of a parent and rejects MaxResults above 20 and foreign tokens', async () => {
    const standard = t.sandbox.state.org.parentByPath('/Tenants/standard')!;
    let count = 0;
    for await (const page of paginateListAccountsForParent(
      { client: t.organizations, pageSize: 7 },
      { ParentId: standard },
    )) {
      expect(page.Accounts!.length).toBeLessThanOrEqual(7);
      count += page.Accounts!.length;
    }
    expect(count).toBe(t.sandbox.state.org.childAccounts(standard).length);
    const tooMany = await errorOf(
      t.organizations.send(new ListAccountsCommand({ MaxResults: 21 })),
    );
    expect(tooMany).toBeInstanceOf(InvalidInputException);
    expect(tooMany.Reason).toBe('MAX_VALUE_EXCEEDED');
    const first = await t.organizations.send(
      new ListAccountsCommand({ MaxResults: 2 }),
    );
    const foreign = await errorOf(
      t.organizations.send(
        new ListAccountsForParentCommand({
          ParentId: standard,
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(foreign).toBeInstanceOf(InvalidInputException);
    expect(foreign.Reason).toBe('INVALID_PAGINATION_TOKEN');
    const missing = await errorOf(
      t.organizations.send(
        new ListAccountsForParentCommand({ ParentId: 'ou-zzzz-zzzzzzzz' }),
      ),
    );
    expect(missing).toBeInstanceOf(ParentNotFoundException);
  });

  it('answers ListParents and DescribeAccount, with not-found errors', async () => {
    const account = t.sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE')!;
    const parents = await t.organizations.send(
      new ListParentsCommand({ ChildId: account.id }),
    );
    expect(parents.Parents).toEqual([
      { Id: account.parentId, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    const mgmt = await t.organizations.send(
      new ListParentsCommand({ ChildId: '000000000000' }),
    );
    expect(mgmt.Parents).toEqual([{ Id: rootId, Type: 'ROOT' }]);
    expect(
      await errorOf(
        t.organizations.send(
          new ListParentsCommand({ ChildId: '999999999999' }),
        ),
      ),
    ).toBeInstanceOf(ChildNotFoundException);
    const d = await t.organizations.send(
      new DescribeAccountCommand({ AccountId: account.id }),
    );
    expect(d.Account).toMatchObject({
      Id: account.id,
      Name: account.name,
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
    });
    expect(d.Account!.JoinedTimestamp!.toISOString()).toBe(account.joinedAt);
    expect(
      await errorOf(
        t.organizations.send(
          new DescribeAccountCommand({ AccountId: '999999999999' }),
        ),
      ),
    ).toBeInstanceOf(AccountNotFoundException);
    const bad = await errorOf(
      t.organizations.send(new DescribeAccountCommand({ AccountId: '12' })),
    );
    expect(bad).toBeInstanceOf(InvalidInputException);
  });

  it('describes OUs and lists children by type', async () => {
    const tenants = t.sandbox.state.org.parentByPath('/Tenants')!;
    const ou = await t.organizations.send(
      new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: tenants }),
    );
    expect(ou.OrganizationalUnit).toMatchObject({
      Id: tenants,
      Name: 'Tenants',
    });
    const children = await t.organizations.send(
      new ListChildrenCommand({
        ParentId: tenants,
        ChildType: 'ORGANIZATIONAL_UNIT',
      }),
    );
    expect(children.Children!.map(c => c.Type)).toEqual([
      'ORGANIZATIONAL_UNIT',
      'ORGANIZATIONAL_UNIT',
      'ORGANIZATIONAL_UNIT',
    ]);
    const accounts = await t.organizations.send(
      new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }),
    );
    expect(accounts.Children).toEqual([
      { Id: '000000000000', Type: 'ACCOUNT' },
    ]);
    const missing = await errorOf(
      t.organizations.send(
        new DescribeOrganizationalUnitCommand({
          OrganizationalUnitId: 'ou-zzzz-zzzzzzzz',
        }),
      ),
    );
    expect(missing).toBeInstanceOf(OrganizationalUnitNotFoundException);
  });

  it('creates OUs, refusing duplicate names', async () => {
    const tenants = t.sandbox.state.org.parentByPath('/Tenants')!;
    const created = await t.organizations.send(
      new CreateOrganizationalUnitCommand({
        ParentId: tenants,
        Name: 'trial',
        Tags: [{ Key: 'tier', Value: 'trial' }],
      }),
    );
    expect(created.OrganizationalUnit!.Id).toMatch(
      /^ou-[a-z0-9]{4}-[a-z0-9]{8}$/,
    );
    expect(t.sandbox.state.org.pathOf(created.OrganizationalUnit!.Id!)).toBe(
      '/Tenants/trial',
    );
    const dup = await errorOf(
      t.organizations.send(
        new CreateOrganizationalUnitCommand({
          ParentId: tenants,
          Name: 'trial',
        }),
      ),
    );
    expect(dup).toBeInstanceOf(DuplicateOrganizationalUnitException);
  });

  it('tags and untags accounts, OUs, the root and policies', async () => {
    const account = t.sandbox.state.org.tenantAccounts()[1];
    for (const id of [
      account.id,
      rootId,
      t.sandbox.state.org.parentByPath('/Tenants')!,
      'p-FullAWSAccess',
    ]) {
      await t.organizations.send(
        new TagResourceCommand({
          ResourceId: id,
          Tags: [{ Key: 'cost-center', Value: 'cc-42' }],
        }),
      );
      const tags = (
        await t.organizations.send(
          new ListTagsForResourceCommand({ ResourceId: id }),
        )
      ).Tags!;
      expect(tags).toContainEqual({ Key: 'cost-center', Value: 'cc-42' });
      await t.organizations.send(
        new UntagResourceCommand({ ResourceId: id, TagKeys: ['cost-center'] }),
      );
      const after = (
        await t.organizations.send(
          new ListTagsForResourceCommand({ ResourceId: id }),
        )
      ).Tags!;
      expect(after.find(x => x.Key === 'cost-center')).toBeUndefined();
    }
    const missing = await errorOf(
      t.organizations.send(
        new TagResourceCommand({
          ResourceId: '999999999999',
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    );
    expect(missing).toBeInstanceOf(TargetNotFoundException);
    const system = await errorOf(
      t.organizations.send(
        new TagResourceCommand({
          ResourceId: account.id,
          Tags: [{ Key: 'aws:x', Value: 'b' }],
        }),
      ),
    );
    expect(system.Reason).toBe('INVALID_SYSTEM_TAGS_PARAMETER');
  });

  it('answers only the management account (AccessDeniedException for an assumed member role)', async () => {
    const member = t.sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE')!;
    const { Credentials } = await t.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${member.id}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'test',
      }),
    );
    const client = new OrganizationsClient(
      clientConfig(t.sandbox.endpoint, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      }),
    );
    expect(
      await errorOf(client.send(new ListAccountsCommand({}))),
    ).toBeInstanceOf(AccessDeniedException);
    const org = await client.send(new DescribeOrganizationCommand({}));
    expect(org.Organization!.MasterAccountId).toBe('000000000000');
    client.destroy();
  });
});
