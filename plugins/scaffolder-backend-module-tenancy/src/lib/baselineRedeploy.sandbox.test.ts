/**
 * B4 against the AWS sandbox: a new account's StackSet execution role is not ready for 10 s
 * after CreateAccount; the sandbox's manual clock is the action clock, so waits take no time.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startSandbox } from '@tenancy/aws-sandbox';
import { deployBaseline } from './baselineRedeploy';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

describe('deployBaseline against the sandbox', () => {
  let sandbox: Sandbox;
  let cfn: CloudFormationClient;
  let org: OrganizationsClient;
  beforeEach(async () => {
    sandbox = await startSandbox({
      port: 0,
      seed: 7,
      tenants: 5,
      durations: {
        stackSetOperationMs: 1_000,
        executionRoleNotReadyMs: 10_000,
      },
    });
    const config = {
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    };
    cfn = new CloudFormationClient(config);
    org = new OrganizationsClient(config);
    jest.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    cfn?.destroy();
    org?.destroy();
    await sandbox?.stop();
  });

  /** A new account in /Tenants/premium; the move starts the StackSet's auto-deployment. */
  async function newAccount() {
    const created = await org.send(
      new CreateAccountCommand({
        Email: 'aws+tenant-newco@corp.example',
        AccountName: 'newco',
      }),
    );
    const status = await org.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: created.CreateAccountStatus!.Id,
      }),
    );
    const accountId = status.CreateAccountStatus!.AccountId!;
    const tree = sandbox.state.org;
    const ouId = tree.parentByPath('/Tenants/premium')!;
    await org.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: tree.root.id,
        DestinationParentId: ouId,
      }),
    );
    return { accountId, ouId };
  }

  function run(
    accountId: string,
    ouId: string,
    notReadyTimeoutSeconds: number,
  ) {
    const lines: string[] = [];
    const logger = {
      info: (m: string) => void lines.push(m),
      warn: (m: string) => void lines.push(`warn: ${m}`),
      error: (m: string) => void lines.push(`error: ${m}`),
      debug: () => undefined,
      child: () => logger,
    } as any;
    const sleeps: number[] = [];
    const checkpoints = new Map<string, any>();
    const promise = deployBaseline({
      cfn,
      stackSetName: 'tenant-baseline',
      callAs: 'SELF',
      timeoutSeconds: 1800,
      poll: { initialSeconds: 2, maxSeconds: 20 },
      clock: {
        now: () => sandbox.clock.nowMs(),
        sleep: async ms => {
          sleeps.push(ms);
          sandbox.clock.advance(ms);
        },
      },
      logger,
      accountId,
      regions: ['us-east-1'],
      notReadyTimeoutSeconds,
      request: async () => ({
        DeploymentTargets: {
          OrganizationalUnitIds: [ouId],
          Accounts: [accountId],
          AccountFilterType: 'INTERSECTION',
        },
      }),
      checkpoint: async ({ key, fn }) => {
        if (!checkpoints.has(key)) checkpoints.set(key, await fn());
        return checkpoints.get(key);
      },
      exclusive: fn => fn(),
      random: () => 1,
    });
    return { promise, lines, sleeps };
  }

  const calls = (op: string) => sandbox.stats().calls[op] ?? 0;

  it('B4: the auto-deployed instance FAILS (role not ready); targeted redeploys with backoff until it works, then CURRENT', async () => {
    const { accountId, ouId } = await newAccount();
    const r = run(accountId, ouId, 900);
    const result = await r.promise;
    expect(
      result.instances.map(i => `${i.status}/${i.detailedStatus}`),
    ).toEqual(['CURRENT/SUCCEEDED']);
    // One UpdateStackInstances was refused (OperationInProgressException: the auto-deployment
    // was running) and re-sent with the same id; then one new id per not-ready attempt.
    expect(calls('CloudFormation.UpdateStackInstances')).toBe(4);
    expect(calls('CloudFormation.CreateStackInstances')).toBe(0);
    const started = r.lines
      .filter(l => l.startsWith('Started StackSet'))
      .map(l => /operation (\S+) /.exec(l)![1]);
    expect(started).toHaveLength(3);
    expect(new Set(started).size).toBe(3);
    started.forEach(id =>
      expect(id).toMatch(
        new RegExp(`^tenancy-redeploy-${accountId}-[0-9a-f]{16}$`),
      ),
    );
    expect(result.operationId).toBe(started[2]);
    // 2 s waiting out the auto-deployment, 2 s per operation, backoff 2 s then 4 s.
    expect(r.sleeps).toEqual([2000, 2000, 2000, 2000, 4000, 2000]);
    const reason = `us-east-1 OUTDATED/FAILED (Account ${accountId} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.)`;
    expect(r.lines.filter(l => l.includes('is not ready'))).toEqual([
      `Account ${accountId} is not ready for StackSet tenant-baseline yet (operation ${started[0]} ended FAILED (1 stack instance(s) failed, more than the failure tolerance); ${reason}); attempt 2 in 2 s, retrying until 2026-03-15T12:15:04.000Z`,
      `Account ${accountId} is not ready for StackSet tenant-baseline yet (operation ${started[1]} ended FAILED (1 stack instance(s) failed, more than the failure tolerance); ${reason}); attempt 3 in 4 s, retrying until 2026-03-15T12:15:04.000Z`,
    ]);
  });

  it('B4: not ready past a 5 s deadline: fails naming the last operation id and its reason', async () => {
    const { accountId, ouId } = await newAccount();
    const r = run(accountId, ouId, 5);
    const error = await r.promise.then(
      () => undefined,
      (e: Error) => e.message,
    );
    const started = r.lines
      .filter(l => l.startsWith('Started StackSet'))
      .map(l => /operation (\S+) /.exec(l)![1]);
    expect(started).toHaveLength(3);
    expect(error).toBe(
      `Baseline StackSet tenant-baseline is not CURRENT for account ${accountId} after 3 operations over 5 s (tenancy.vending.baseline.notReadyTimeoutSeconds): operation ${started[2]} ended FAILED (1 stack instance(s) failed, more than the failure tolerance); us-east-1 OUTDATED/FAILED (Account ${accountId} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.). The account's StackSet execution role is still not usable; run the template again later: it redeploys the failed instances with a targeted UpdateStackInstances.`,
    );
    // The deadline (first failure at 4 s + 5 s) cuts the second backoff to 1 s.
    expect(r.sleeps).toEqual([2000, 2000, 2000, 2000, 1000, 2000]);
  });
});
