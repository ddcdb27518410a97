import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import {
  clientConfig,
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

describe('STS', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ tenants: 5 });
  });
  afterAll(() => stopTestSandbox(t));

  it('identifies static credentials as the management account', async () => {
    const id = await t.sts.send(new GetCallerIdentityCommand({}));
    expect({ Account: id.Account, Arn: id.Arn }).toEqual({
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:user/sandbox',
    });
  });

  it('identifies static keys named for an account as that account (LocalStack convention)', async () => {
    const sts = new STSClient(
      clientConfig(t.sandbox.endpoint, {
        accessKeyId: '000000000002',
        secretAccessKey: 'sandbox',
      }),
    );
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect({ Account: id.Account, Arn: id.Arn }).toEqual({
      Account: '000000000002',
      Arn: 'arn:aws:iam::000000000002:user/000000000002',
    });
  });

  it('assumes a role in a member account and records the chain', async () => {
    const first = await t.sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000002:role/TenancyReadRole',
        RoleSessionName: 'tenancy',
        DurationSeconds: 900,
      }),
    );
    expect(first.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(first.Credentials!.Expiration).toEqual(
      new Date(t.sandbox.clock.nowMs() + 900_000),
    );
    expect(first.AssumedRoleUser!.Arn).toBe(
      'arn:aws:sts::000000000002:assumed-role/TenancyReadRole/tenancy',
    );
    const creds = {
      accessKeyId: first.Credentials!.AccessKeyId!,
      secretAccessKey: first.Credentials!.SecretAccessKey!,
      sessionToken: first.Credentials!.SessionToken!,
    };
    const asSecurity = new STSClient(clientConfig(t.sandbox.endpoint, creds));
    const id = await asSecurity.send(new GetCallerIdentityCommand({}));
    expect({ Account: id.Account, Arn: id.Arn }).toEqual({
      Account: '000000000002',
      Arn: 'arn:aws:sts::000000000002:assumed-role/TenancyReadRole/tenancy',
    });
    const tenant = t.sandbox.state.org
      .tenantAccounts()
      .find(a => a.state === 'ACTIVE')!.id;
    const tooLong = await errorOf(
      asSecurity.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${tenant}:role/R`,
          RoleSessionName: 'chain',
          DurationSeconds: 7200,
        }),
      ),
    );
    expect(tooLong.name).toBe('ValidationError');
    await asSecurity.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${tenant}:role/R`,
        RoleSessionName: 'chain',
      }),
    );
    const sessions = t.sandbox.state.sessions.map(s => [
      s.accountId,
      s.sourceArn,
    ]);
    expect(sessions).toEqual([
      ['000000000002', 'arn:aws:iam::000000000000:user/sandbox'],
      [
        tenant,
        'arn:aws:sts::000000000002:assumed-role/TenancyReadRole/tenancy',
      ],
    ]);
    asSecurity.destroy();
  });

  it('denies roles in accounts outside the organization and validates input', async () => {
    const denied = await errorOf(
      t.sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::999999999999:role/X',
          RoleSessionName: 'nope',
        }),
      ),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    const badName = await errorOf(
      t.sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::000000000001:role/X',
          RoleSessionName: 'a b',
        }),
      ),
    );
    expect(badName.name).toBe('ValidationError');
  });
});
