import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { TenantSummary } from '@tenancy/plugin-tenants-common';
import type { Router } from 'express';
import type { TenantsCollector } from './types';

/**
 * What a source's routes get from the tenants plugin. Every route a source adds must check a
 * permission (`assertTenant` for one tenant's data).
 * @public
 */
export interface TenantsSourceRouteContext {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /**
   * The tenant `tenantId` from the inventory.
   * @throws NotFoundError (404) when there is no such tenant; InputError (400) for a malformed id.
   */
  loadTenant(tenantId: string): Promise<TenantSummary>;
  /** Tenant-scoped permission checks of the tenants plugin. */
  access: {
    /** Throws NotAllowedError (403) unless `credentials` may access `tenant` with `permission`. */
    assertTenant(
      permission: ResourcePermission<'tenants-tenant'>,
      credentials: BackstageCredentials,
      tenant: TenantSummary,
    ): Promise<void>;
  };
}

/**
 * A data source of the tenants plugin (inventory, spend, health, compliance, …): its step of the
 * refresh and its routes, mounted at the plugin root (`/api/tenants`). The source's settings,
 * store and tables are its own; it builds them before it is registered.
 * @public
 */
export interface TenantsSource {
  /** `spend`, `health`, … — unique; also the name of its collector in refresh runs. */
  id: string;
  /** Its step of the refresh, run after the inventory in registration order; absent → none. */
  collector?: TenantsCollector;
  /**
   * Builds its routes; absent → none. Declared as a method so that the built-in sources may
   * take the plugin's wider route context.
   */
  createRouter?(ctx: TenantsSourceRouteContext): Router | Promise<Router>;
}
