import {
  AuthorizeResult,
  type PolicyDecision,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';

/** The kind the tenants policy restricts. */
const TENANT_KIND = 'Tenant';

/**
 * Options of {@link createTenantEntityReadDecision}.
 * @public
 */
export interface TenantEntityReadDecisionOptions {
  /**
   * The user's ownership entity refs (`user.info.ownershipEntityRefs`: the user and their
   * groups). A Tenant entity is readable when its owner (`spec.owner`, the `ownedBy`
   * relation) is one of them.
   */
  claims: string[];
  /**
   * True for users who may read every tenant (in the portal: platform engineers, support,
   * finance). They get an unconditional ALLOW.
   */
  readsAllTenants: boolean;
}

/**
 * The decision on a catalog entity permission (`catalog.entity.read` and the other
 * `catalog-entity` resource permissions) that applies the tenants policy to Tenant entities:
 * every entity of another kind stays readable, a Tenant only when the user owns it — unless
 * `readsAllTenants`, which allows everything.
 *
 * The answer is a conditional decision on the catalog's own permission rules
 * (`IS_ENTITY_KIND`, `IS_ENTITY_OWNER`), so the catalog applies it to entity lists, single
 * entities, full-text search and facets alike: an owner's `GET /entities/by-query` holds only
 * its own Tenants, and another team's Tenant answers 404 as a missing one.
 *
 * Use it from a permission policy:
 *
 * ```ts
 * if (isResourcePermission(request.permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
 *   return createTenantEntityReadDecision(request.permission, {
 *     claims: user?.info.ownershipEntityRefs ?? [],
 *     readsAllTenants: isPlatformSupportOrFinance(user),
 *   });
 * }
 * ```
 * @public
 */
export function createTenantEntityReadDecision(
  permission: ResourcePermission<'catalog-entity'>,
  options: TenantEntityReadDecisionOptions,
): PolicyDecision {
  if (options.readsAllTenants) {
    return { result: AuthorizeResult.ALLOW };
  }
  return createCatalogConditionalDecision(permission, {
    anyOf: [
      { not: catalogConditions.isEntityKind({ kinds: [TENANT_KIND] }) },
      catalogConditions.isEntityOwner({ claims: options.claims }),
    ],
  });
}
