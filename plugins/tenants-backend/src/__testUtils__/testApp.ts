import type { PermissionsService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import express from 'express';
import { TenantAccess } from '../permissions/TenantAccess';
import {
  createTenantsConditionalDecision,
  tenantsConditions,
  tenantsPermissionRules,
} from '../permissions/rules';
import { createRouter } from '../router';
import { createInventoryRouter } from '../inventory';
import { createGuardrailsRoutes } from '../compliance/guardrailsRoutes';
import type { TenantsStore } from '../inventory/store/types';
import type {
  RefreshRequester,
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from '../routeContext';

/** The roles of the tests, with the portal policy's table (packages/backend has the real one). */
export const TEST_USERS = {
  platform: 'user:default/pat',
  support: 'user:default/sam',
  finance: 'user:default/fran',
  owner: 'user:default/olivia',
} as const;

const ALLOWED: Record<string, string[]> = {
  [TEST_USERS.support]: [
    'tenants.tenant.read',
    'tenants.health.read',
    'tenants.compliance.read',
    'tenants.deployments.read',
    'tenants.logs.read',
  ],
  [TEST_USERS.finance]: ['tenants.tenant.read', 'tenants.spend.read'],
};

function decide(
  user: string,
  permission: { name: string; resourceType?: string },
): PolicyDecision {
  if (user === TEST_USERS.platform) return { result: AuthorizeResult.ALLOW };
  if (
    user === TEST_USERS.owner &&
    permission.resourceType === 'tenants-tenant'
  ) {
    return createTenantsConditionalDecision(
      permission as never,
      tenantsConditions.isTenantOwner({
        claims: [user, 'group:default/team-1'],
      }),
    );
  }
  return ALLOWED[user]?.includes(permission.name)
    ? { result: AuthorizeResult.ALLOW }
    : { result: AuthorizeResult.DENY };
}

/** A permissions service answering with the role table above. */
export function rolePermissions(): PermissionsService {
  const userOf = (options: { credentials: { principal: unknown } }) =>
    (options.credentials.principal as { userEntityRef?: string })
      .userEntityRef ?? '';
  return {
    async authorize(requests, options) {
      return requests.map(r => {
        const d = decide(userOf(options), r.permission);
        return {
          result:
            d.result === AuthorizeResult.ALLOW
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional(requests, options) {
      return requests.map(r => decide(userOf(options), r.permission)) as never;
    },
  };
}

/** An auditor whose events are recorded in `events` (eventId and outcome). */
export function testAuditor(
  events: Array<{ eventId: string; outcome: string; meta?: unknown }> = [],
) {
  return mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => ({
      success: async o => {
        events.push({
          eventId,
          outcome: 'success',
          meta: { ...meta, ...o?.meta },
        });
      },
      fail: async o => {
        events.push({ eventId, outcome: 'fail', meta: { ...meta, ...o.meta } });
      },
    }),
  });
}

/** The tenants router on an express app with Backstage's error handler. */
export async function createTestApp(
  store: TenantsStore,
  refresh: RefreshRequester,
  subRouters: TenantsSubRouterFactory[] = [],
  extra: Partial<
    Pick<
      TenantsRouteContext,
      'guardrails' | 'auditor' | 'regions' | 'freshness'
    >
  > = {},
) {
  const ruleset = {
    getRuleByName: (name: string) => {
      const rule = Object.values(tenantsPermissionRules).find(
        r => r.name === name,
      );
      if (!rule) throw new Error(`no rule ${name}`);
      return rule;
    },
  };
  const router = await createRouter(
    {
      store,
      access: new TenantAccess(rolePermissions(), ruleset as never),
      httpAuth: mockServices.httpAuth(),
      auditor: testAuditor(),
      logger: mockServices.logger.mock(),
      refresh,
      ...extra,
    },
    [createInventoryRouter, createGuardrailsRoutes, ...subRouters],
  );
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use(router).use(middleware.error());
}
