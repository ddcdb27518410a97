import {
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { testContext } from '../__testUtils__/harness';
import {
  acmeInput,
  setupAccountCreate,
} from '../__testUtils__/accountCreateSetup';

const setup = setupAccountCreate;
const input = acmeInput;

describe('tenancy:account:create', () => {
  describe('CASES V1: a failed request, then a corrected email', () => {
    const saved = () =>
      new Map<string, unknown>([
        [
          'account.create.acme',
          {
            kind: 'request',
            requestId: 'car-aaaa1111',
            email: 'aws+acme@x.io',
          },
        ],
      ]);
    const rerun = { ...input, email: 'aws+acme-01@x.io' };

    it('FAILED / EMAIL_ALREADY_EXISTS: a new CreateAccount with the new email; state keeps email with request id', async () => {
      const s = setup();
      s.org
        .on(DescribeCreateAccountStatusCommand, {
          CreateAccountRequestId: 'car-aaaa1111',
        })
        .resolves({
          CreateAccountStatus: {
            State: 'FAILED',
            FailureReason: 'EMAIL_ALREADY_EXISTS',
          },
        });
      s.org.on(CreateAccountCommand).resolves({
        CreateAccountStatus: { Id: 'car-bbbb2222', State: 'IN_PROGRESS' },
      });
      s.org
        .on(DescribeCreateAccountStatusCommand, {
          CreateAccountRequestId: 'car-bbbb2222',
        })
        .resolves({
          CreateAccountStatus: {
            State: 'SUCCEEDED',
            AccountId: '222222222222',
          },
        });
      const { ctx, outputs, checkpoints } = testContext(rerun, {
        checkpoints: saved(),
      });
      await s.action.handler(ctx);
      expect(
        s.org
          .commandCalls(CreateAccountCommand)
          .map(c => c.args[0].input.Email),
      ).toEqual(['aws+acme-01@x.io']);
      expect(checkpoints.get('account.create.acme.aws+acme-01@x.io')).toEqual({
        kind: 'request',
        requestId: 'car-bbbb2222',
        email: 'aws+acme-01@x.io',
      });
      expect(outputs.accountId).toBe('222222222222');
    });

    it('IN_PROGRESS: waits on it, never a second request', async () => {
      const s = setup();
      s.org
        .on(DescribeCreateAccountStatusCommand, {
          CreateAccountRequestId: 'car-aaaa1111',
        })
        .resolvesOnce({ CreateAccountStatus: { State: 'IN_PROGRESS' } })
        .resolvesOnce({ CreateAccountStatus: { State: 'IN_PROGRESS' } })
        .resolves({
          CreateAccountStatus: {
            State: 'SUCCEEDED',
            AccountId: '222222222222',
          },
        });
      const { ctx, outputs, lines } = testContext(rerun, {
        checkpoints: saved(),
      });
      await s.action.handler(ctx);
      expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
      expect(outputs.accountId).toBe('222222222222');
      expect(lines).toContain(
        'info: Request car-aaaa1111 for aws+acme@x.io is still in progress; waiting on it (a second request would create a second account); the email change to aws+acme-01@x.io has no effect',
      );
    });

    it('SUCCEEDED: keeps that account and says the email change has no effect', async () => {
      const s = setup();
      s.org.on(DescribeCreateAccountStatusCommand).resolves({
        CreateAccountStatus: {
          State: 'SUCCEEDED',
          AccountId: '222222222222',
        },
      });
      const { ctx, outputs, lines } = testContext(rerun, {
        checkpoints: saved(),
      });
      await s.action.handler(ctx);
      expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
      expect(outputs.accountId).toBe('222222222222');
      expect(lines).toContain(
        'warn: Account 222222222222 was already created with aws+acme@x.io; keeping it, the email change to aws+acme-01@x.io has no effect',
      );
    });

    it('the EMAIL_ALREADY_EXISTS message says to choose another email, not to retry', async () => {
      const s = setup();
      s.org.on(CreateAccountCommand).resolves({
        CreateAccountStatus: { Id: 'car-aaaa1111', State: 'IN_PROGRESS' },
      });
      s.org.on(DescribeCreateAccountStatusCommand).resolves({
        CreateAccountStatus: {
          State: 'FAILED',
          FailureReason: 'EMAIL_ALREADY_EXISTS',
        },
      });
      const { ctx } = testContext(input);
      await expect(s.action.handler(ctx)).rejects.toThrow(
        'The email aws+acme@x.io already belongs to another AWS account (EMAIL_ALREADY_EXISTS). Choose another email for this tenant and run the template again; retrying with the same email fails the same way.',
      );
      expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(1);
    });
  });

  it('CASES V4: adopts the account found by email (case-insensitive), skips CreateAccount, adds missing tags', async () => {
    const s = setup();
    s.org.on(ListAccountsCommand).resolves({
      Accounts: [{ Id: '222222222222', Name: 'acme', Email: 'AWS+Acme@X.io' }],
    });
    const { ctx, outputs } = testContext(input);
    await s.action.handler(ctx);
    expect(outputs).toMatchObject({
      accountId: '222222222222',
      adopted: true,
      createAccountRequestId: '',
    });
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(s.org.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({
      ResourceId: '222222222222',
      Tags: [
        { Key: 'tenant', Value: 'acme' },
        { Key: 'tier', Value: 'premium' },
      ],
    });
  });

  it('CASES V4: a re-run with the saved state lost adopts the tagged account by its email (every ListAccounts page), no write', async () => {
    const s = setup();
    s.org
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [{ Id: '111111111111', Name: 'other', Email: 'o@x.io' }],
        NextToken: 't',
      })
      .resolves({
        Accounts: [
          { Id: '222222222222', Name: 'acme', Email: 'AWS+ACME@x.io' },
        ],
      });
    s.org
      .on(ListTagsForResourceCommand, { ResourceId: '222222222222' })
      .resolves({
        Tags: [
          { Key: 'tenant', Value: 'acme' },
          { Key: 'tier', Value: 'premium' },
        ],
      });
    const { ctx, outputs } = testContext(input);
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('222222222222');
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(s.org.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it('CASES V4 + F2: with another email than the tagged account’s, the tenant’s one account is adopted by its tag and nothing is created', async () => {
    const s = setup();
    s.org.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '222222222222', Name: 'acme', Email: 'aws+acme-old@x.io' },
      ],
    });
    s.org
      .on(ListTagsForResourceCommand, { ResourceId: '222222222222' })
      .resolves({ Tags: [{ Key: 'tenant', Value: 'acme' }] });
    const { ctx, outputs } = testContext(input);
    await s.action.handler(ctx);
    expect(outputs).toMatchObject({ accountId: '222222222222', adopted: true });
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    // Only the missing tags are added; the tenant tag is left as it is.
    expect(
      s.org
        .commandCalls(TagResourceCommand)
        .flatMap(c => (c.args[0].input.Tags ?? []).map(t => t.Key)),
    ).toEqual(['tier']);
  });

  it('CASES X3: a recovered task replays without any Organizations write', async () => {
    const s = setup();
    const checkpoints = new Map<string, unknown>([
      [
        'account.create.acme.result',
        { accountId: '222222222222', requestId: 'car-1', adopted: false },
      ],
    ]);
    s.org.on(ListTagsForResourceCommand).resolves({
      Tags: [
        { Key: 'tenant', Value: 'acme' },
        { Key: 'tier', Value: 'premium' },
      ],
    });
    const { ctx, outputs } = testContext(input, { checkpoints });
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('222222222222');
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(s.org.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it('refuses to adopt a SUSPENDED account', async () => {
    const s = setup();
    s.org.on(ListAccountsCommand).resolves({
      Accounts: [{ Id: '222222222222', Name: 'acme', Email: 'aws+acme@x.io' }],
    });
    s.org
      .on(DescribeAccountCommand)
      .resolves({ Account: { Id: '222222222222', State: 'SUSPENDED' } });
    const { ctx } = testContext(input);
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'Account 222222222222 for tenant acme is SUSPENDED; it cannot be vended. Reopen it with AWS Support, or give the tenant another email and account name.',
    );
  });

  it.each([
    [
      'acme corp',
      'aws+acme@x.io',
      'acme',
      "Tenant id must be runs of letters and digits joined by single '-', '_' or '.' (the catalog entity name rule); it contains whitespace (rule tenantId.pattern)",
    ],
    [
      'acme--corp',
      'aws+acme@x.io',
      'acme',
      "Tenant id must be runs of letters and digits joined by single '-', '_' or '.' (the catalog entity name rule); it has two separators in a row (rule tenantId.pattern)",
    ],
    [
      '-acme',
      'aws+acme@x.io',
      'acme',
      "Tenant id must be runs of letters and digits joined by single '-', '_' or '.' (the catalog entity name rule); it starts or ends with a separator (rule tenantId.pattern)",
    ],
    [
      'a'.repeat(64),
      'aws+acme@x.io',
      'acme',
      'Tenant id must be at most 50 characters, it becomes the AWS account name; this one has 64 (rule tenantId.length)',
    ],
    [
      'acme',
      'ops@localhost',
      'acme',
      'Account email domain must contain at least one dot (rule email.domain-dot)',
    ],
    [
      'acme',
      'aws-root+tenant-acme-manufacturing-production-eu@saas-example.com',
      'acme',
      'Account email must be 6–64 characters; this one has 65 (rule email.length)',
    ],
    [
      'acme',
      'aws+acme@x.io',
      'Acme Ümlaut',
      'Account name must be printable ASCII; found Ü (rule accountName.printable-ascii)',
    ],
  ])(
    'CASES V2/V3: rejects tenant %s / %s / %s before any AWS call',
    async (tenantId, email, accountName, message) => {
      const s = setup();
      const { ctx } = testContext({ tenantId, email, accountName });
      await expect(s.action.handler(ctx)).rejects.toThrow(message);
      expect(s.org.calls()).toHaveLength(0);
    },
  );

  it('defaults the account name to the tenant id and the email to tenancy.vending.emailPattern', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-7', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '777777777777' },
    });
    const { ctx } = testContext({ tenantId: 'globex' });
    await s.action.handler(ctx);
    expect(
      s.org.commandCalls(CreateAccountCommand)[0].args[0].input,
    ).toMatchObject({ Email: 'aws+globex@example.com', AccountName: 'globex' });
  });

  it('CASES V3: accepts acme.corp_01', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-9', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '666666666666' },
    });
    const { ctx, outputs } = testContext({
      tenantId: 'acme.corp_01',
      accountName: 'acme.corp_01',
      email: 'aws+acme.corp_01@x.io',
    });
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('666666666666');
  });

  it('CASES X2: dry run makes no CreateAccount or TagResource, keeps the output shape', async () => {
    const s = setup();
    const { ctx, outputs, lines } = testContext(input, { isDryRun: true });
    await s.action.handler(ctx);
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(s.org.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(outputs).toEqual({
      accountId: '(new account)',
      accountArn: '',
      createAccountRequestId: '',
      adopted: false,
    });
    expect(lines).toEqual([
      'info: Dry run: would call CreateAccount for tenant acme (account name acme, 2 tags)',
    ]);
  });

  it('CASES X1: never logs the inputs or a secret tag value', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '333333333333' },
    });
    const { ctx, lines, outputs } = testContext({
      ...input,
      tags: { tier: 'premium', externalId: 's3cr3t-ExtId-9' },
    });
    await s.action.handler(ctx);
    expect(lines.join('\n')).not.toContain('s3cr3t-ExtId-9');
    expect(JSON.stringify(outputs)).not.toContain('s3cr3t-ExtId-9');
  });
});
