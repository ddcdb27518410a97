import {
  ConstraintViolationException,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListCreateAccountStatusCommand,
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

describe('tenancy:account:create: CreateAccount outcomes (CASES V7)', () => {
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
    expect(
      lines.filter(l => l.startsWith('info: CreateAccount request car-1')),
    ).toEqual([
      expect.stringMatching(
        /^info: CreateAccount request car-1: IN_PROGRESS, waiting \(0 s elapsed\)$/,
      ),
      expect.stringMatching(
        /^info: CreateAccount request car-1: IN_PROGRESS, waiting \(2 s elapsed\)$/,
      ),
      expect.stringMatching(
        /^info: CreateAccount request car-1: SUCCEEDED after [45] s$/,
      ),
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
});
