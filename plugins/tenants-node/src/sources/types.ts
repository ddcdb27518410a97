import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Tenant } from '@tenancy/plugin-tenants-common';
import type { AwsClientFactory } from '../clients';

/**
 * A per-tenant (or per-collector) problem of a refresh run. One tenant's failure is reported
 * here and never fails the run.
 * @public
 */
export interface CollectorError {
  tenantId?: string;
  accountId?: string;
  /**
   * The collector's source that failed (e.g. `guardDuty`) when one source failed alone: its
   * values keep their last value, marked stale; the collector's other sources refreshed.
   */
  source?: string;
  message: string;
}

/**
 * What a collector gets for one refresh run.
 * @public
 */
export interface CollectorContext {
  /** Id of the refresh run. */
  runId: string;
  /** The tenants as the inventory of this run found them. */
  tenants: Tenant[];
  /** The AWS client factory; every call through it is counted into the run's `awsCalls`. */
  clients: AwsClientFactory;
  logger: LoggerService;
  /** Start of the run (UTC). */
  now: Date;
  /**
   * Parent id (OU `ou-…` or root `r-…`) of every OU the inventory walked in this run, so that
   * collectors need no ListParents for them.
   */
  ouParents?: ReadonlyMap<string, string>;
  /** Records a problem with one tenant (or the collector) on the run; never throws. */
  reportError(e: CollectorError): void;
  /** Aborted when the run exceeds `tenancy.refresh.timeout` or the backend shuts down. */
  signal?: AbortSignal;
}

/**
 * A step of the refresh that runs after the inventory: spend, health, compliance. It writes its
 * own results to the store. A thrown error is recorded on the run as that collector's error;
 * the other collectors still run.
 * @public
 */
export interface TenantsCollector {
  /** `spend`, `health`, `compliance`, … (unique). */
  name: string;
  collect(ctx: CollectorContext): Promise<void>;
}

/**
 * The collectors the refresh runs after the inventory, in registration order.
 * @public
 */
export interface TenantsCollectorRegistry {
  /** Adds a collector; throws when one with the same name is registered. */
  register(collector: TenantsCollector): void;
  /** The registered collectors, in registration order. */
  list(): TenantsCollector[];
}
