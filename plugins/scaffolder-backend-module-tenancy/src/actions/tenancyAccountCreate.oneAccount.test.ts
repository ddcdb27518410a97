/**
 * The identity invariants beyond V8/V9 (reviewer findings F1, F2, F3, owner refs): only tenant
 * accounts are adopted, a tenant has exactly one account, tenant ids and owner refs compare
 * case-insensitively — all checked before any AWS write and in dry runs.
 * See docs/aws-behaviours/vending.md › Identity of a tenant's account.
 */
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { testContext } from '../__testUtils__/harness';
import { setupIdentityOrg } from '../__testUtils__/identityOrg';

const setup = setupIdentityOrg;

/** Runs the request as a real run and as a dry run: both reject with `message`, 0 writes. */
async function expectRejectedBothWays(
  input: Record<string, unknown>,
  message: string,
) {
  for (const isDryRun of [false, true]) {
    const s = setup();
    const { ctx } = testContext(input as any, { isDryRun });
    await expect(s.action.handler(ctx)).rejects.toThrow(message);
    expect([isDryRun, s.writes()]).toEqual([isDryRun, 0]);
  }
}

describe('F1: an untagged account outside the root and the tenants OU tree is not a tenant', () => {
  it('the log-archive account 000000000003 in /Security is refused naming its OU, in a dry run too', async () => {
    await expectRejectedBothWays(
      { tenantId: 'logs', email: 'AWS+Log-Archive@corp.example' },
      'Email AWS+Log-Archive@corp.example belongs to account 000000000003 in OU /Security (ou-ab12-security1), outside the root and the tenants OU tree /Tenants, with no tenant tag: it is not a tenant account, so tenancy:account:create will not adopt it. Give tenant logs its own email (rule account.notTenant)',
    );
  });

  it('an OU named TenantsArchive is not the tenants OU tree (compared by OU id, not by name prefix)', async () => {
    await expectRejectedBothWays(
      { tenantId: 'archived', email: 'archived@corp.example' },
      'Email archived@corp.example belongs to account 666666666666 in OU /TenantsArchive (ou-ab12-archive1), outside the root and the tenants OU tree /Tenants, with no tenant tag: it is not a tenant account, so tenancy:account:create will not adopt it. Give tenant archived its own email (rule account.notTenant)',
    );
  });

  it.each([
    ['444444444444', 'initech', 'tenant-initech@corp.example', 'the root'],
    ['555555555555', 'hooli', 'TENANT-HOOLI@corp.example', '/Tenants/premium'],
  ])(
    'an untagged account %s (tenant %s) at %s stays adoptable and is tagged',
    async (accountId, tenantId, email) => {
      const s = setup();
      const { ctx, outputs } = testContext({ tenantId, email });
      await s.action.handler(ctx);
      expect(outputs).toMatchObject({ accountId, adopted: true });
      expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
      expect(s.org.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({
        ResourceId: accountId,
        Tags: [{ Key: 'tenant', Value: tenantId }],
      });
    },
  );
});

describe('the management account is never adopted, configured or not', () => {
  it('with no tenancy.aws.managementAccountId, DescribeOrganization’s MasterAccountId 000000000000 is refused', async () => {
    for (const isDryRun of [false, true]) {
      const s = setupIdentityOrg({ aws: { region: 'us-east-1' } });
      const { ctx } = testContext(
        { tenantId: 'mgmt', email: 'aws+management@corp.example' },
        { isDryRun },
      );
      await expect(s.action.handler(ctx)).rejects.toThrow(
        "Account 000000000000 is the organization's management account (DescribeOrganization MasterAccountId); it is never a tenant, so tenancy:account:create refuses it (rule account.central)",
      );
      expect(s.writes()).toBe(0);
    }
  });
});

describe('F2 + CASES V4: a tenant that has an account gets no second one for a new email', () => {
  it('acme (account 111111111111) vended again with acme-second@corp.example adopts 111111111111 by its tag: no CreateAccount, no write, in a dry run too', async () => {
    for (const isDryRun of [false, true]) {
      const s = setup();
      const { ctx, outputs, lines } = testContext(
        { tenantId: 'acme', email: 'acme-second@corp.example' },
        { isDryRun },
      );
      await s.action.handler(ctx);
      expect([isDryRun, outputs.accountId, outputs.adopted]).toEqual([
        isDryRun,
        '111111111111',
        true,
      ]);
      expect([isDryRun, s.writes()]).toEqual([isDryRun, 0]);
      expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
      expect(lines[0]).toBe(
        isDryRun
          ? 'info: Dry run: would adopt account 111111111111 for tenant acme, found by its tenant tag (its email differs from the one given and stays as it is); no CreateAccount'
          : 'info: Adopting existing account 111111111111 for tenant acme, found by its tenant tag (its email differs from the one given and stays as it is); no CreateAccount',
      );
    }
  });

  it('acme given the email of the untagged account 444444444444 is refused: adopting it would be a second account', async () => {
    await expectRejectedBothWays(
      { tenantId: 'acme', email: 'tenant-initech@corp.example' },
      'Tenant acme already has account 111111111111 (tag tenant=acme); a tenant has exactly one account, so tenancy:account:create creates or adopts no other for email tenant-initech@corp.example.',
    );
  });

  it('the refusal names account ids and tags only, never another account’s email', async () => {
    const s = setup();
    const { ctx } = testContext({
      tenantId: 'acme',
      email: 'tenant-initech@corp.example',
    });
    const err = await s.action.handler(ctx).catch(e => e as Error);
    expect(err).toMatchObject({ name: 'ConflictError' });
    expect((err as Error).message).not.toContain('tenant-acme@corp.example');
  });

  it('a new tenant with a new email still gets CreateAccount', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-5', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '123412341234' },
    });
    const { ctx, outputs } = testContext({
      tenantId: 'umbrella',
      email: 'tenant-umbrella@corp.example',
    });
    await s.action.handler(ctx);
    expect(outputs).toMatchObject({
      accountId: '123412341234',
      adopted: false,
    });
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(1);
  });
});

describe('F3: tenant ids compare case-insensitively, also against tags written by hand', () => {
  it('globex (account 888888888888 tagged tenant=Globex by hand) with a new email is refused naming that account', async () => {
    await expectRejectedBothWays(
      { tenantId: 'globex', email: 'globex-2@corp.example' },
      "Tenant globex already has account 888888888888 (tag tenant=Globex); tenant ids compare case-insensitively, as catalog entity names do; a tenant has exactly one account, so tenancy:account:create creates or adopts no other for email globex-2@corp.example. Run it with that account's email to adopt it, or choose another tenant id (rule tenant.oneAccount)",
    );
  });

  it('Acme (vs acme’s account) with a new email is refused the same way', async () => {
    await expectRejectedBothWays(
      { tenantId: 'Acme', email: 'acme-3@corp.example' },
      'Tenant Acme already has account 111111111111 (tag tenant=acme); tenant ids compare case-insensitively',
    );
  });

  it('globex with that account’s own email is not re-tagged: rule tenant.idCase', async () => {
    await expectRejectedBothWays(
      { tenantId: 'globex', email: 'TENANT-GLOBEX@corp.example' },
      'Email TENANT-GLOBEX@corp.example belongs to account 888888888888, tagged tenant=Globex: tenant globex in other letter case (tenant ids compare case-insensitively, as catalog entity names do). Vend it as tenant Globex, or correct the tag to tenant=globex in AWS Organizations first (rule tenant.idCase)',
    );
  });

  it('Globex, as the tag spells it, adopts 888888888888 with no write', async () => {
    const s = setup();
    const { ctx, outputs } = testContext({
      tenantId: 'Globex',
      email: 'tenant-globex@corp.example',
    });
    await s.action.handler(ctx);
    expect(outputs).toMatchObject({
      accountId: '888888888888',
      adopted: true,
    });
    expect(s.writes()).toBe(0);
  });
});

describe('owner refs are lower-cased on input, as the catalog compares them', () => {
  it('group:default/Team-Alpha is checked and tagged as group:default/team-alpha', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-6', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '123412341235' },
    });
    const { ctx } = testContext({
      tenantId: 'umbrella',
      email: 'tenant-umbrella@corp.example',
      tags: { owner: 'group:default/Team-Alpha', tier: 'premium' },
    });
    await s.action.handler(ctx);
    expect(
      s.org.commandCalls(CreateAccountCommand)[0].args[0].input.Tags,
    ).toEqual([
      { Key: 'owner', Value: 'group:default/team-alpha' },
      { Key: 'tenant', Value: 'umbrella' },
      { Key: 'tier', Value: 'premium' },
    ]);
  });

  it('Group:Default/TEAM-GHOST is refused as group:default/team-ghost with 0 AWS calls', async () => {
    const s = setup();
    const { ctx } = testContext({
      tenantId: 'umbrella',
      owner: 'Group:Default/TEAM-GHOST',
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'Owner group:default/team-ghost is not a Group in the catalog; create the Group or choose an existing team (rule owner.exists)',
    );
    expect(s.org.calls()).toHaveLength(0);
  });
});
