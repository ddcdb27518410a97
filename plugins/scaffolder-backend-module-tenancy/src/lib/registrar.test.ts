import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CatalogTenantRegistrar,
  tenantEntity,
  TENANT_VENDED_TOPIC,
  TenantRegistration,
} from './registrar';
import { fakeClock } from '../__testUtils__/harness';

const tenant: TenantRegistration = {
  tenantId: 'acme',
  displayName: 'ACME Corp',
  accountId: '222222222222',
  accountName: 'acme',
  owner: 'group:default/team-acme',
  tier: 'premium',
  ouPath: '/Tenants/premium',
  regions: ['us-east-1'],
};

async function tenantsBackend() {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(
      `${req.method} ${req.url} ${req.headers.authorization ? 'auth' : 'anon'}`,
    );
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ runId: 'run-1' }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/tenants`;
  return { url, requests, stop: () => new Promise(r => server.close(r)) };
}

const logger = () => {
  const lines: string[] = [];
  const l: any = {
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(`warn: ${m}`),
    error: () => {},
    debug: () => {},
    child: () => l,
  };
  return { l, lines };
};

describe('CatalogTenantRegistrar', () => {
  it('publishes the vended event, asks for a refresh, and waits until the entity is in the catalog', async () => {
    const backend = await tenantsBackend();
    try {
      const entity = {
        ...tenantEntity(tenant),
        metadata: { ...tenantEntity(tenant).metadata, uid: 'uid-42' },
      };
      const catalog = catalogServiceMock.mock();
      catalog.getEntityByRef
        .mockResolvedValueOnce(undefined)
        .mockResolvedValueOnce(undefined)
        .mockResolvedValue(entity);
      const published: unknown[] = [];
      const registrar = new CatalogTenantRegistrar({
        catalog,
        auth: mockServices.auth(),
        discovery: {
          getBaseUrl: async () => backend.url,
          getExternalBaseUrl: async () => backend.url,
        },
        events: {
          publish: async e => void published.push(e),
          subscribe: async () => {},
        },
        clock: fakeClock(),
        poll: { initialSeconds: 2, maxSeconds: 20 },
      });
      const { l, lines } = logger();
      const result = await registrar.register(tenant, {
        credentials: mockCredentials.user(),
        logger: l,
        timeoutSeconds: 120,
      });
      expect(result).toEqual({
        entityRef: 'tenant:default/acme',
        uid: 'uid-42',
      });
      expect(published).toEqual([
        {
          topic: TENANT_VENDED_TOPIC,
          eventPayload: { tenant, entity: tenantEntity(tenant) },
        },
      ]);
      expect(backend.requests).toEqual(['POST /api/tenants/refresh auth']);
      expect(lines[0]).toBe(
        'Requested a tenants inventory refresh (run run-1)',
      );
      expect(lines[lines.length - 1]).toMatch(
        /^Tenant entity tenant:default\/acme: in the catalog after \d+ s$/,
      );
      expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    } finally {
      await backend.stop();
    }
  });

  it('fails with what to check when the entity does not appear before the deadline', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const registrar = new CatalogTenantRegistrar({
      catalog,
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => 'http://127.0.0.1:9/api/tenants',
        getExternalBaseUrl: async () => '',
      },
      clock: fakeClock(),
      poll: { initialSeconds: 2, maxSeconds: 20 },
    });
    const { l, lines } = logger();
    await expect(
      registrar.register(tenant, {
        credentials: mockCredentials.user(),
        logger: l,
        timeoutSeconds: 60,
      }),
    ).rejects.toThrow(
      'Tenant entity tenant:default/acme did not finish within 60 s (last status not in the catalog yet). The account is vended; the entity appears with the next tenants refresh. Check that the catalog module catalogModuleTenants is installed and the tenants refresh succeeds (Tenants → refresh runs).',
    );
    expect(lines[0]).toMatch(/^warn: Could not request a tenants refresh/);
  });

  it('refuses a tenant id already registered for another account', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntityByRef.mockResolvedValue(
      tenantEntity({ ...tenant, accountId: '999999999999' }),
    );
    const registrar = new CatalogTenantRegistrar({
      catalog,
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => 'http://127.0.0.1:9/api/tenants',
        getExternalBaseUrl: async () => '',
      },
      clock: fakeClock(),
      poll: { initialSeconds: 2, maxSeconds: 20 },
    });
    await expect(
      registrar.register(tenant, {
        credentials: mockCredentials.user(),
        logger: logger().l,
        timeoutSeconds: 60,
      }),
    ).rejects.toThrow(
      'The catalog already has tenant:default/acme for account 999999999999, not 222222222222; choose another tenant id',
    );
  });

  it('builds the Tenant entity', () => {
    expect(tenantEntity(tenant)).toEqual({
      apiVersion: 'tenancy.dev/v1alpha1',
      kind: 'Tenant',
      metadata: {
        name: 'acme',
        title: 'ACME Corp',
        annotations: { 'tenancy.dev/account-id': '222222222222' },
      },
      spec: {
        owner: 'group:default/team-acme',
        accountId: '222222222222',
        accountName: 'acme',
        ouPath: '/Tenants/premium',
        state: 'ACTIVE',
        tier: 'premium',
        regions: ['us-east-1'],
      },
    });
  });
});
