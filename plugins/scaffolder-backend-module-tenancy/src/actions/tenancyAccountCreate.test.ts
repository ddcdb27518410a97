import {
  ConstraintViolationException,
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyAccountCreateAction } from './tenancyAccountCreate';
import { testContext, testDeps } from '../__testUtils__/harness';

function setup() {
  const t = testDeps();
  const org = mockClient(t.clients.org);
  org.on(ListAccountsCommand).resolves({ Accounts: [] });
  org
    .on(ListCreateAccountStatusCommand)
    .resolves({ CreateAccountStatuses: [] });
  org.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  org.on(DescribeAccountCommand).callsFake(i => ({
    Account: {
      Id: i.AccountId,
      Arn: `arn:aws:organizations::000000000000:account/o-abc/${i.AccountId}`,
      State: 'ACTIVE',
    },
  }));
  return { ...t, org, action: createTenancyAccountCreateAction(t.deps) };
}

const input = {
  tenantId: 'acme',
  accountName: 'acme',
  email: 'aws+acme@x.io',
  tags: { tier: 'premium' },
};

describe('tenancy:account:create', () => {
  it('CASES V7: IN_PROGRESS then SUCCEEDED with 333333333333; bounded polling, account id saved at once', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } });
    s.org
      .on(DescribeCreateAccountStatusCommand)
      .resolvesOnce({
        CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' },
      })
      .resolvesOnce({
        CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' },
      })
      .resolves({
        CreateAccountStatus: {
          Id: 'car-1',
          State: 'SUCCEEDED',
          AccountId: '333333333333',
        },
      });
    s.org.on(ListTagsForResourceCommand).resolves({
      Tags: [
        { Key: 'tenant', Value: 'acme' },
        { Key: 'tier', Value: 'premium' },
      ],
    });
    const { ctx, outputs, checkpoints, lines } = testContext(input);
    await s.action.handler(ctx);
    expect(outputs).toEqual({
      accountId: '333333333333',
      accountArn:
        'arn:aws:organizations::000000000000:account/o-abc/333333333333',
      createAccountRequestId: 'car-1',
      adopted: false,
    });
    expect(s.org.commandCalls(CreateAccountCommand)[0].args[0].input).toEqual({
      Email: 'aws+acme@x.io',
      AccountName: 'acme',
      RoleName: 'OrganizationAccountAccessRole',
      Tags: [
        { Key: 'tenant', Value: 'acme' },
        { Key: 'tier', Value: 'premium' },
      ],
    });
    expect(s.org.commandCalls(DescribeCreateAccountStatusCommand)).toHaveLength(
      3,
    );
    expect(s.org.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(checkpoints.get('account.create.acme.result')).toEqual({
      accountId: '333333333333',
      requestId: 'car-1',
      adopted: false,
    });
    expect(lines.filter(l => l.startsWith('info: CreateAccount request car-1'))).toEqual([
      expect.stringMatching(/^info: CreateAccount request car-1: IN_PROGRESS, waiting \(0 s elapsed\)$/),
      expect.stringMatching(/^info: CreateAccount request car-1: IN_PROGRESS, waiting \(2 s elapsed\)$/),
      expect.stringMatching(/^info: CreateAccount request car-1: SUCCEEDED after [45] s$/),
    ]);
    expect(s.clock.sleeps.every(ms => ms <= 30_000)).toBe(true);
    expect(s.activity).toEqual([
      {
        tenantId: 'acme',
        summary: 'Created account 333333333333 (tenancy:account:create)',
        taskId: 'mock-task-id',
        actor: undefined,
      },
    ]);
  });

  it('CASES V7: ACCOUNT_LIMIT_EXCEEDED stops with the quota message, no loop', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-2', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: {
        Id: 'car-2',
        State: 'FAILED',
        FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
      },
    });
    const { ctx } = testContext(input);
    await expect(s.action.handler(ctx)).rejects.toThrow(
      "The organization's account quota is reached (ACCOUNT_LIMIT_EXCEEDED). Ask AWS Support to raise the AWS Organizations account quota, or close unused accounts, then run the template again. Nothing was created.",
    );
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(1);
    expect(s.org.commandCalls(DescribeCreateAccountStatusCommand)).toHaveLength(
      1,
    );
  });

  it('CASES V7: CreateAccount answering ConstraintViolation ACCOUNT_NUMBER_LIMIT_EXCEEDED gives the quota message', async () => {
    const s = setup();
    s.org.on(CreateAccountCommand).rejects(
      new ConstraintViolationException({
        message: 'limit',
        Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED',
        $metadata: {},
      }),
    );
    const { ctx } = testContext(input);
    await expect(s.action.handler(ctx)).rejects.toThrow(
      "The organization's account quota is reached (ACCOUNT_LIMIT_EXCEEDED)",
    );
  });

  it('CASES V7: CONCURRENT_ACCOUNT_MODIFICATION follows the request already in flight', async () => {
    const s = setup();
    s.org
      .on(CreateAccountCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-3', State: 'IN_PROGRESS' } });
    s.org
      .on(ListCreateAccountStatusCommand)
      .resolvesOnce({ CreateAccountStatuses: [] })
      .resolves({
        CreateAccountStatuses: [
          { Id: 'car-other', AccountName: 'acme', State: 'IN_PROGRESS' },
        ],
      });
    s.org
      .on(DescribeCreateAccountStatusCommand, {
        CreateAccountRequestId: 'car-3',
      })
      .resolves({
        CreateAccountStatus: {
          State: 'FAILED',
          FailureReason: 'CONCURRENT_ACCOUNT_MODIFICATION',
        },
      });
    s.org
      .on(DescribeCreateAccountStatusCommand, {
        CreateAccountRequestId: 'car-other',
      })
      .resolves({
        CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '444444444444' },
      });
    const { ctx, outputs } = testContext(input);
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('444444444444');
    expect(outputs.createAccountRequestId).toBe('car-other');
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(1);
  });

  it('CASES V7: INTERNAL_FAILURE retries a bounded number of times with backoff', async () => {
    const s = setup();
    let n = 0;
    s.org.on(CreateAccountCommand).callsFake(() => ({
      CreateAccountStatus: { Id: `car-${++n}`, State: 'IN_PROGRESS' },
    }));
    s.org.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: {
        State: 'FAILED',
        FailureReason: 'INTERNAL_FAILURE',
      },
    });
    const { ctx } = testContext(input);
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'AWS Organizations failed internally (INTERNAL_FAILURE). If it keeps failing, check the AWS Health Dashboard and run the template again later. Gave up after 3 new requests.',
    );
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(4);
  });

  it('CASES V7: INTERNAL_FAILURE once, then a new request succeeds', async () => {
    const s = setup();
    let n = 0;
    s.org.on(CreateAccountCommand).callsFake(() => ({
      CreateAccountStatus: { Id: `car-${++n}`, State: 'IN_PROGRESS' },
    }));
    s.org
      .on(DescribeCreateAccountStatusCommand, {
        CreateAccountRequestId: 'car-1',
      })
      .resolves({
        CreateAccountStatus: {
          State: 'FAILED',
          FailureReason: 'INTERNAL_FAILURE',
        },
      });
    s.org
      .on(DescribeCreateAccountStatusCommand, {
        CreateAccountRequestId: 'car-2',
      })
      .resolves({
        CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '555555555555' },
      });
    const { ctx, outputs } = testContext(input);
    await s.action.handler(ctx);
    expect(outputs.accountId).toBe('555555555555');
    expect(s.org.commandCalls(CreateAccountCommand)).toHaveLength(2);
  });

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

  it('CASES V4: adopts by the tenant tag when the email differs (saved state lost)', async () => {
    const s = setup();
    s.org
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [{ Id: '111111111111', Name: 'other', Email: 'o@x.io' }],
        NextToken: 't',
      })
      .resolves({
        Accounts: [
          { Id: '222222222222', Name: 'acme', Email: 'aws+acme-old@x.io' },
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
    s.org.on(CreateAccountCommand).resolves({ CreateAccountStatus: { Id: 'car-7', State: 'IN_PROGRESS' } });
    s.org.on(DescribeCreateAccountStatusCommand).resolves({ CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '777777777777' } });
    const { ctx } = testContext({ tenantId: 'globex' });
    await s.action.handler(ctx);
    expect(s.org.commandCalls(CreateAccountCommand)[0].args[0].input).toMatchObject({ Email: 'aws+globex@example.com', AccountName: 'globex' });
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
      accountId: '000000000000',
      accountArn:
        'arn:aws:organizations::000000000000:account/o-dryrun/000000000000',
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
