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
import type {
  TenantCondition,
  TenantPermissionFilter,
} from '../inventory/store/types';

/** The answer for a tenant-scoped permission: every tenant, or those matching a filter. */
export type TenantScope =
  | { all: true }
  | { all: false; filter: TenantPermissionFilter };

/**
 * A policy's decision on one tenant-scoped permission, asked once and applied to many tenants.
 * @public
 */
export interface TenantDecision {
  permission: ResourcePermission<'tenants-tenant'>;
  /** ALLOW (every tenant), CONDITIONAL (the tenants matching its conditions) or DENY. */
  result: AuthorizeResult;
  /** True when the decision allows `tenant`: ALLOW, or CONDITIONAL with matching conditions. */
  allows(tenant: TenantSummary): boolean;
}

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
    const decision = await this.decide(permission, credentials);
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
    const decision = await this.decide(permission, credentials);
    if (this.allows(decision, tenant)) return;
    throw new NotAllowedError(
      `Missing permission ${permission.name} for tenant ${tenant.tenantId}`,
    );
  }

  /**
   * The decisions on several tenant-scoped permissions, asked in one `authorizeConditional`
   * call (e.g. the column permissions of the tenants list, evaluated per row). Never throws
   * for a denial; the caller decides what a DENY means.
   */
  async decisions<K extends string>(
    permissions: Record<K, ResourcePermission<'tenants-tenant'>>,
    credentials: BackstageCredentials,
  ): Promise<Record<K, TenantDecision>> {
    const keys = Object.keys(permissions) as K[];
    const answers = await this.permissions.authorizeConditional(
      keys.map(key => ({ permission: permissions[key] })),
      { credentials },
    );
    const entries = keys.map((key, i): [K, TenantDecision] => {
      const decision = answers[i];
      const allows = (tenant: TenantSummary) => this.allows(decision, tenant);
      return [
        key,
        { permission: permissions[key], result: decision.result, allows },
      ];
    });
    return Object.fromEntries(entries) as Record<K, TenantDecision>;
  }

  /** The policy's decision on one tenant-scoped permission. */
  private async decide(
    permission: ResourcePermission<'tenants-tenant'>,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision;
  }

  /** True when `decision` allows `tenant`: ALLOW, or CONDITIONAL with matching conditions. */
  private allows(decision: PolicyDecision, tenant: TenantSummary): boolean {
    return (
      decision.result === AuthorizeResult.ALLOW ||
      (decision.result === AuthorizeResult.CONDITIONAL &&
        this.authorizer(decision, tenant))
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
