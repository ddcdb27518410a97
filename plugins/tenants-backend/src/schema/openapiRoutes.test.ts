import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awsClientFactoryServiceRef,
  DefaultAwsClientFactory,
} from '@tenancy/plugin-tenants-node';
import { tenantsPlugin } from '../plugin';
import { sandboxConfig } from '../__testUtils__/sourcesSandboxHarness';
import { specRoutes } from './__testUtils__/specRoutes';

jest.setTimeout(30_000);

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: ExpressLayer[] };
  regexp?: { fast_slash?: boolean };
  name?: string;
}

/**
 * `METHOD /path` of every route of an express router, walking the routers mounted inside it;
 * express's `:tenantId` is written `{tenantId}` as in the spec. A router mounted at a sub-path
 * is refused: the tenants routers are all mounted at the plugin root.
 */
function routerRoutes(stack: ExpressLayer[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods)
        .filter(m => layer.route!.methods[m] && m !== '_all')
        .map(m => `${m.toUpperCase()} ${path}`);
    }
    if (layer.handle?.stack) {
      if (!layer.regexp?.fast_slash) {
        throw new Error(
          'A router is mounted below the root; the walk cannot name its paths',
        );
      }
      return routerRoutes(layer.handle.stack);
    }
    return [];
  });
}

/** The express routers the tenants plugin mounts at its root, taken from its `httpRouter`. */
async function mountedRouter() {
  const mounted: ExpressLayer[] = [];
  const config = sandboxConfig('http://127.0.0.1:9', {
    refresh: { initialDelay: { hours: 1 } },
  });
  const backend = await startTestBackend({
    features: [
      tenantsPlugin,
      mockServices.rootConfig.factory({ data: config.get() as object }),
      createServiceFactory({
        service: awsClientFactoryServiceRef,
        deps: {},
        factory: () => DefaultAwsClientFactory.fromConfig(config),
      }),
      createServiceFactory({
        service: coreServices.httpRouter,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => ({
          use: (handler: unknown) => {
            if (plugin.getId() === 'tenants') {
              mounted.push({ handle: handler as ExpressLayer['handle'] });
            }
          },
          addAuthPolicy: () => {},
          addWebSocketHandler: () => {},
        }),
      }),
    ],
  });
  return {
    mounted: mounted.map(m => ({ ...m, regexp: { fast_slash: true } })),
    stop: () => backend.stop(),
  };
}

describe('the tenants router and openapi.yaml', () => {
  it('have exactly the same routes: none undescribed, none missing', async () => {
    const { mounted, stop } = await mountedRouter();
    try {
      // Backstage mounts its permission integration (`/.well-known/backstage/…`) through the
      // plugin's httpRouter too; it is Backstage's API, not the tenants API.
      const routes = routerRoutes(mounted).filter(
        r => !r.includes(' /.well-known/backstage/'),
      );
      const spec = specRoutes();
      expect({
        notInSpec: routes.filter(r => !spec.includes(r)),
        notInRouter: spec.filter(r => !routes.includes(r)),
      }).toEqual({ notInSpec: [], notInRouter: [] });
      expect([...routes].sort()).toEqual([
        'GET /finance/budgets',
        'GET /finance/fleet',
        'GET /finance/reports',
        'GET /finance/reports/{month}.csv',
        'GET /freshness',
        'GET /guardrails',
        'GET /refresh-runs',
        'GET /spend/export.csv',
        'GET /spend/fleet',
        'GET /tenants',
        'GET /tenants/{tenantId}',
        'GET /tenants/{tenantId}/activity',
        'GET /tenants/{tenantId}/compliance',
        'GET /tenants/{tenantId}/deployments',
        'GET /tenants/{tenantId}/finance',
        'GET /tenants/{tenantId}/health',
        'GET /tenants/{tenantId}/logs/recent-errors',
        'GET /tenants/{tenantId}/logs/top-messages',
        'GET /tenants/{tenantId}/spend',
        'POST /activity',
        'POST /finance/reports/{month}/regenerate',
        'POST /refresh',
        'POST /releases/starts',
      ]);
    } finally {
      await stop();
    }
  });

  it('the walk finds a route the spec does not describe', () => {
    const extra: ExpressLayer[] = [
      {
        regexp: { fast_slash: true },
        handle: {
          stack: [
            { route: { path: '/tenants/:tenantId', methods: { get: true } } },
            {
              route: {
                path: '/tenants/:tenantId/notes',
                methods: { post: true },
              },
            },
          ],
        },
      },
    ];
    const spec = specRoutes();
    expect(routerRoutes(extra).filter(r => !spec.includes(r))).toEqual([
      'POST /tenants/{tenantId}/notes',
    ]);
  });
});
