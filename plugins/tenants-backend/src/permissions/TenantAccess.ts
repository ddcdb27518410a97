import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PolicyDecision,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  type ConditionTransformer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import type { TenantSummary } from '@tenancy/plugin-tenants-common';
import type { TenantCondition, TenantPermissionFilter } from '../store/types';

/** The answer for a tenant-scoped permission: every tenant, or those matching a filter. */
export type TenantScope =
  | { all: true }
  | { all: false; filter: TenantPermissionFilter };

/**
 * Permission checks of the tenants routes. Conditional decisions are evaluated here, against
 * the store (lists) or a loaded tenant (one tenant), so no call back into the plugin is needed.
 * Denials throw `NotAllowedError` (403).
 * @public
 */
export class TenantAccess {
  private readonly authorizer: (
    decision: PolicyDecision,
    resource: TenantSummary | undefined,
  ) => boolean;
  private readonly transformer: ConditionTransformer<TenantCondition>;

  constructor(
    private readonly permissions: PermissionsService,
    ruleset: PermissionRuleset<
      TenantSummary,
      TenantCondition,
      'tenants-tenant'
    >,
  ) {
    this.authorizer = createConditionAuthorizer<TenantSummary>(ruleset);
    this.transformer = createConditionTransformer(ruleset);
  }

  /** Which tenants `credentials` may access with `permission`; throws NotAllowedError on DENY. */
  async scope(
    permission: ResourcePermission<'tenants-tenant'>,
    credentials: BackstageCredentials,
  ): Promise<TenantScope> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return { all: true };
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return { all: false, filter: this.transformer(decision.conditions) };
  }

  /** Throws NotAllowedError unless `credentials` may access `tenant` with `permission`. */
  async assertTenant(
    permission: ResourcePermission<'tenants-tenant'>,
    credentials: BackstageCredentials,
    tenant: TenantSummary,
  ): Promise<void> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      this.authorizer(decision, tenant)
    ) {
      return;
    }
    throw new NotAllowedError(
      `Missing permission ${permission.name} for tenant ${tenant.tenantId}`,
    );
  }

  /** Throws NotAllowedError unless `credentials` hold the basic `permission`. */
  async assertBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }
}
