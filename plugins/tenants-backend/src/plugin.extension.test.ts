import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { tenantReadPermission } from '@tenancy/plugin-tenants-common';
import {
  awsClientFactoryServiceRef,
  DefaultAwsClientFactory,
  tenantsSourcesExtensionPoint,
  type TenantsSource,
} from '@tenancy/plugin-tenants-node';
import Router from 'express-promise-router';
import request from 'supertest';
import { tenantsPlugin } from './plugin';
import { sandboxConfig } from './__testUtils__/sourcesSandboxHarness';

/** A backend module adding `source` to the tenants plugin. */
function sourceModule(moduleId: string, source: TenantsSource) {
  return createBackendModule({
    pluginId: 'tenants',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { sources: tenantsSourcesExtensionPoint },
        async init({ sources }) {
          sources.addSource(source);
        },
      });
    },
  });
}

/** A source with one route: `GET /tenants/:tenantId/cost-notes` → `{ tenantId, notes: [] }`. */
const notesSource: TenantsSource = {
  id: 'cost-notes',
  createRouter(ctx) {
    const router = Router();
    router.get('/tenants/:tenantId/cost-notes', async (req, res) => {
      const tenant = await ctx.loadTenant(req.params.tenantId);
      await ctx.access.assertTenant(
        tenantReadPermission,
        await ctx.httpAuth.credentials(req),
        tenant,
      );
      res.json({ tenantId: tenant.tenantId, notes: [] });
    });
    return router;
  },
};

function features(...modules: ReturnType<typeof sourceModule>[]) {
  const config = sandboxConfig('http://127.0.0.1:9', {
    refresh: { initialDelay: { hours: 1 } },
  });
  return [
    tenantsPlugin,
    ...modules,
    mockServices.rootConfig.factory({ data: config.get() as object }),
    createServiceFactory({
      service: awsClientFactoryServiceRef,
      deps: {},
      factory: () => DefaultAwsClientFactory.fromConfig(config),
    }),
  ];
}

describe('tenantsSourcesExtensionPoint', () => {
  it('mounts the routes of a source a module registers, with the plugin’s tenant lookup', async () => {
    const { server } = await startTestBackend({
      features: features(sourceModule('notes', notesSource)),
    });
    const res = await request(server)
      .get('/api/tenants/tenants/nobody/cost-notes')
      .set({ Authorization: mockCredentials.user.header() });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'Tenant nobody not found',
    });
    await server.close();
  });

  it('fails the start when a module registers a source with a built-in id', async () => {
    await expect(
      startTestBackend({
        features: features(sourceModule('dup', { id: 'spend' })),
      }),
    ).rejects.toThrow('A tenants source with id spend is already registered');
  });
});
