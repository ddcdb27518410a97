import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import type { Router } from 'express';
import type { TenantAccess } from '../permissions/TenantAccess';
import type { TenantsStore } from '../store/types';

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
 * What every route module of the tenants router gets. The spend, health and compliance routes
 * are sub-routers built from this context.
 * @public
 */
export interface TenantsRouteContext {
  store: TenantsStore;
  access: TenantAccess;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  refresh: RefreshRequester;
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
