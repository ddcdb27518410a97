/*
 * The portal's permission policy: maps catalog groups to what they may do.
 *
 * - platform-engineers: everything, including the vending actions.
 * - support: tenants, health and compliance; not spend; no vending.
 * - finance: tenants and spend; not compliance findings; no vending.
 * - everybody else: read the catalog; no vending.
 *
 * The tenants plugin's own permissions (tenants.*) are added to this policy by the tenants
 * backend work (tenant-scoped rules for a tenant's owner group).
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** Group entity refs the policy knows. */
export const PORTAL_GROUPS = {
  platformEngineers: 'group:default/platform-engineers',
  support: 'group:default/support',
  finance: 'group:default/finance',
} as const;

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Permissions each non-admin role is allowed, by permission name. */
const ROLE_PERMISSIONS: Record<string, ReadonlySet<string>> = {
  [PORTAL_GROUPS.support]: new Set([
    'tenants.tenant.read',
    'tenants.health.read',
    'tenants.compliance.read',
  ]),
  [PORTAL_GROUPS.finance]: new Set(['tenants.tenant.read', 'tenants.spend.read']),
};

/** The portal's permission policy. */
export class TenancyPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const refs = user?.info.ownershipEntityRefs ?? [];
    if (refs.includes(PORTAL_GROUPS.platformEngineers)) {
      return ALLOW;
    }
    const name = request.permission.name;
    if (name.startsWith('scaffolder.')) {
      // Templates can be browsed; only platform engineers run the vending actions.
      return name === 'scaffolder.template.parameter.read' ||
        name === 'scaffolder.template.step.read' ||
        name === 'scaffolder.task.read'
        ? ALLOW
        : DENY;
    }
    if (name.startsWith('tenants.')) {
      return refs.some(ref => ROLE_PERMISSIONS[ref]?.has(name)) ? ALLOW : DENY;
    }
    if (name.startsWith('catalog.')) {
      return name.startsWith('catalog.entity.read') ||
        name === 'catalog.location.read'
        ? ALLOW
        : DENY;
    }
    return ALLOW;
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'tenancy-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new TenancyPermissionPolicy());
      },
    });
  },
});
