import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  awsClientFactoryServiceRef,
  DefaultAwsClientFactory,
} from '@tenancy/plugin-tenants-node';
import request from 'supertest';
import { tenantsPlugin } from '../plugin';
import { sandboxConfig } from './sandboxHarness';

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
});
