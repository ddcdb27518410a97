import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  TENANT_RESOURCE_TYPE,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import type { TenantCondition } from '../inventory/store/types';

/**
 * The `tenants-tenant` permission resource: a tenant summary, queried through
 * {@link TenantCondition}s. Resource refs are tenant ids.
 * @public
 */
export const tenantPermissionResourceRef = createPermissionResourceRef<
  TenantSummary,
  TenantCondition
>().with({ pluginId: 'tenants', resourceType: TENANT_RESOURCE_TYPE });

type IsTenantOwnerParams = { claims: string[] };

const isTenantOwnerJsonSchema = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: 'Entity refs, e.g. the user and their groups',
    },
  },
  required: ['claims'],
  additionalProperties: false,
};

/** The rule's parameters as a Standard Schema with its JSON Schema (what the registry needs). */
const isTenantOwnerParams = {
  '~standard': {
    version: 1 as const,
    vendor: 'tenancy',
    validate: (value: unknown) => {
      const claims = (value as { claims?: unknown } | null)?.claims;
      return Array.isArray(claims) && claims.every(c => typeof c === 'string')
        ? { value: { claims: claims as string[] } }
        : {
            issues: [
              {
                message: 'claims must be an array of entity refs',
                path: ['claims'],
              },
            ],
          };
    },
    jsonSchema: {
      input: () => isTenantOwnerJsonSchema,
      output: () => isTenantOwnerJsonSchema,
    },
  },
};

/**
 * Allows tenants whose owner (the `owner` tag, as a group entity ref) is one of `claims`,
 * typically the user's ownership entity refs.
 * @public
 */
export const isTenantOwner = createPermissionRule<
  typeof tenantPermissionResourceRef,
  IsTenantOwnerParams
>({
  name: 'IS_TENANT_OWNER',
  description: 'Allow tenants whose owner is one of the given entity refs',
  resourceRef: tenantPermissionResourceRef,
  paramsSchema: isTenantOwnerParams,
  apply: (tenant, { claims }) =>
    tenant.owner !== null && claims.includes(tenant.owner),
  toQuery: ({ claims }) => ({ key: 'owner', values: claims }),
});

/** Every permission rule of the `tenants-tenant` resource type. @public */
export const tenantsPermissionRules = { isTenantOwner };

const conditionExports = createConditionExports({
  resourceRef: tenantPermissionResourceRef,
  rules: tenantsPermissionRules,
});

/**
 * Condition factories for permission policies, e.g.
 * `tenantsConditions.isTenantOwner({ claims: user.info.ownershipEntityRefs })`.
 * @public
 */
export const tenantsConditions = conditionExports.conditions;

/**
 * Wraps conditions into a conditional decision for a `tenants-tenant` permission.
 * @public
 */
export const createTenantsConditionalDecision =
  conditionExports.createConditionalDecision;
