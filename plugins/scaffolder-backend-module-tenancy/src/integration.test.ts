/**
 * The whole New tenant template through the real scaffolder and catalog backends (with the
 * Tenant catalog module and the tenants backend) against the AWS sandbox.
 */
import path from 'node:path';
import {
  DescribeBudgetCommand,
  BudgetsClient,
} from '@aws-sdk/client-budgets';
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
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { startSandbox } from '@tenancy/aws-sandbox';
import { collectAll, resolveGuardrailCatalogPath } from '@tenancy/plugin-tenants-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleTenants from '@tenancy/plugin-catalog-backend-module-tenants';
import tenantsPlugin from '@tenancy/plugin-tenants-backend';
import { resolveOuPath } from './lib/organizations';
import { scaffolderModuleTenancy } from './module';

jest.setTimeout(240_000);

const SECRET = 's3cr3t-ExtId-9';
const repoRoot = path.dirname(path.dirname(resolveGuardrailCatalogPath()));
const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function backendConfig(endpoint: string) {
  return {
    aws: { mainAccount: credentials },
    catalog: {
      rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location', 'Group', 'User', 'Template', 'Tenant'] }],
      locations: [
        { type: 'file', target: path.join(repoRoot, 'templates/new-tenant/template.yaml'), rules: [{ allow: ['Template'] }] },
      ],
      providers: {
        tenants: {
          defaultOwner: 'group:default/platform-engineers',
          schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } },
        },
      },
    },
    scaffolder: { taskRecovery: { enabled: true } },
    tenancy: {
      aws: {
        endpoint,
        region: 'us-east-1',
        managementAccountId: '000000000000',
        monitoringAccountId: '000000000001',
        securityAccountId: '000000000002',
        retryBaseDelayMs: 20,
      },
      tenants: { ouPath: '/Tenants', extraOuPaths: ['/Suspended'] },
      refresh: { frequency: { minutes: 60 }, timeout: { minutes: 5 }, initialDelay: { seconds: 1 } },
      vending: {
        emailPattern: 'aws+tenant-{tenantId}@saas-example.com',
        poll: { initialSeconds: 0.2, maxSeconds: 1 },
        baseline: { autoDeploymentWaitSeconds: 30, timeoutSeconds: 60 },
        register: { timeoutSeconds: 30 },
        budget: { notificationEmails: ['finops@saas-example.com'] },
      },
    },
  };
}

async function api(base: string, p: string, init?: RequestInit) {
  const res = await fetch(`${base}${p}`, {
    ...init,
    headers: { authorization: mockCredentials.user.header(), 'content-type': 'application/json', ...init?.headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

const values = {
  tenantId: 'acme-int',
  displayName: 'ACME Integration',
  owner: 'group:default/team-alpha',
  tier: 'premium',
  budgetAmountUsd: 250,
  homeRegion: 'us-east-1',
};

async function runTemplate(base: string) {
  const created = await api(base, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef: 'template:default/new-tenant', values, secrets: { awsExternalId: SECRET } }),
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const task = await waitFor('the task to finish', async () => {
    const t = await api(base, `/api/scaffolder/v2/tasks/${id}`);
    return ['completed', 'failed', 'cancelled'].includes(t.body.status) ? t.body : undefined;
  });
  const events = (await api(base, `/api/scaffolder/v2/tasks/${id}/events`)).body as Array<{ type: string; body: any }>;
  return { task, events };
}

describe('New tenant template against the sandbox', () => {
  let sandbox: Sandbox;
  let base: string;
  let org: OrganizationsClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7, tenants: 8 });
    const client = { endpoint: sandbox.endpoint, region: 'us-east-1', credentials };
    org = new OrganizationsClient(client);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        catalogModuleTenants,
        tenantsPlugin,
        scaffolderPlugin,
        scaffolderModuleTenancy,
        // The real in-process event bus, shared by the plugins (the mock is per plugin).
        eventsServiceFactory,
        mockServices.rootConfig.factory({ data: backendConfig(sandbox.endpoint) }),
        ...(process.env.TENANCY_IT_LOGS ? [mockServices.rootLogger.factory({ level: 'info' })] : []),
      ],
    });
    base = `http://localhost:${backend.server.port()}`;
    await waitFor('the template in the catalog', async () =>
      (await api(base, '/api/catalog/entities/by-name/template/default/new-tenant')).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('vends one account in the right OU, tagged, under the SCPs, baselined, budgeted, registered; a re-run duplicates nothing', async () => {
    const first = await runTemplate(base);
    if (process.env.TENANCY_IT_LOGS) {
      const all = await api(base, '/api/catalog/entities?filter=kind=tenant');
      // eslint-disable-next-line no-console
      console.log('TENANTS', all.status, JSON.stringify(all.body?.map?.((e: any) => e.metadata.name)));
      const runs = await api(base, '/api/tenants/refresh-runs');
      // eslint-disable-next-line no-console
      console.log('RUNS', JSON.stringify(runs.body));
    }
    const failure = first.events.filter(e => e.type === 'log' && /error|fail/i.test(e.body?.message ?? '')).map(e => e.body.message);
    expect([first.task.status, failure]).toEqual(['completed', []]);

    const accounts = (await collectAll(t => org.send(new ListAccountsCommand({ NextToken: t })), p => p.Accounts, p => p.NextToken))
      .filter(a => a.Email === 'aws+tenant-acme-int@saas-example.com');
    expect(accounts).toHaveLength(1);
    const accountId = accounts[0].Id!;
    expect(accounts[0].Name).toBe('acme-int');

    const parent = (await org.send(new ListParentsCommand({ ChildId: accountId }))).Parents![0];
    expect(parent.Id).toBe(await resolveOuPath(org, '/Tenants/premium'));
    const tags = (await org.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).Tags!;
    expect(Object.fromEntries(tags.map(t => [t.Key, t.Value]))).toEqual({
      tenant: 'acme-int',
      tier: 'premium',
      owner: 'group:default/team-alpha',
      regions: 'us-east-1',
    });

    // The preventive SCPs are in effect: attached to the account or an OU above it.
    const inEffect = new Set<string>();
    let target = accountId;
    let parentId = parent.Id!;
    for (;;) {
      for (const p of (await org.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies ?? []) inEffect.add(p.Name!);
      if (target.startsWith('r-')) break;
      target = parentId;
      if (!target.startsWith('r-')) parentId = (await org.send(new ListParentsCommand({ ChildId: target }))).Parents![0].Id!;
    }
    for (const name of ['tenant-deny-leave-org', 'tenant-deny-disable-security-services', 'tenant-deny-unencrypted-storage', 'tenant-deny-s3-public-access-changes', 'tenant-data-residency', 'tenant-require-mfa-privileged-iam']) {
      expect([name, inEffect.has(name)]).toEqual([name, true]);
    }

    const cfn = new CloudFormationClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials });
    const instances = (await cfn.send(new ListStackInstancesCommand({ StackSetName: 'tenant-baseline', StackInstanceAccount: accountId }))).Summaries!;
    expect(instances.map(i => [i.Region, i.Status])).toEqual([['us-east-1', 'CURRENT']]);

    const budgets = new BudgetsClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials });
    const budget = (await budgets.send(new DescribeBudgetCommand({ AccountId: '000000000000', BudgetName: 'tenant-acme-int' }))).Budget!;
    expect(budget.BudgetLimit).toEqual({ Amount: '250.00', Unit: 'USD' });

    const entity = await api(base, '/api/catalog/entities/by-name/tenant/default/acme-int');
    expect(entity.status).toBe(200);
    expect(entity.body.spec).toMatchObject({ accountId, owner: 'group:default/team-alpha', tier: 'premium', ouPath: '/Tenants/premium' });
    const completion = first.events.find(e => e.type === 'completion')!;
    expect(completion.body.output.links[0]).toEqual({ title: 'Tenant page', icon: 'catalog', entityRef: 'tenant:default/acme-int' });
    expect(completion.body.output.links[1].url).toBe(`https://console.aws.amazon.com/organizations/v2/home/accounts/${accountId}`);

    // CASES X1: the secret appears in no task event and no output.
    expect(JSON.stringify(first.events)).not.toContain(SECRET);
    expect(JSON.stringify(first.task)).not.toContain(SECRET);

    // Run again with the same input: no second account, operation or budget.
    const before = sandbox.stats().calls;
    const second = await runTemplate(base);
    expect(second.task.status).toBe('completed');
    const after = sandbox.stats().calls;
    const delta = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    expect([delta('Organizations.CreateAccount'), delta('Organizations.MoveAccount'), delta('CloudFormation.CreateStackInstances'), delta('Budgets.CreateBudget')]).toEqual([0, 0, 0, 0]);
    const again = (await collectAll(t => org.send(new ListAccountsCommand({ NextToken: t })), p => p.Accounts, p => p.NextToken))
      .filter(a => a.Email === 'aws+tenant-acme-int@saas-example.com');
    expect(again).toHaveLength(1);
  });
});
