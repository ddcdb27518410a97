import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ListAccountsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsClientFactory } from './DefaultAwsClientFactory';
import { createTenancyRetryStrategy } from './retryStrategy';

type Answer = { status: number; body: Record<string, unknown> };

/** A loopback HTTP server speaking the Organizations JSON protocol from a script of answers. */
async function startFakeAws(answer: (target: string, n: number) => Answer) {
  const seen: Array<{ target: string; host?: string; userAgent?: string }> = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      seen.push({
        target,
        host: req.headers.host,
        userAgent: String(req.headers['user-agent'] ?? ''),
      });
      const a = answer(target, seen.length);
      res.writeHead(a.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    stop: () => new Promise(r => server.close(r)),
  };
}

function factoryFor(endpoint: string, maxAttempts?: number) {
  return DefaultAwsClientFactory.fromConfig(
    new ConfigReader({
      aws: { mainAccount: { accessKeyId: 'k', secretAccessKey: 's' } },
      tenancy: {
        aws: {
          endpoint,
          region: 'eu-west-1',
          managementAccountId: '000000000000',
          ...(maxAttempts ? { maxAttempts } : {}),
        },
      },
    }),
    {
      retryStrategy: createTenancyRetryStrategy({
        maxAttempts: maxAttempts ?? 8,
        baseDelayMs: 1,
      }),
    },
  );
}

describe('DefaultAwsClientFactory', () => {
  it('retries TooManyRequestsException x3 and ConcurrentModificationException, then tags all 30 accounts', async () => {
    let errors = 0;
    const fake = await startFakeAws(() => {
      errors++;
      if (errors <= 3) {
        return {
          status: 400,
          body: { __type: 'TooManyRequestsException', Message: 'slow down' },
        };
      }
      if (errors === 4) {
        return {
          status: 400,
          body: { __type: 'ConcurrentModificationException', Message: 'busy' },
        };
      }
      return { status: 200, body: {} };
    });
    try {
      const factory = factoryFor(fake.endpoint);
      const org = await factory.organizations();
      for (let i = 0; i < 30; i++) {
        await org.send(
          new TagResourceCommand({
            ResourceId: String(100000000000 + i),
            Tags: [{ Key: 'tenant', Value: `t${i}` }],
          }),
        );
      }
      expect(fake.seen.length).toBe(34);
      expect(
        fake.seen.every(
          s => s.target === 'AWSOrganizationsV20161128.TagResource',
        ),
      ).toBe(true);
      expect(factory.meter.snapshot()).toEqual({
        'Organizations.TagResource': 30,
      });
    } finally {
      await fake.stop();
    }
  });

  it('gives up after maxAttempts (default 8) attempts', async () => {
    const fake = await startFakeAws(() => ({
      status: 400,
      body: { __type: 'ConcurrentModificationException', Message: 'busy' },
    }));
    try {
      const org = await factoryFor(fake.endpoint).organizations();
      await expect(org.send(new ListAccountsCommand({}))).rejects.toMatchObject(
        {
          name: 'ConcurrentModificationException',
        },
      );
      expect(fake.seen.length).toBe(8);
    } finally {
      await fake.stop();
    }
  });

  it('reads maxAttempts and retryBaseDelayMs from tenancy.aws', async () => {
    const fake = await startFakeAws(() => ({
      status: 400,
      body: { __type: 'TooManyRequestsException', Message: 'slow' },
    }));
    try {
      const factory = DefaultAwsClientFactory.fromConfig(
        new ConfigReader({
          aws: { mainAccount: { accessKeyId: 'k', secretAccessKey: 's' } },
          tenancy: {
            aws: {
              endpoint: fake.endpoint,
              maxAttempts: 3,
              retryBaseDelayMs: 1,
            },
          },
        }),
      );
      const org = await factory.organizations();
      await expect(org.send(new ListAccountsCommand({}))).rejects.toMatchObject(
        {
          name: 'TooManyRequestsException',
        },
      );
      expect(fake.seen.length).toBe(3);
      expect(factory.settings.maxAttempts).toBe(3);
    } finally {
      await fake.stop();
    }
  });

  it('does not retry a validation error', async () => {
    const fake = await startFakeAws(() => ({
      status: 400,
      body: { __type: 'InvalidInputException', Message: 'bad' },
    }));
    try {
      const org = await factoryFor(fake.endpoint).organizations();
      await expect(org.send(new ListAccountsCommand({}))).rejects.toMatchObject(
        {
          name: 'InvalidInputException',
        },
      );
      expect(fake.seen.length).toBe(1);
    } finally {
      await fake.stop();
    }
  });

  it('uses the endpoint override, the tenancy user agent, and caches clients per service/account/region', async () => {
    const fake = await startFakeAws(() => ({
      status: 200,
      body: { Accounts: [] },
    }));
    try {
      const factory = factoryFor(fake.endpoint);
      const a = await factory.organizations();
      expect(await factory.organizations()).toBe(a);
      expect(await a.config.region()).toBe('us-east-1');
      expect(await (await factory.cloudWatch()).config.region()).toBe(
        'eu-west-1',
      );
      expect(
        await (await factory.cloudWatch('ap-south-1')).config.region(),
      ).toBe('ap-south-1');
      expect(await factory.cloudWatch('ap-south-1')).not.toBe(
        await factory.cloudWatch(),
      );
      await a.send(new ListAccountsCommand({}));
      expect(fake.seen[0].host).toBe(fake.endpoint.replace('http://', ''));
      expect(fake.seen[0].userAgent).toContain('tenancy');
      expect(factory.meter.snapshot()).toEqual({
        'Organizations.ListAccounts': 1,
      });
      factory.meter.reset();
      expect(factory.meter.snapshot()).toEqual({});
    } finally {
      await fake.stop();
    }
  });

  it('asks the credentials manager for a configured account, the main account otherwise', async () => {
    const calls: unknown[] = [];
    const credentialsManager = {
      getCredentialProvider: async (opts?: unknown) => {
        calls.push(opts);
        return {
          sdkCredentialProvider: async () => ({
            accessKeyId: 'a',
            secretAccessKey: 'b',
          }),
        };
      },
    };
    const factory = DefaultAwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: {},
          accountDefaults: { roleName: 'TenancyReadOnly' },
          accounts: [{ accountId: '000000000000', roleName: 'TenancyAdmin' }],
        },
        tenancy: {
          aws: {
            managementAccountId: '000000000000',
            monitoringAccountId: '000000000001',
          },
        },
      }),
      { credentialsManager },
    );
    await factory.organizations();
    await factory.cloudWatch();
    await factory.sts();
    expect(calls).toEqual([
      { accountId: '000000000000' },
      { accountId: '000000000001' },
      undefined,
    ]);
  });

  it('rejects an invalid stackSetCallAs', () => {
    expect(() =>
      DefaultAwsClientFactory.fromConfig(
        new ConfigReader({ tenancy: { aws: { stackSetCallAs: 'ME' } } }),
      ),
    ).toThrow('tenancy.aws.stackSetCallAs must be SELF or DELEGATED_ADMIN');
  });
});
