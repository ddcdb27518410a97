import {
  AccountAlreadyClosedException,
  CloseAccountCommand,
  ConcurrentModificationException,
  ConstraintViolationException,
  CreateAccountCommand,
  CreateAccountStatusNotFoundException,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DuplicateAccountException,
  InvalidInputException,
  ListAccountsForParentCommand,
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  SourceParentNotFoundException,
  DestinationParentNotFoundException,
} from '@aws-sdk/client-organizations';
import {
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { closeAccountQuota } from './accounts';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

describe('Organizations: CreateAccount, MoveAccount, CloseAccount', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({
      tenants: 20,
      durations: {
        createAccountMs: 60_000,
        closeAccountMs: 60_000,
        stackSetOperationMs: 30_000,
      },
    });
  });
  afterEach(() => stopTestSandbox(t));

  const create = (email: string, name = 'tenant-new') =>
    t.organizations.send(
      new CreateAccountCommand({
        Email: email,
        AccountName: name,
        Tags: [{ Key: 'tenant', Value: 'new' }],
      }),
    );
  const status = async (id: string) =>
    (
      await t.organizations.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }),
      )
    ).CreateAccountStatus!;

  it('goes IN_PROGRESS then SUCCEEDED after the simulated duration, in the root with its tags', async () => {
    const started = t.sandbox.clock.now();
    const { CreateAccountStatus } = await create(
      'aws+tenant-new@saas-example.com',
    );
    expect(CreateAccountStatus).toEqual({
      Id: expect.stringMatching(/^car-[0-9a-f]{32}$/),
      AccountName: 'tenant-new',
      State: 'IN_PROGRESS',
      RequestedTimestamp: started,
    });
    t.sandbox.clock.advance(59_000);
    expect((await status(CreateAccountStatus!.Id!)).State).toBe('IN_PROGRESS');
    t.sandbox.clock.advance(1_000);
    const done = await status(CreateAccountStatus!.Id!);
    expect(done.State).toBe('SUCCEEDED');
    expect(done.AccountId).toMatch(/^\d{12}$/);
    expect(done.CompletedTimestamp).toEqual(
      new Date(started.getTime() + 60_000),
    );
    const account = await t.organizations.send(
      new DescribeAccountCommand({ AccountId: done.AccountId }),
    );
    expect(account.Account).toMatchObject({
      Email: 'aws+tenant-new@saas-example.com',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
    });
    const tags = await t.organizations.send(
      new ListTagsForResourceCommand({ ResourceId: done.AccountId }),
    );
    expect(tags.Tags).toEqual([{ Key: 'tenant', Value: 'new' }]);
    const root = t.sandbox.state.org.root.id;
    const inRoot = await t.organizations.send(
      new ListAccountsForParentCommand({ ParentId: root }),
    );
    expect(inRoot.Accounts!.map(a => a.Id)).toEqual([
      '000000000000',
      done.AccountId,
    ]);
  });

  it('fails EMAIL_ALREADY_EXISTS for an existing email in any case, and by the +fail-email-exists suffix', async () => {
    const existing = t.sandbox.state.org
      .tenantAccounts()[0]
      .email.toUpperCase();
    const a = await create(existing);
    const b = await create('aws+acme+fail-email-exists@x.io', 'acme');
    t.sandbox.clock.advance(60_000);
    expect(await status(a.CreateAccountStatus!.Id!)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'EMAIL_ALREADY_EXISTS',
    });
    expect(await status(b.CreateAccountStatus!.Id!)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'EMAIL_ALREADY_EXISTS',
    });
    expect(
      t.sandbox.state.org.accountByEmail('aws+acme+fail-email-exists@x.io'),
    ).toBeUndefined();
  });

  it('fails a second request for an in-flight email with CONCURRENT_ACCOUNT_MODIFICATION', async () => {
    const first = await create('aws+dup@x.io');
    const second = await create('AWS+DUP@x.io');
    t.sandbox.clock.advance(60_000);
    expect((await status(first.CreateAccountStatus!.Id!)).State).toBe(
      'SUCCEEDED',
    );
    expect(await status(second.CreateAccountStatus!.Id!)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'CONCURRENT_ACCOUNT_MODIFICATION',
    });
  });

  it('allows at most 5 CreateAccount requests in flight', async () => {
    for (let i = 0; i < 5; i++) await create(`aws+t${i}@x.io`, `t${i}`);
    const sixth = await errorOf(create('aws+t5@x.io', 't5'));
    expect(sixth).toBeInstanceOf(ConcurrentModificationException);
    t.sandbox.clock.advance(60_000);
    expect((await create('aws+t5@x.io', 't5')).CreateAccountStatus!.State).toBe(
      'IN_PROGRESS',
    );
    const listed = await t.organizations.send(
      new ListCreateAccountStatusCommand({ States: ['SUCCEEDED'] }),
    );
    expect(listed.CreateAccountStatuses!.map(s => s.AccountName)).toEqual([
      't0',
      't1',
      't2',
      't3',
      't4',
    ]);
    const inProgress = await t.organizations.send(
      new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'] }),
    );
    expect(inProgress.CreateAccountStatuses!.map(s => s.AccountName)).toEqual([
      't5',
    ]);
  });

  it('fails ACCOUNT_LIMIT_EXCEEDED at the account quota', async () => {
    const s = t;
    await stopTestSandbox(s);
    t = await startTestSandbox({ tenants: 20, limits: { accountQuota: 26 } });
    const ok = await create('aws+one@x.io', 'one');
    const over = await create('aws+two@x.io', 'two');
    expect((await status(ok.CreateAccountStatus!.Id!)).State).toBe('SUCCEEDED');
    expect(await status(over.CreateAccountStatus!.Id!)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
    });
  });

  it('fails with an injected FailureReason by email pattern', async () => {
    t.sandbox.faults.add({
      kind: 'createAccountFailure',
      failureReason: 'INTERNAL_FAILURE',
      emailPattern: '^aws\\+flaky',
      count: 1,
    });
    const a = await create('aws+flaky@x.io', 'flaky');
    const b = await create('aws+flaky2@x.io', 'flaky2');
    t.sandbox.clock.advance(60_000);
    expect(await status(a.CreateAccountStatus!.Id!)).toMatchObject({
      State: 'FAILED',
      FailureReason: 'INTERNAL_FAILURE',
    });
    expect((await status(b.CreateAccountStatus!.Id!)).State).toBe('SUCCEEDED');
  });

  it('validates input and unknown request ids', async () => {
    const bad = await errorOf(create('not-an-email'));
    expect(bad).toBeInstanceOf(InvalidInputException);
    expect(bad.Reason).toBe('INVALID_PATTERN');
    const missing = await errorOf(
      t.organizations.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: 'car-0123456789abcdef',
        }),
      ),
    );
    expect(missing).toBeInstanceOf(CreateAccountStatusNotFoundException);
  });

  it('moves an account into a tier OU, which starts the baseline auto-deployment', async () => {
    const { CreateAccountStatus } = await create('aws+moved@x.io', 'moved');
    t.sandbox.clock.advance(60_000);
    const accountId = (await status(CreateAccountStatus!.Id!)).AccountId!;
    const org = t.sandbox.state.org;
    const premium = org.parentByPath('/Tenants/premium')!;
    await t.organizations.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: org.root.id,
        DestinationParentId: premium,
      }),
    );
    const dup = await errorOf(
      t.organizations.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: org.root.id,
          DestinationParentId: premium,
        }),
      ),
    );
    expect(dup).toBeInstanceOf(DuplicateAccountException);
    const instances = await t.cloudFormation.send(
      new ListStackInstancesCommand({
        StackSetName: 'tenant-baseline',
        StackInstanceAccount: accountId,
      }),
    );
    expect(instances.Summaries).toHaveLength(1);
    expect(instances.Summaries![0]).toMatchObject({
      Account: accountId,
      Region: 'us-east-1',
      Status: 'OUTDATED',
      OrganizationalUnitId: premium,
    });
    expect(instances.Summaries![0].StackInstanceStatus!.DetailedStatus).toBe(
      'RUNNING',
    );
    const opId = instances.Summaries![0].LastOperationId!;
    const op = () =>
      t.cloudFormation.send(
        new DescribeStackSetOperationCommand({
          StackSetName: 'tenant-baseline',
          OperationId: opId,
        }),
      );
    expect((await op()).StackSetOperation!.Status).toBe('RUNNING');
    t.sandbox.clock.advance(30_000);
    expect((await op()).StackSetOperation).toMatchObject({
      Status: 'SUCCEEDED',
      Action: 'CREATE',
    });
    const after = await t.cloudFormation.send(
      new ListStackInstancesCommand({
        StackSetName: 'tenant-baseline',
        StackInstanceAccount: accountId,
      }),
    );
    expect(after.Summaries![0]).toMatchObject({
      Status: 'CURRENT',
      StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
    });
  });

  it('checks the source and destination parents of a move', async () => {
    const account = t.sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE')!;
    const org = t.sandbox.state.org;
    const wrongSource = await errorOf(
      t.organizations.send(
        new MoveAccountCommand({
          AccountId: account.id,
          SourceParentId: org.root.id,
          DestinationParentId: org.parentByPath('/Suspended')!,
        }),
      ),
    );
    expect(wrongSource).toBeInstanceOf(SourceParentNotFoundException);
    const noDestination = await errorOf(
      t.organizations.send(
        new MoveAccountCommand({
          AccountId: account.id,
          SourceParentId: account.parentId,
          DestinationParentId: 'ou-zzzz-zzzzzzzz',
        }),
      ),
    );
    expect(noDestination).toBeInstanceOf(DestinationParentNotFoundException);
  });

  it('closes accounts: PENDING_CLOSURE, not twice, never the management account', async () => {
    const account = t.sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE')!;
    await t.organizations.send(
      new CloseAccountCommand({ AccountId: account.id }),
    );
    const d = await t.organizations.send(
      new DescribeAccountCommand({ AccountId: account.id }),
    );
    expect(d.Account!.State).toBe('PENDING_CLOSURE');
    expect(
      await errorOf(
        t.organizations.send(
          new CloseAccountCommand({ AccountId: account.id }),
        ),
      ),
    ).toBeInstanceOf(AccountAlreadyClosedException);
    const mgmt = await errorOf(
      t.organizations.send(
        new CloseAccountCommand({ AccountId: '000000000000' }),
      ),
    );
    expect(mgmt).toBeInstanceOf(ConstraintViolationException);
    expect(mgmt.Reason).toBe('CANNOT_CLOSE_MANAGEMENT_ACCOUNT');
    const state = async () =>
      (
        await t.organizations.send(
          new DescribeAccountCommand({ AccountId: account.id }),
        )
      ).Account!;
    t.sandbox.clock.advance(60_000);
    expect(await state()).toMatchObject({
      State: 'SUSPENDED',
    });
    expect((await state()).Status).toBeUndefined();
    t.sandbox.clock.advance(90 * 86_400_000);
    expect(await state()).toMatchObject({
      State: 'CLOSED',
    });
    expect((await state()).Status).toBeUndefined();
  });

  it('closes at most limits.closeAccountQuota accounts in a rolling 30 days (CLOSE_ACCOUNT_QUOTA_EXCEEDED)', async () => {
    await stopTestSandbox(t);
    t = await startTestSandbox({
      tenants: 20,
      limits: { closeAccountQuota: 1 },
    });
    const active = t.sandbox.state.org
      .tenantAccounts()
      .filter(a => a.state === 'ACTIVE');
    const close = (i: number) =>
      t.organizations.send(
        new CloseAccountCommand({ AccountId: active[i].id }),
      );
    await close(0);
    const second = await errorOf(close(1));
    expect(second).toBeInstanceOf(ConstraintViolationException);
    expect(second.Reason).toBe('CLOSE_ACCOUNT_QUOTA_EXCEEDED');
    expect(second.message).toBe(
      'You have exceeded close account quota for the past 30 days.',
    );
    t.sandbox.clock.advance(29 * 86_400_000);
    expect((await errorOf(close(1))).Reason).toBe(
      'CLOSE_ACCOUNT_QUOTA_EXCEEDED',
    );
    t.sandbox.clock.advance(2 * 86_400_000);
    await close(1);
    expect(t.sandbox.state.org.account(active[1].id)!.state).toBe(
      'PENDING_CLOSURE',
    );
  });

  it("follows AWS's quota rule by default: the higher of 250 and 20 % of member accounts, at most 1,000", () => {
    expect(
      [24, 1_000, 1_300, 4_000, 6_000].map(n =>
        closeAccountQuota(n, undefined),
      ),
    ).toEqual([250, 250, 260, 800, 1_000]);
    expect(closeAccountQuota(24, 3)).toBe(3);
  });

  it('refuses more accounts PENDING_CLOSURE at once than limits.closeAccountsInProgress (CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED)', async () => {
    await stopTestSandbox(t);
    t = await startTestSandbox({
      tenants: 20,
      durations: { closeAccountMs: 60_000 },
      limits: { closeAccountsInProgress: 2 },
    });
    const active = t.sandbox.state.org
      .tenantAccounts()
      .filter(a => a.state === 'ACTIVE');
    const close = (i: number) =>
      t.organizations.send(
        new CloseAccountCommand({ AccountId: active[i].id }),
      );
    // The seeded organization of 20 tenants has one account PENDING_CLOSURE already.
    await close(0);
    const second = await errorOf(close(1));
    expect(second.Reason).toBe('CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED');
    t.sandbox.clock.advance(60_000);
    await close(1);
  });
});
