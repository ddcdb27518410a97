import { mockServices } from '@backstage/backend-test-utils';
import type { TenantSummary } from '@tenancy/plugin-tenants-common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TenantEntityProvider } from './TenantEntityProvider';

const tenant = (
  n: number,
  extra: Partial<TenantSummary> = {},
): TenantSummary => ({
  tenantId: `t-${String(n).padStart(3, '0')}`,
  accountId: String(100000000000 + n),
  accountName: `Tenant ${n}`,
  email: `t${n}@example.com`,
  ouId: 'ou-ab12-premium',
  ouPath: '/Tenants/premium',
  state: 'ACTIVE',
  tier: n % 2 ? 'premium' : null,
  owner: n % 3 ? 'group:default/team-a' : null,
  regions: ['eu-west-1'],
  tags: {},
  joinedAt: '2025-01-01T00:00:00.000Z',
  healthStatus: null,
  complianceScore: null,
  spendMonthToDate: null,
  spendChangeRatio: null,
  release: null,
  ...extra,
});

describe('TenantEntityProvider', () => {
  let server: Server;
  let tenants: TenantSummary[];
  let runs: Array<{ id: string; finishedAt: string | null; status: string }>;
  let fail = false;
  let baseUrl: string;

  beforeAll(async () => {
    const json = (
      res: import('node:http').ServerResponse,
      status: number,
      body: unknown,
    ) => {
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(body));
    };
    const app = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/api/tenants/refresh-runs') {
        if (fail)
          json(res, 503, {
            error: { name: 'ServiceUnavailableError', message: 'down' },
          });
        else json(res, 200, { items: runs });
      } else if (url.pathname === '/api/tenants/tenants') {
        const limit = Number(url.searchParams.get('limit'));
        const offset = Number(url.searchParams.get('offset'));
        json(res, 200, {
          items: tenants.slice(offset, offset + limit),
          totalCount: tenants.length,
          limit,
          offset,
        });
      } else {
        json(res, 404, {});
      }
    });
    await new Promise<void>(resolve => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/tenants`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  async function connect(
    extra: Partial<ConstructorParameters<typeof TenantEntityProvider>[0]> = {},
  ) {
    const applyMutation = jest.fn(async () => {});
    const published: Array<{ topic: string; eventPayload: unknown }> = [];
    let onEvent:
      | ((e: { topic: string; eventPayload: unknown }) => Promise<void>)
      | undefined;
    const provider = new TenantEntityProvider({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      taskRunner: { run: async () => {} },
      events: {
        publish: async e => void published.push(e),
        subscribe: async options => {
          onEvent = options.onEvent as typeof onEvent;
        },
      },
      defaultOwner: 'group:default/platform-engineers',
      ...extra,
    });
    await provider.connect({ applyMutation, refresh: jest.fn() });
    return {
      provider,
      applyMutation,
      published,
      emit: (p: unknown, topic = 'tenancy.tenant.vended') =>
        onEvent!({ topic, eventPayload: p }),
    };
  }

  beforeEach(() => {
    fail = false;
    tenants = Array.from({ length: 150 }, (_, i) => tenant(i + 1));
    runs = [
      { id: 'r2', finishedAt: null, status: 'running' },
      { id: 'r1', finishedAt: '2026-11-29T10:00:00.000Z', status: 'succeeded' },
    ];
  });

  it('applies every page of the inventory as one full mutation, then per refresh run a delta of what changed', async () => {
    const { provider, applyMutation } = await connect();
    expect(await provider.refresh()).toBe(150);
    const mutation = (applyMutation.mock.calls[0] as any)[0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities).toHaveLength(150);
    expect(mutation.entities[2]).toEqual({
      locationKey: 'tenants:aws-organizations',
      entity: {
        apiVersion: 'tenancy.dev/v1alpha1',
        kind: 'Tenant',
        metadata: {
          name: 't-003',
          title: 'Tenant 3',
          description: 'AWS account 100000000003 in /Tenants/premium',
          annotations: {
            'tenancy.dev/account-id': '100000000003',
            'backstage.io/managed-by-location': 'tenants:aws-organizations',
            'backstage.io/managed-by-origin-location':
              'tenants:aws-organizations',
          },
        },
        spec: {
          owner: 'group:default/platform-engineers',
          accountId: '100000000003',
          accountName: 'Tenant 3',
          ouPath: '/Tenants/premium',
          state: 'ACTIVE',
          tier: 'premium',
          regions: ['eu-west-1'],
        },
      },
    });
    expect(mutation.entities[1].entity.spec.tier).toBe('unassigned');
    expect(mutation.entities[2].entity.spec.release).toBeUndefined();
    tenants[2] = tenant(3, { release: { version: '2.0.0', status: 'behind' } });
    runs.unshift({
      id: 'r2b',
      finishedAt: '2026-11-29T10:30:00.000Z',
      status: 'succeeded',
    });
    expect(await provider.refresh()).toBe(150);
    // Only the changed entity is sent again: the catalog re-processes it alone.
    const delta = (applyMutation.mock.calls[1] as any)[0];
    expect(delta.type).toBe('delta');
    expect(delta.removed).toEqual([]);
    expect(delta.added.map((d: any) => d.entity.metadata.name)).toEqual([
      't-003',
    ]);
    // The tenants list's release column becomes spec.release (the catalog validates it).
    expect(delta.added[0].entity.spec.release).toEqual({
      version: '2.0.0',
      status: 'behind',
    });
    expect(mutation.entities[0].entity.spec.owner).toBe('group:default/team-a');
    expect(await provider.refresh()).toBeUndefined();
    runs.unshift({
      id: 'r3',
      finishedAt: '2026-11-29T11:00:00.000Z',
      status: 'succeeded',
    });
    tenants = tenants.slice(0, 10);
    expect(await provider.refresh()).toBe(10);
    expect(applyMutation).toHaveBeenCalledTimes(3);
    const gone = (applyMutation.mock.calls[2] as any)[0];
    expect(gone.type).toBe('delta');
    expect(gone.added).toEqual([]);
    expect(gone.removed).toHaveLength(140);
    expect(gone.removed[0]).toEqual({
      entityRef: 'tenant:default/t-011',
      locationKey: 'tenants:aws-organizations',
    });
  });

  it("titles each entity with the account's displayName tag, else the account name", async () => {
    tenants = [
      tenant(1, {
        tenantId: 'new-user-demo',
        accountName: 'new-user-demo',
        tags: {
          tenant: 'new-user-demo',
          displayName: 'New User Demo',
          tier: 'premium',
        },
      }),
      tenant(2, { tags: { displayName: '   ' } }),
      tenant(3, { accountName: '', tags: {} }),
    ];
    const { provider, applyMutation } = await connect();
    expect(await provider.refresh()).toBe(3);
    const mutation = (applyMutation.mock.calls[0] as any)[0];
    expect(
      mutation.entities.map((e: any) => [
        e.entity.metadata.name,
        e.entity.metadata.title,
      ]),
    ).toEqual([
      ['new-user-demo', 'New User Demo'],
      ['t-002', 'Tenant 2'],
      ['t-003', 't-003'],
    ]);
  });

  it('adds a vended tenant at once and keeps it until the inventory has it', async () => {
    const { provider, applyMutation, emit } = await connect();
    await provider.refresh();
    const entity = {
      apiVersion: 'tenancy.dev/v1alpha1',
      kind: 'Tenant',
      metadata: {
        name: 'acme',
        annotations: { 'tenancy.dev/account-id': '222222222222' },
      },
      spec: {
        owner: 'group:default/team-acme',
        accountId: '222222222222',
        ouPath: '/Tenants',
        state: 'ACTIVE',
        tier: 'standard',
        regions: [],
      },
    };
    await emit({ entity });
    const delta = (applyMutation.mock.calls[1] as any)[0];
    expect(delta.type).toBe('delta');
    expect(delta.added[0].entity.metadata.name).toBe('acme');
    // still pending and unchanged: nothing to send
    expect(await provider.refresh()).toBe(151);
    expect(applyMutation).toHaveBeenCalledTimes(2);
    tenants.push(tenant(999, { tenantId: 'acme', accountId: '222222222222' }));
    expect(await provider.refresh({ force: true })).toBe(151);
    // the inventory's entity replaces the vended one
    const fromInventory = (applyMutation.mock.calls[2] as any)[0];
    expect(fromInventory.added.map((d: any) => d.entity.spec.owner)).toEqual([
      'group:default/platform-engineers',
    ]);
    await emit({
      entity: { ...entity, spec: { ...entity.spec, accountId: 'nope' } },
    });
    expect(applyMutation).toHaveBeenCalledTimes(3);
  });

  it('applies a new inventory at once on tenancy.inventory.refreshed, once when the schedule asks too', async () => {
    const { provider, applyMutation, emit } = await connect();
    await emit(
      { runId: 'r1', tenantCount: 150, finishedAt: runs[1].finishedAt },
      'tenancy.inventory.refreshed',
    );
    expect(applyMutation).toHaveBeenCalledTimes(1);
    expect((applyMutation.mock.calls[0] as any)[0].entities).toHaveLength(150);
    runs.unshift({
      id: 'r4',
      finishedAt: '2026-11-29T12:00:00.000Z',
      status: 'succeeded',
    });
    tenants = tenants.slice(0, 149);
    // The scheduled check and the event at the same moment: one reads and applies, the
    // other finds the run applied.
    const [scheduled] = await Promise.all([
      provider.refresh(),
      emit(
        { runId: 'r4', tenantCount: 149, finishedAt: runs[0].finishedAt },
        'tenancy.inventory.refreshed',
      ),
    ]);
    expect(scheduled).toBe(149);
    expect(applyMutation).toHaveBeenCalledTimes(2);
    expect((applyMutation.mock.calls[1] as any)[0].removed).toEqual([
      {
        entityRef: 'tenant:default/t-150',
        locationKey: 'tenants:aws-organizations',
      },
    ]);
  });

  it('announces tenancy.inventory.cataloged for the run once the catalog reads every applied Tenant entity', async () => {
    const counts = [0, 149, 150];
    const queryEntities = jest.fn(async () => ({
      items: [],
      totalItems: counts.shift() ?? 150,
      pageInfo: {},
    }));
    const { provider, published } = await connect({
      catalog: { queryEntities },
      catalogPollMs: 5,
    });
    expect(await provider.refresh()).toBe(150);
    for (let i = 0; i < 100 && !published.length; i++)
      await new Promise(r => setTimeout(r, 10));
    expect(published).toEqual([
      {
        topic: 'tenancy.inventory.cataloged',
        eventPayload: { runId: 'r1', entityCount: 150 },
      },
    ]);
    expect(queryEntities).toHaveBeenCalledTimes(3);
    expect((queryEntities.mock.calls[0] as any)[0]).toEqual({
      filter: { kind: 'Tenant' },
      limit: 1,
      fields: ['kind'],
    });
  });

  it('applies nothing when the tenants backend cannot be read', async () => {
    const { provider, applyMutation } = await connect();
    fail = true;
    await expect(provider.refresh()).rejects.toThrow(/503/);
    expect(applyMutation).not.toHaveBeenCalled();
  });
});
