import {
  type Entity,
  entityKindSchemaValidator,
} from '@backstage/catalog-model';
import {
  ACCOUNT_NAME_MAX_LENGTH,
  DEPLOYMENT_STATUSES,
  type AccountState,
  type DeploymentStatus,
} from '@tenancy/plugin-tenants-common';

/** apiVersion of the Tenant kind. @public */
export const TENANT_API_VERSION = 'tenancy.dev/v1alpha1';
/** Annotation with the tenant's 12-digit AWS account id. @public */
export const ANNOTATION_TENANT_ACCOUNT_ID = 'tenancy.dev/account-id';

/**
 * A tenant in the catalog: one per tenant AWS account (`kind: Tenant`,
 * `apiVersion: tenancy.dev/v1alpha1`); `metadata.name` is the tenant id.
 * @public
 */
export interface TenantEntityV1alpha1 extends Entity {
  apiVersion: typeof TENANT_API_VERSION;
  kind: 'Tenant';
  spec: {
    /** Owner group entity ref, e.g. `group:default/team-acme`. */
    owner: string;
    /** 12-digit AWS account id. */
    accountId: string;
    /** Account name in AWS Organizations. */
    accountName?: string;
    /** Path of the account's OU from the root, e.g. `/Tenants/premium`. */
    ouPath: string;
    /** Account `State` from AWS Organizations. */
    state: AccountState;
    /** Tenant tier, e.g. `premium`. */
    tier: string;
    /** Regions the tenant runs in, e.g. `['eu-west-1']`. */
    regions: string[];
    /**
     * The tenant stack's release it runs (version, '' when not known, and status), from the
     * tenants backend's deployments source; absent when it has no stack instance.
     */
    release?: { version: string; status: DeploymentStatus };
  };
}

/** JSON schema of the Tenant kind (validated by the catalog on every entity). @public */
export const tenantEntityV1alpha1Schema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'TenantV1alpha1',
  description: 'A tenant: one AWS account of the account-per-tenant model.',
  type: 'object',
  allOf: [{ $ref: 'Entity' }],
  properties: {
    apiVersion: { enum: [TENANT_API_VERSION] },
    kind: { enum: ['Tenant'] },
    spec: {
      type: 'object',
      required: ['owner', 'accountId', 'ouPath', 'state', 'tier', 'regions'],
      properties: {
        owner: {
          type: 'string',
          minLength: 1,
          description: 'Owner group entity ref',
        },
        accountId: {
          type: 'string',
          pattern: '^[0-9]{12}$',
          description: '12-digit AWS account id',
        },
        accountName: {
          type: 'string',
          minLength: 1,
          maxLength: ACCOUNT_NAME_MAX_LENGTH,
        },
        ouPath: {
          type: 'string',
          pattern: '^/([^/]+(/[^/]+)*)?$',
          description: 'OU path from the root',
        },
        state: {
          enum: [
            'PENDING_ACTIVATION',
            'ACTIVE',
            'SUSPENDED',
            'PENDING_CLOSURE',
            'CLOSED',
          ],
        },
        tier: { type: 'string', minLength: 1, maxLength: 255 },
        regions: {
          type: 'array',
          items: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' },
          uniqueItems: true,
        },
        release: {
          type: 'object',
          required: ['version', 'status'],
          properties: {
            version: { type: 'string', maxLength: 128 },
            status: { enum: [...DEPLOYMENT_STATUSES] },
          },
        },
      },
    },
  },
};

/**
 * Validates a Tenant entity: `false` for other kinds, the entity when valid.
 * @throws TypeError naming the broken rule when a Tenant entity is not valid
 * @public
 */
export const tenantEntityV1alpha1Validator =
  entityKindSchemaValidator<TenantEntityV1alpha1>(tenantEntityV1alpha1Schema);

/** True for a Tenant entity. @public */
export function isTenantEntity(entity: Entity): entity is TenantEntityV1alpha1 {
  return (
    entity.apiVersion === TENANT_API_VERSION &&
    entity.kind.toLocaleLowerCase('en-US') === 'tenant'
  );
}
