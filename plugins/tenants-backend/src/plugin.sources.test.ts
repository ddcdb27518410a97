import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  awsClientFactoryServiceRef,
  DefaultAwsClientFactory,
} from '@tenancy/plugin-tenants-node';
import request from 'supertest';
import { tenantsPlugin } from './plugin';
import { sandboxConfig } from './__testUtils__/sourcesSandboxHarness';
import { SpendStore } from './spend/SpendStore';
import { FleetViewStore } from './spend/FleetViewStore';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('tenantsPlugin with the insights part', () => {
  it('mounts the spend, health and compliance routes, answering empty shapes before a refresh', async () => {
    const config = sandboxConfig('http://127.0.0.1:9', {
      refresh: { initialDelay: { hours: 1 } },
    });
    const { server } = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.rootConfig.factory({ data: config.get() as object }),
        createServiceFactory({
          service: awsClientFactoryServiceRef,
          deps: {},
          factory: () => DefaultAwsClientFactory.fromConfig(config),
        }),
      ],
    });
    const auth = { Authorization: mockCredentials.user.header() };
    const month = new Date().toISOString().slice(0, 7);
    const fleet = await request(server)
      .get(`/api/tenants/spend/fleet?month=${month}`)
      .set(auth);
    expect(fleet.status).toBe(200);
    expect(fleet.body).toMatchObject({
      month,
      metric: 'AmortizedCost',
      total: '0.00',
      tenants: [],
      tenantTagStatus: 'unknown',
    });
    const csv = await request(server)
      .get(`/api/tenants/spend/export.csv?from=${month}&to=${month}`)
      .set(auth);
    expect(csv.text).toBe(
      'tenant_id,account_id,month,service,amount_usd,metric\r\n',
    );
    const missing = await request(server)
      .get('/api/tenants/tenants/nobody/health')
      .set(auth);
    expect(missing.status).toBe(404);
    await server.close();
  });

  it("stores the fleet view in the plugin's database, under the spend run", async () => {
    const knex = await databases.init('SQLITE_3');
    const config = sandboxConfig('http://127.0.0.1:9', {
      refresh: { initialDelay: { hours: 1 } },
    });
    const { server } = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.rootConfig.factory({ data: config.get() as object }),
        mockServices.database.factory({ knex }),
        createServiceFactory({
          service: awsClientFactoryServiceRef,
          deps: {},
          factory: () => DefaultAwsClientFactory.fromConfig(config),
        }),
      ],
    });
    // the snapshot of a refresh run (the plugin migrated the database at start)
    const insights = new SpendStore(knex);
    await insights.recordCollection({
      metric: 'AmortizedCost',
      collectedAt: new Date('2026-03-15T12:00:00.000Z'),
      tagStatus: 'unknown',
      tenants: [],
      dailyThrough: undefined,
    });
    await insights.setSpendRunId('wired-run');
    const fleet = await request(server)
      .get('/api/tenants/spend/fleet?month=2026-03')
      .set({ Authorization: mockCredentials.user.header() });
    expect(fleet.status).toBe(200);
    expect(fleet.body).toMatchObject({
      month: '2026-03',
      total: '0.00',
      totalCount: 0,
    });
    const stored = await new FleetViewStore(knex).view(
      'AmortizedCost',
      '2026-03',
    );
    expect(stored?.runId).toBe('wired-run');
    const view = { ...fleet.body };
    for (const k of ['tenants', 'totalCount', 'limit', 'offset'])
      delete view[k];
    delete view.availableMonths;
    expect(stored?.view).toEqual(view);
    await server.close();
  });
});
