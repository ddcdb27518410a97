/*
 * The portal's permission policy: maps catalog groups to what they may do.
 *
 * - platform-engineers: everything, including the vending actions, `tenants.refresh` and
 *   `tenants.tenant.offboard` (the Offboard tenant template's actions check it; no one else holds it).
 * - support: tenants, health, compliance, deployments and logs (recent errors); not spend; no
 *   vending.
 * - finance: tenants and spend; not compliance findings (nor health, logs, deployments); no vending.
 * - a tenant's owner group (any other group): its own tenants only — tenant, health, compliance,
 *   deployments, logs and spend of the tenants whose `owner` is one of the user's ownership refs (a conditional
 *   decision on the `tenants-tenant` resource type, applied by the tenants backend to single
 *   tenants and to lists). No fleet-wide data, no refresh.
 * - catalog: every entity is readable, except that a Tenant entity is readable only by platform
 *   engineers, support, finance and its owner group (a conditional decision on the catalog's
 *   IS_ENTITY_KIND / IS_ENTITY_OWNER rules, from `createTenantEntityReadDecision`). Catalog
 *   locations (`catalog.location.read`, a basic permission that `locations/by-entity` answers
 *   for any entity ref) only for the users who read every Tenant: platform engineers, support,
 *   finance.
 * - scaffolder: every signed-in user may create tasks, read templates and their steps; only
 *   platform engineers execute actions (so only they run the vending template); a task is read
 *   (and cancelled) only by its creator and platform engineers (IS_TASK_OWNER).
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { createTenantEntityReadDecision } from '@tenancy/plugin-catalog-backend-module-tenants';
import {
  TENANT_RESOURCE_TYPE,
  tenantComplianceReadPermission,
  tenantDeploymentsReadPermission,
  tenantHealthReadPermission,
  tenantLogsReadPermission,
  tenantReadPermission,
  tenantSpendReadPermission,
} from '@tenancy/plugin-tenants-common';
import {
  createTenantsConditionalDecision,
  tenantsConditions,
} from '@tenancy/plugin-tenants-backend';

/** Group entity refs the policy knows. */
export const PORTAL_GROUPS = {
  platformEngineers: 'group:default/platform-engineers',
  support: 'group:default/support',
  finance: 'group:default/finance',
} as const;

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Permissions each non-admin role is allowed, by permission name. */
export const ROLE_PERMISSIONS: Record<string, ReadonlySet<string>> = {
  [PORTAL_GROUPS.support]: new Set([
    tenantReadPermission.name,
    tenantHealthReadPermission.name,
    tenantComplianceReadPermission.name,
    tenantDeploymentsReadPermission.name,
    tenantLogsReadPermission.name,
  ]),
  [PORTAL_GROUPS.finance]: new Set([
    tenantReadPermission.name,
    tenantSpendReadPermission.name,
  ]),
};

/** Tenant-scoped permissions an owner group holds for its own tenants. */
const OWNER_PERMISSIONS: ReadonlySet<string> = new Set([
  tenantReadPermission.name,
  tenantHealthReadPermission.name,
  tenantComplianceReadPermission.name,
  tenantDeploymentsReadPermission.name,
  tenantLogsReadPermission.name,
  tenantSpendReadPermission.name,
]);

const ROLE_GROUPS: ReadonlySet<string> = new Set(Object.values(PORTAL_GROUPS));

/** True when the user is in a group other than the portal roles (a possible tenant owner). */
function ownsTenantsMaybe(refs: string[]): boolean {
  return refs.some(ref => ref.startsWith('group:') && !ROLE_GROUPS.has(ref));
}

/** Scaffolder permissions of a user who is not a platform engineer. */
function scaffolderDecision(
  request: PolicyQuery,
  user?: PolicyQueryUser,
): PolicyDecision {
  const { permission } = request;
  const userRef = user?.info.userEntityRef;
  if (!userRef) return DENY;
  switch (permission.name) {
    case 'scaffolder.template.parameter.read':
    case 'scaffolder.template.step.read':
    case 'scaffolder.task.create':
      return ALLOW;
    case 'scaffolder.task.read':
    case 'scaffolder.task.cancel':
      // Only the task's creator; platform engineers were allowed before this point.
      return isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)
        ? createScaffolderTaskConditionalDecision(
            permission,
            scaffolderTaskConditions.isTaskOwner({ createdBy: [userRef] }),
          )
        : DENY;
    default:
      // scaffolder.action.execute (the vending actions), dry runs, template management.
      return DENY;
  }
}

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
    const { permission } = request;
    const name = permission.name;
    if (name.startsWith('scaffolder.')) {
      return scaffolderDecision(request, user);
    }
    if (name.startsWith('tenants.')) {
      if (refs.some(ref => ROLE_PERMISSIONS[ref]?.has(name))) {
        return ALLOW;
      }
      if (
        ownsTenantsMaybe(refs) &&
        OWNER_PERMISSIONS.has(name) &&
        isResourcePermission(permission, TENANT_RESOURCE_TYPE)
      ) {
        return createTenantsConditionalDecision(
          permission,
          tenantsConditions.isTenantOwner({ claims: refs }),
        );
      }
      return DENY;
    }
    if (name.startsWith('catalog.')) {
      if (
        name === 'catalog.entity.read' &&
        isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
      ) {
        return createTenantEntityReadDecision(permission, {
          claims: refs,
          readsAllTenants: refs.some(ref => ROLE_GROUPS.has(ref)),
        });
      }
      // Locations are a basic permission, not filtered per entity: `GET /locations/by-entity/…`
      // answers 200 or a 404 naming the missing part for a Tenant the user may not read, and
      // another 404 for a missing one. Only users who read every Tenant read locations.
      return name === 'catalog.location.read' &&
        refs.some(ref => ROLE_GROUPS.has(ref))
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
