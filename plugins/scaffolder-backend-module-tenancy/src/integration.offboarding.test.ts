/**
 * The Offboard tenant template through the real scaffolder, catalog and tenants backends against
 * the AWS sandbox: a seeded tenant is offboarded, shown closed, its spend still readable; a
 * second run changes nothing.
 */
import { startSandbox } from '@tenancy/aws-sandbox';
import {
  api,
  finishedTask,
  startPortal,
  startTask,
  waitFor,
} from './__testUtils__/portal';

jest.setTimeout(240_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const MUTATING = [
  'Organizations.TagResource',
  'Organizations.MoveAccount',
  'Organizations.CloseAccount',
  'CloudFormation.DeleteStackInstances',
  'Budgets.DeleteBudget',
];

describe('Offboard tenant template against the sandbox', () => {
  let sandbox: Sandbox;
  let base: string;
  let scheduler: Awaited<ReturnType<typeof startPortal>>['scheduler'];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7, tenants: 8 });
    ({ base, scheduler } = await startPortal(sandbox.endpoint));
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('offboards a tenant end to end, then a second run says it is closed and changes nothing', async () => {
    const org = sandbox.state.org;
    const account = org
      .tenantAccounts()
      .find(
        a =>
          a.state === 'ACTIVE' &&
          org.pathOf(a.parentId).startsWith('/Tenants/'),
      )!;
    const tenantId = account.tags.tenant;
    // The test backend runs scheduled tasks once: the entity provider is run again until the
    // first tenants refresh is in and the catalog has the entity.
    await api(base, '/api/tenants/refresh', { method: 'POST' });
    await waitFor(
      'the Tenant entity',
      async () => {
        await scheduler.triggerTask('catalog-tenants-provider').catch(() => {});
        await new Promise(r => setTimeout(r, 1000));
        return (
          await api(
            base,
            `/api/catalog/entities/by-name/tenant/default/${tenantId}`,
          )
        ).status === 200
          ? true
          : undefined;
      },
      60_000,
    ).catch(async e => {
      const t = await api(base, '/api/tenants/tenants?limit=3');
      const r = await api(base, '/api/tenants/refresh-runs');
      const c = await api(base, '/api/catalog/entities?filter=kind=tenant');
      throw new Error(
        `${e.message} ${JSON.stringify({
          t: t.status,
          items: t.body?.items?.map((x: any) => x.tenantId),
          total: t.body?.totalCount,
          r: r.body,
          tenantId,
          c: c.body?.map?.((x: any) => x.metadata.name),
        })}`.slice(0, 3000),
      );
    });
    const values = {
      tenant: `tenant:default/${tenantId}`,
      mode: 'offboard',
      retainStacks: true,
      confirmation: tenantId,
    };
    const before = { ...sandbox.stats().calls };
    const { task, events } = await finishedTask(
      base,
      await startTask(base, values, 'template:default/offboard-tenant'),
    );
    const messages = events.map(e => String(e.body?.message ?? ''));
    expect([task.status, messages.filter(m => /error|fail/i.test(m))]).toEqual([
      'completed',
      [],
    ]);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Plan 1: Suspend: tag tenancy-state=offboarding',
        ),
        expect.stringContaining(`Moved account ${account.id} from`),
        expect.stringContaining(
          `The portal shows tenant ${tenantId} offboarding`,
        ),
        expect.stringContaining(
          `CloseAccount accepted for account ${account.id}`,
        ),
        expect.stringContaining(
          `The portal shows tenant ${tenantId} closed (State SUSPENDED, /Suspended)`,
        ),
      ]),
    );
    expect(org.account(account.id)!.state).toBe('SUSPENDED');
    const tenant = await api(base, `/api/tenants/tenants/${tenantId}`);
    expect([
      tenant.body.state,
      tenant.body.ouPath,
      tenant.body.tags['tenancy-state'],
    ]).toEqual(['SUSPENDED', '/Suspended', 'closing']);
    const entity = await api(
      base,
      `/api/catalog/entities/by-name/tenant/default/${tenantId}`,
    );
    expect(entity.body.spec.state).toBe('SUSPENDED');
    const spend = await api(base, `/api/tenants/tenants/${tenantId}/spend`);
    expect(spend.status).toBe(200);
    const after = sandbox.stats().calls;
    expect(
      MUTATING.map(op => [op, (after[op] ?? 0) - (before[op] ?? 0)]),
    ).toEqual([
      ['Organizations.TagResource', 2],
      ['Organizations.MoveAccount', 1],
      ['Organizations.CloseAccount', 1],
      ['CloudFormation.DeleteStackInstances', 0],
      ['Budgets.DeleteBudget', 0],
    ]);

    const again = await finishedTask(
      base,
      await startTask(base, values, 'template:default/offboard-tenant'),
    );
    expect(again.task.status).toBe('completed');
    const final = sandbox.stats().calls;
    expect(MUTATING.map(op => (final[op] ?? 0) - (after[op] ?? 0))).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(again.events.map(e => String(e.body?.message ?? ''))).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `Tenant ${tenantId} (account ${account.id}) is already closed (State SUSPENDED); the run changes nothing`,
        ),
      ]),
    );
  });
});
