import type { TenantEventHandler } from './events/types';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  Guardrail,
  SourceFreshness,
} from '@tenancy/plugin-tenants-common';
import type {
  TenantsCollector,
  TenantsSourceRouteContext,
} from '@tenancy/plugin-tenants-node';
import type { Router } from 'express';
import type { TenantAccess } from './permissions/TenantAccess';
import type { TenantsStore } from './inventory/store/types';

/** Starts refreshes on request (`POST /refresh`). */
export interface RefreshRequester {
  /**
   * Queues a refresh run and asks the scheduler to start it now. When a run is already queued
   * or running, answers that run's id with `alreadyRunning: true` instead of queuing another.
   */
  requestRefresh(options: { actor: string }): Promise<{
    runId: string;
    alreadyRunning: boolean;
  }>;
}

/**
 * What every route module of the tenants router gets: the context every source gets (see
 * `TenantsSourceRouteContext` in `@tenancy/plugin-tenants-node`) plus the plugin's own store,
 * permission checks and refresh. The built-in sources' routes are built from it.
 * @public
 */
export interface TenantsRouteContext extends TenantsSourceRouteContext {
  store: TenantsStore;
  access: TenantAccess;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  refresh: RefreshRequester;
  /**
   * `tenancy.aws.regions`, in order: the regions the regional sources read, answered by
   * `GET /tenants` as `regionsRead`; absent → not answered.
   */
  regions?: string[];
  /** Each scheduled source's freshness (`GET /freshness`); absent → an empty list. */
  freshness?: () => Promise<SourceFreshness[]>;
  /** The guardrail catalog (`GET /guardrails`); absent → an empty list. */
  guardrails?: () => Promise<Guardrail[]>;
}

/**
 * A sub-router factory: gets the shared context, answers an express router mounted at the
 * plugin root (`/api/tenants`). Every route it adds must check a permission.
 * @public
 */
export type TenantsSubRouterFactory = (
  ctx: TenantsRouteContext,
) => Router | Promise<Router>;

/**
 * A data source as the plugin mounts it: a `TenantsSource` of `@tenancy/plugin-tenants-node`
 * (registered by a module) or a built-in one, whose routes may use the wider
 * {@link TenantsRouteContext}.
 * @public
 */
export interface BuiltInTenantsSource {
  /** `inventory`, `spend`, `health`, `compliance`, … (unique). */
  id: string;
  /** Its step of the refresh after the inventory; absent → none. */
  collector?: TenantsCollector;
  /** Its routes, mounted at the plugin root; absent → none. */
  createRouter?: TenantsSubRouterFactory;
  /** Its handler of live EventBridge events (`../events/`); absent → none. */
  events?: TenantEventHandler<any>;
}
