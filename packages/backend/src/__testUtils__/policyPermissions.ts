/*
 * Test helper: the portal's permissions service with its policy evaluated in-process, for test
 * backends whose users carry `mockCredentials.user.header(ref)` tokens. Each user's groups come
 * from a map (the demo organization's memberships), as the permission backend would resolve
 * them from the catalog.
 */
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { TenancyPermissionPolicy } from '../permissionPolicy';

/** The demo organization's users of the tests, with their groups (`examples/org.yaml`). */
export const DEMO_GROUPS: Record<string, string[]> = {
  'user:default/pat': ['group:default/platform-engineers'],
  'user:default/sam': ['group:default/support'],
  'user:default/fran': ['group:default/finance'],
  'user:default/alex': ['group:default/team-alpha'],
};

/**
 * A `coreServices.permissions` factory answering with {@link TenancyPermissionPolicy}: a
 * conditional decision is returned as such by `authorizeConditional` and counts as DENY in
 * `authorize` (no plugin is asked to apply it).
 */
export function policyPermissionsFactory(
  groups: Record<string, string[]> = DEMO_GROUPS,
) {
  const policy = new TenancyPermissionPolicy();
  const policyUser = (
    credentials: BackstageCredentials,
  ): PolicyQueryUser | undefined => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type !== 'user' || !principal.userEntityRef) {
      return undefined;
    }
    const refs = [
      principal.userEntityRef,
      ...(groups[principal.userEntityRef] ?? []),
    ];
    return {
      info: {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: refs,
      },
      credentials,
      token: 'token',
    } as unknown as PolicyQueryUser;
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests, { credentials }) {
        return Promise.all(
          requests.map(async r => {
            const d = await policy.handle(
              { permission: r.permission },
              policyUser(credentials),
            );
            return {
              result:
                d.result === AuthorizeResult.ALLOW
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }),
        );
      },
      async authorizeConditional(requests, { credentials }) {
        return Promise.all(
          requests.map(r =>
            policy.handle(
              { permission: r.permission },
              policyUser(credentials),
            ),
          ),
        ) as never;
      },
    }),
  });
}
