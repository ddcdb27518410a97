import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  awsClientFactoryServiceRef,
  InMemoryAwsCallMeter,
} from '@tenancy/plugin-tenants-node';
import { scaffolderModuleTenancy } from './module';

describe('scaffolderModuleTenancy', () => {
  it('registers the seven vending actions, the eight offboarding actions and the four release actions, each with dry-run support, examples and described inputs', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...a: TemplateAction<any, any, any>[]) =>
              actions.push(...a),
          },
        ],
      ],
      features: [
        scaffolderModuleTenancy,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { tenancy: { tenants: { ouPath: '/Tenants' } } },
        }),
        createServiceFactory({
          service: awsClientFactoryServiceRef,
          deps: {},
          factory: () => ({ meter: new InMemoryAwsCallMeter() } as any),
        }),
      ],
    });
    expect(actions.map(a => a.id)).toEqual([
      'tenancy:account:create',
      'tenancy:account:move',
      'tenancy:guardrails:attach',
      'tenancy:baseline:apply',
      'tenancy:budget:create',
      'tenancy:tenant:register',
      'tenancy:stateMachine:run',
      'tenancy:offboard:plan',
      'tenancy:account:suspend',
      'tenancy:stackInstances:remove',
      'tenancy:budget:delete',
      'tenancy:spend:archive',
      'tenancy:account:close',
      'tenancy:tenant:state',
      'tenancy:account:reinstate',
      'tenancy:release:plan',
      'tenancy:release:deploy',
      'tenancy:release:resume',
      'tenancy:release:rollback',
    ]);
    for (const a of actions) {
      expect([a.id, a.supportsDryRun]).toEqual([a.id, true]);
      expect(a.examples?.length).toBeGreaterThan(0);
      const props = (a.schema?.input as any)?.properties ?? {};
      for (const [name, p] of Object.entries<any>(props)) {
        expect([a.id, name, typeof p.description]).toEqual([
          a.id,
          name,
          'string',
        ]);
      }
    }
  });
});
