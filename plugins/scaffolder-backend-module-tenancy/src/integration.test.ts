/**
 * The whole New tenant template through the real scaffolder and catalog backends (with the
 * Tenant catalog module and the tenants backend) against the AWS sandbox.
 */
import { BudgetsClient, DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import {
  CloudFormationClient,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  ListAccountsCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { startSandbox } from '@tenancy/aws-sandbox';
import {
  collectAll,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import { resolveOuPath } from './lib/organizations';
import {
  api,
  finishedTask,
  SECRET,
  sandboxCredentials as credentials,
  startPortal,
  startTask,
  waitFor,
} from './__testUtils__/portal';

jest.setTimeout(240_000);

const repoRoot = path.dirname(path.dirname(resolveGuardrailCatalogPath()));
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const values = {
  tenantId: 'acme-int',
  displayName: 'ACME Integration',
  owner: 'group:default/team-alpha',
  tier: 'premium',
  budgetAmountUsd: 250,
  homeRegion: 'us-east-1',
};

const runTemplate = async (base: string) =>
  finishedTask(base, await startTask(base, values));

describe('New tenant template against the sandbox', () => {
  let sandbox: Sandbox;
  let base: string;
  let scheduler: Awaited<ReturnType<typeof startPortal>>['scheduler'];
  let org: OrganizationsClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7, tenants: 8 });
    const client = {
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials,
    };
    org = new OrganizationsClient(client);
    ({ base, scheduler } = await startPortal(sandbox.endpoint));
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('CASES X2: a dry run of the template makes zero mutating calls and keeps the output shape', async () => {
    const template = yaml.parse(
      fs.readFileSync(
        path.join(repoRoot, 'templates/new-tenant/template.yaml'),
        'utf8',
      ),
    );
    const before = sandbox.stats().calls;
    const res = await api(base, '/api/scaffolder/v2/dry-run', {
      method: 'POST',
      body: JSON.stringify({
        template,
        values: { ...values, tenantId: 'initech-dry' },
        secrets: { awsExternalId: SECRET },
        directoryContents: [],
      }),
    });
    expect([
      res.status,
      res.status === 200 ? '' : JSON.stringify(res.body),
    ]).toEqual([200, '']);
    const after = sandbox.stats().calls;
    const mutating = [
      'Organizations.CreateAccount',
      'Organizations.MoveAccount',
      'Organizations.TagResource',
      'Organizations.CreatePolicy',
      'Organizations.AttachPolicy',
      'Organizations.DetachPolicy',
      'CloudFormation.CreateStackInstances',
      'Budgets.CreateBudget',
      'SFN.StartExecution',
    ];
    expect(
      mutating.map(op => [op, (after[op] ?? 0) - (before[op] ?? 0)]),
    ).toEqual(mutating.map(op => [op, 0]));
    // F7: the account the dry run would create has no id; never 000000000000 (the management account).
    expect(res.body.output.links[1].url).toBe(
      'https://console.aws.amazon.com/organizations/v2/home/accounts/(new account)',
    );
    const messages = (
      res.body.log as Array<{ body: { message?: string } }>
    ).map(l => l.body.message ?? '');
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Dry run: would call CreateAccount for tenant initech-dry',
        ),
        expect.stringContaining(
          'Dry run: would register tenant:default/initech-dry',
        ),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(
      (
        await api(
          base,
          '/api/catalog/entities/by-name/tenant/default/initech-dry',
        )
      ).status,
    ).toBe(404);
  });

  it('vends one account in the right OU, tagged, under the SCPs, baselined, budgeted, registered; a re-run duplicates nothing', async () => {
    const first = await runTemplate(base);
    const failure = first.events
      .filter(
        e => e.type === 'log' && /error|fail/i.test(e.body?.message ?? ''),
      )
      .map(e => e.body.message);
    expect([first.task.status, failure]).toEqual(['completed', []]);

    const accounts = (
      await collectAll(
        t => org.send(new ListAccountsCommand({ NextToken: t })),
        p => p.Accounts,
        p => p.NextToken,
      )
    ).filter(a => a.Email === 'aws+tenant-acme-int@saas-example.com');
    expect(accounts).toHaveLength(1);
    const accountId = accounts[0].Id!;
    expect(accounts[0].Name).toBe('acme-int');

    const parent = (
      await org.send(new ListParentsCommand({ ChildId: accountId }))
    ).Parents![0];
    expect(parent.Id).toBe(await resolveOuPath(org, '/Tenants/premium'));
    const tags = (
      await org.send(new ListTagsForResourceCommand({ ResourceId: accountId }))
    ).Tags!;
    expect(Object.fromEntries(tags.map(t => [t.Key, t.Value]))).toEqual({
      tenant: 'acme-int',
      tier: 'premium',
      owner: 'group:default/team-alpha',
      regions: 'us-east-1',
      displayName: 'ACME Integration',
    });

    // The preventive SCPs are in effect: attached to the account or an OU above it.
    const inEffect = new Set<string>();
    let target = accountId;
    let parentId = parent.Id!;
    for (;;) {
      for (const p of (
        await org.send(
          new ListPoliciesForTargetCommand({
            TargetId: target,
            Filter: 'SERVICE_CONTROL_POLICY',
          }),
        )
      ).Policies ?? [])
        inEffect.add(p.Name!);
      if (target.startsWith('r-')) break;
      target = parentId;
      if (!target.startsWith('r-'))
        parentId = (await org.send(new ListParentsCommand({ ChildId: target })))
          .Parents![0].Id!;
    }
    for (const name of [
      'tenant-deny-leave-org',
      'tenant-deny-disable-security-services',
      'tenant-deny-unencrypted-storage',
      'tenant-deny-s3-public-access-changes',
      'tenant-data-residency',
      'tenant-require-mfa-privileged-iam',
    ]) {
      expect([name, inEffect.has(name)]).toEqual([name, true]);
    }

    const cfn = new CloudFormationClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials,
    });
    const instances = (
      await cfn.send(
        new ListStackInstancesCommand({
          StackSetName: 'tenant-baseline',
          StackInstanceAccount: accountId,
        }),
      )
    ).Summaries!;
    expect(instances.map(i => [i.Region, i.Status])).toEqual([
      ['us-east-1', 'CURRENT'],
    ]);

    const budgets = new BudgetsClient({
      endpoint: sandbox.endpoint,
      region: 'us-east-1',
      credentials,
    });
    const budget = (
      await budgets.send(
        new DescribeBudgetCommand({
          AccountId: '000000000000',
          BudgetName: 'tenant-acme-int',
        }),
      )
    ).Budget!;
    expect(budget.BudgetLimit).toEqual({ Amount: '250.00', Unit: 'USD' });

    const entity = await api(
      base,
      '/api/catalog/entities/by-name/tenant/default/acme-int',
    );
    expect(entity.status).toBe(200);
    expect(entity.body.spec).toMatchObject({
      accountId,
      owner: 'group:default/team-alpha',
      tier: 'premium',
      ouPath: '/Tenants/premium',
    });
    // The display name survives the refreshes: once the entity comes from the inventory (it
    // has the provider's description), its title is still the account's displayName tag.
    await scheduler.triggerTask('catalog-tenants-provider');
    const fromInventory = await waitFor(
      'the entity from the inventory',
      async () => {
        const e = await api(
          base,
          '/api/catalog/entities/by-name/tenant/default/acme-int',
        );
        return e.body?.metadata?.description ? e.body : undefined;
      },
    );
    expect(fromInventory.metadata).toMatchObject({
      title: 'ACME Integration',
      description: `AWS account ${accountId} in /Tenants/premium`,
    });
    const completion = first.events.find(e => e.type === 'completion')!;
    expect(completion.body.output.links[0]).toEqual({
      title: 'Tenant page',
      icon: 'catalog',
      entityRef: 'tenant:default/acme-int',
    });
    expect(completion.body.output.links[1].url).toBe(
      `https://console.aws.amazon.com/organizations/v2/home/accounts/${accountId}`,
    );

    // CASES X1: the secret appears in no task event and no output.
    expect(JSON.stringify(first.events)).not.toContain(SECRET);
    expect(JSON.stringify(first.task)).not.toContain(SECRET);

    // Run again with the same input: no second account, operation or budget.
    const before = sandbox.stats().calls;
    const second = await runTemplate(base);
    expect(second.task.status).toBe('completed');
    const after = sandbox.stats().calls;
    const delta = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    expect([
      delta('Organizations.CreateAccount'),
      delta('Organizations.MoveAccount'),
      delta('CloudFormation.CreateStackInstances'),
      delta('Budgets.CreateBudget'),
    ]).toEqual([0, 0, 0, 0]);
    const again = (
      await collectAll(
        t => org.send(new ListAccountsCommand({ NextToken: t })),
        p => p.Accounts,
        p => p.NextToken,
      )
    ).filter(a => a.Email === 'aws+tenant-acme-int@saas-example.com');
    expect(again).toHaveLength(1);
  });

  it('a failed step writes its error into the task events without a stack frame or a server path', async () => {
    const failed = await finishedTask(
      base,
      await startTask(base, {
        ...values,
        tenantId: 'acme-fails',
        email: 'aws+acme+fail-email-exists@saas-example.com',
      }),
    );
    expect(failed.task.status).toBe('failed');
    const bodies = failed.events.map(e => JSON.stringify(e.body));
    expect(
      bodies.some(b => /EMAIL_ALREADY_EXISTS|already exists/i.test(b)),
    ).toBe(true);
    for (const body of bodies) {
      expect(body).not.toContain('    at ');
      expect(body).not.toContain('/plugins/');
      expect(body).not.toContain('node_modules');
    }
  });
});
