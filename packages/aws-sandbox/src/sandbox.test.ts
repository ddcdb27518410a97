import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { startSandbox } from './sandbox';
import { stateToJson } from './core/state';
import { clientConfig } from './__testUtils__/testSandbox';

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=sandbox/20260315/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

async function transcript(endpoint: string): Promise<string[]> {
  const out: string[] = [];
  const org = async (op: string, body: object) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: AUTH('organizations'),
        'x-amz-target': `AWSOrganizationsV20161128.${op}`,
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    out.push(`${res.status} ${res.headers.get('x-amzn-requestid')} ${text}`);
    return JSON.parse(text);
  };
  let token: string | undefined;
  do {
    token = (await org('ListAccounts', { NextToken: token })).NextToken;
  } while (token);
  await org('ListRoots', {});
  await org('CreateAccount', {
    Email: 'aws+x@saas-example.com',
    AccountName: 'x',
  });
  await org('ListCreateAccountStatus', {});
  const cfn = await fetch(endpoint, {
    method: 'POST',
    headers: {
      authorization: AUTH('cloudformation'),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'Action=ListStackInstances&Version=2010-05-15&StackSetName=tenant-baseline&MaxResults=100',
  });
  out.push(`${cfn.status} ${await cfn.text()}`);
  return out;
}

describe('startSandbox', () => {
  it('answers byte-identically for the same seed', async () => {
    const a = await startSandbox({ port: 0, seed: 3, tenants: 60 });
    const b = await startSandbox({ port: 0, seed: 3, tenants: 60 });
    const c = await startSandbox({ port: 0, seed: 4, tenants: 60 });
    try {
      const ta = await transcript(a.endpoint);
      expect(ta).toHaveLength(8);
      expect(await transcript(b.endpoint)).toEqual(ta);
      expect(await transcript(c.endpoint)).not.toEqual(ta);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('keeps vended accounts in the state file across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-sandbox-'));
    const stateFile = path.join(dir, 'state.json');
    const first = await startSandbox({ port: 0, tenants: 10, stateFile });
    const client = new OrganizationsClient(clientConfig(first.endpoint));
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({
        Email: 'aws+kept@saas-example.com',
        AccountName: 'kept',
      }),
    );
    const done = await client.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: CreateAccountStatus!.Id,
      }),
    );
    client.destroy();
    await first.stop();

    const second = await startSandbox({ port: 0, tenants: 10, stateFile });
    const again = new OrganizationsClient(clientConfig(second.endpoint));
    try {
      const account = await again.send(
        new DescribeAccountCommand({
          AccountId: done.CreateAccountStatus!.AccountId,
        }),
      );
      expect(account.Account).toMatchObject({
        Name: 'kept',
        Email: 'aws+kept@saas-example.com',
        State: 'ACTIVE',
      });
      const status = await again.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: CreateAccountStatus!.Id,
        }),
      );
      expect(status.CreateAccountStatus!.State).toBe('SUCCEEDED');
      second.reset();
      expect(
        second.state.org.account(done.CreateAccountStatus!.AccountId!),
      ).toBeUndefined();
    } finally {
      again.destroy();
      await second.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reset to another seed and size holds what a sandbox started with them holds, on the same server', async () => {
    const clock = new Date('2026-05-10T10:00:00Z');
    const reused = await startSandbox({ port: 0, seed: 1, tenants: 5, clock });
    const fresh = await startSandbox({ port: 0, seed: 77, tenants: 7, clock });
    const costs = async (endpoint: string) => {
      const ce = new CostExplorerClient(clientConfig(endpoint));
      try {
        const out = await ce.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: '2026-03-01', End: '2026-05-01' },
            Granularity: 'MONTHLY',
            Metrics: ['AmortizedCost'],
            GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
          }),
        );
        return out.ResultsByTime;
      } finally {
        ce.destroy();
      }
    };
    try {
      // Derived data of the first organization is built, then must not survive the reset.
      const before = await costs(reused.endpoint);
      reused.reset({ seed: 77, tenants: 7 });
      expect(reused.options).toMatchObject({ seed: 77, tenants: 7 });
      expect(JSON.stringify(stateToJson(reused.state))).toBe(
        JSON.stringify(stateToJson(fresh.state)),
      );
      const after = await costs(reused.endpoint);
      expect(after).toEqual(await costs(fresh.endpoint));
      expect(after).not.toEqual(before);
      expect(after![0].Groups).toHaveLength(11);
      expect(() => reused.reset({ tenants: 4 })).toThrow(
        'tenants must be an integer from 5 to 10000, got 4',
      );
      expect(reused.options.tenants).toBe(7);
    } finally {
      await reused.stop();
      await fresh.stop();
    }
  });

  it('logs calls that may change state and error answers', async () => {
    const lines: string[] = [];
    const sandbox = await startSandbox({
      port: 0,
      tenants: 5,
      log: l => lines.push(l),
    });
    const client = new OrganizationsClient(clientConfig(sandbox.endpoint));
    try {
      await client.send(
        new DescribeAccountCommand({ AccountId: '000000000001' }),
      );
      await client
        .send(new DescribeAccountCommand({ AccountId: '999999999999' }))
        .catch(() => undefined);
      await client.send(
        new CreateAccountCommand({
          Email: 'aws+log@saas-example.com',
          AccountName: 'log',
        }),
      );
      expect(lines).toEqual([
        '2026-03-15T12:00:00.000Z Organizations.DescribeAccount AccountNotFoundException',
        '2026-03-15T12:00:00.000Z Organizations.CreateAccount OK',
      ]);
    } finally {
      client.destroy();
      await sandbox.stop();
    }
  });

  it('rejects a tenant count outside 5..10,000', async () => {
    await expect(startSandbox({ port: 0, tenants: 3 })).rejects.toThrow(
      'tenants must be an integer from 5 to 10000, got 3',
    );
  });
});
