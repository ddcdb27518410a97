import {
  DuplicateAccountException,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import {
  testContext,
  testDeps,
  tagEveryAccount,
} from '../__testUtils__/harness';

function setup() {
  const t = testDeps();
  const org = mockClient(t.clients.org);
  tagEveryAccount(org);
  org
    .on(ListRootsCommand)
    .resolves({ Roots: [{ Id: 'r-ab12', Name: 'Root' }] });
  org
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
    .resolves({
      OrganizationalUnits: [{ Id: 'ou-ab12-security1', Name: 'Security' }],
      NextToken: 'p2',
    });
  org
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'r-ab12',
      NextToken: 'p2',
    })
    .resolves({
      OrganizationalUnits: [{ Id: 'ou-ab12-tenants1', Name: 'Tenants' }],
    });
  org
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'ou-ab12-tenants1',
    })
    .resolves({
      OrganizationalUnits: [{ Id: 'ou-ab12-premium1', Name: 'premium' }],
    });
  return { ...t, org, action: createTenancyAccountMoveAction(t.deps) };
}

describe('tenancy:account:move', () => {
  it('CASES V4: moves the account from root r-ab12 to ou-ab12-tenants1 (the configured OU path)', async () => {
    const s = setup();
    s.org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    s.org.on(MoveAccountCommand).resolves({});
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      tenantId: 'acme',
    });
    await s.action.handler(ctx);
    expect(
      s.org.commandCalls(MoveAccountCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        AccountId: '222222222222',
        SourceParentId: 'r-ab12',
        DestinationParentId: 'ou-ab12-tenants1',
      },
    ]);
    expect(outputs).toEqual({
      ouId: 'ou-ab12-tenants1',
      ouPath: '/Tenants',
      previousParentId: 'r-ab12',
      moved: true,
    });
    expect(s.activity[0].summary).toBe(
      'Moved account 222222222222 to /Tenants (tenancy:account:move)',
    );
  });

  it('resolves a tier path /Tenants/premium', async () => {
    const s = setup();
    s.org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      ou: '/Tenants/premium',
    });
    await s.action.handler(ctx);
    expect(outputs.ouId).toBe('ou-ab12-premium1');
  });

  it('moves into <ouPath>/<tier> when given a tier', async () => {
    const s = setup();
    s.org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      tier: 'premium',
    });
    await s.action.handler(ctx);
    expect(outputs).toMatchObject({
      ouId: 'ou-ab12-premium1',
      ouPath: '/Tenants/premium',
    });
  });

  it('names the missing OU level', async () => {
    const s = setup();
    const { ctx } = testContext({
      accountId: '222222222222',
      ou: '/Tenants/gold',
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'OrganizationalUnit /Tenants/gold does not exist (looking for /Tenants/gold); create it in AWS Organizations or choose another tier',
    );
    expect(s.org.commandCalls(MoveAccountCommand)).toHaveLength(0);
  });

  it('already in the destination (by ListParents) is success without MoveAccount', async () => {
    const s = setup();
    s.org.on(ListParentsCommand).resolves({
      Parents: [{ Id: 'ou-ab12-tenants1', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      ou: 'ou-ab12-tenants1',
    });
    await s.action.handler(ctx);
    expect(s.org.commandCalls(MoveAccountCommand)).toHaveLength(0);
    expect(outputs.moved).toBe(false);
  });

  it('CASES V5: MoveAccount answering DuplicateAccountException is success; source parent from ListParents, not saved state', async () => {
    const s = setup();
    s.org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    s.org.on(MoveAccountCommand).rejects(
      new DuplicateAccountException({
        message: 'already there',
        $metadata: {},
      }),
    );
    const { ctx, outputs } = testContext({
      accountId: '222222222222',
      ou: 'ou-ab12-tenants1',
    });
    await s.action.handler(ctx);
    expect(s.org.commandCalls(ListParentsCommand)).toHaveLength(1);
    expect(
      s.org.commandCalls(MoveAccountCommand)[0].args[0].input.SourceParentId,
    ).toBe('r-ab12');
    expect(outputs.moved).toBe(true);
  });

  it('CASES X2: dry run makes no MoveAccount', async () => {
    const s = setup();
    s.org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const { ctx, lines } = testContext(
      { accountId: '222222222222' },
      { isDryRun: true },
    );
    await s.action.handler(ctx);
    expect(s.org.commandCalls(MoveAccountCommand)).toHaveLength(0);
    expect(lines).toEqual([
      'info: Dry run: would move account 222222222222 from r-ab12 to /Tenants (ou-ab12-tenants1)',
    ]);
  });

  it('rejects a malformed account id before any AWS call', async () => {
    const s = setup();
    const { ctx } = testContext({ accountId: '12345' });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      "accountId must be a 12-digit AWS account id, got '12345' (rule accountId.format)",
    );
    expect(s.org.calls()).toHaveLength(0);
  });
});
