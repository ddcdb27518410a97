import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { TenantsApiClient } from '@tenancy/plugin-tenants-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import type { ActionClock } from './clock';
import { pollUntil } from './poll';

/** Event topic published when a tenant was vended; the Tenant entity provider may upsert at once. @public */
export const TENANT_VENDED_TOPIC = 'tenancy.tenant.vended';

/** The vended tenant, as registered in the catalog. @public */
export interface TenantRegistration {
  tenantId: string;
  displayName?: string;
  accountId: string;
  accountName: string;
  /** Owner group entity ref, e.g. `group:default/team-acme`. */
  owner: string;
  tier: string;
  /** Path of the account's OU, e.g. `/Tenants/premium`. */
  ouPath: string;
  regions: string[];
  /** Organizations `Account.State`; default ACTIVE (a vended account). */
  state?: string;
}

/** Result of {@link TenantRegistrar.register}. @public */
export interface TenantRegistrationResult {
  /** `tenant:default/<tenantId>`. */
  entityRef: string;
  /** UID of the entity in the catalog. */
  uid: string;
}

/**
 * Makes the Tenant entity of a newly vended tenant appear in the catalog now.
 * @public
 */
export interface TenantRegistrar {
  register(
    tenant: TenantRegistration,
    options: {
      credentials: BackstageCredentials;
      logger: LoggerService;
      timeoutSeconds: number;
      signal?: AbortSignal;
    },
  ): Promise<TenantRegistrationResult>;
}

/** The Tenant entity of a registration (kind Tenant, apiVersion tenancy.dev/v1alpha1). @public */
export function tenantEntity(t: TenantRegistration): Entity {
  return {
    apiVersion: 'tenancy.dev/v1alpha1',
    kind: 'Tenant',
    metadata: {
      name: t.tenantId,
      ...(t.displayName ? { title: t.displayName } : {}),
      annotations: { 'tenancy.dev/account-id': t.accountId },
    },
    spec: {
      owner: t.owner,
      accountId: t.accountId,
      accountName: t.accountName,
      ouPath: t.ouPath,
      state: t.state ?? 'ACTIVE',
      tier: t.tier,
      regions: t.regions,
    },
  };
}

/** The portal services the registrar and the offboarding's tenant portal work with. */
export interface PortalServices {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  events?: EventsService;
  clock: ActionClock;
  poll: { initialSeconds: number; maxSeconds: number };
}

/**
 * The registrar of the portal: the Tenant entity comes from the catalog module's entity provider
 * (`catalogModuleTenants`), which follows the tenants inventory. To make it appear now, it
 * publishes {@link TENANT_VENDED_TOPIC} (with the entity) for the provider, asks the tenants
 * backend for an inventory refresh (`POST /api/tenants/refresh`, on behalf of the task's user)
 * and waits until the catalog has the entity.
 */
export class CatalogTenantRegistrar implements TenantRegistrar {
  constructor(private readonly deps: PortalServices) {}

  async register(
    tenant: TenantRegistration,
    options: {
      credentials: BackstageCredentials;
      logger: LoggerService;
      timeoutSeconds: number;
      signal?: AbortSignal;
    },
  ): Promise<TenantRegistrationResult> {
    const entityRef = `tenant:default/${tenant.tenantId}`.toLocaleLowerCase(
      'en-US',
    );
    const entity = tenantEntity(tenant);
    const { logger } = options;
    try {
      await this.deps.events?.publish({
        topic: TENANT_VENDED_TOPIC,
        eventPayload: { tenant, entity },
      });
    } catch (e) {
      logger.warn(
        `Could not publish ${TENANT_VENDED_TOPIC}: ${(e as Error).message}`,
      );
    }
    await requestTenantsRefresh(this.deps, options.credentials, logger);
    const found = await pollUntil<Entity>({
      what: `Tenant entity ${entityRef}`,
      check: async () => {
        const e = await this.deps.catalog.getEntityByRef(entityRef, {
          credentials: await this.deps.auth.getOwnServiceCredentials(),
        });
        return {
          done: Boolean(e),
          status: e ? 'in the catalog' : 'not in the catalog yet',
          value: e,
        };
      },
      timeoutSeconds: options.timeoutSeconds,
      poll: this.deps.poll,
      clock: this.deps.clock,
      logger,
      signal: options.signal,
      onTimeout:
        'The account is vended; the entity appears with the next tenants refresh. Check that the catalog module catalogModuleTenants is installed and the tenants refresh succeeds (Tenants → refresh runs).',
    });
    const accountId = (found.spec as { accountId?: string } | undefined)
      ?.accountId;
    if (accountId && accountId !== tenant.accountId) {
      throw new Error(
        `The catalog already has ${entityRef} for account ${accountId}, not ${tenant.accountId}; choose another tenant id`,
      );
    }
    return { entityRef, uid: found.metadata.uid ?? '' };
  }
}

/**
 * Asks the tenants backend for an inventory refresh (`POST /api/tenants/refresh`) on behalf of
 * `credentials`; a refusal or an unreachable backend is logged as a warning, never thrown.
 */
export async function requestTenantsRefresh(
  deps: { auth: AuthService; discovery: DiscoveryService },
  credentials: BackstageCredentials,
  logger: LoggerService,
): Promise<void> {
  try {
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'tenants',
    });
    const { runId } = await new TenantsApiClient({
      discoveryApi: deps.discovery,
    }).startRefresh({ token, signal: AbortSignal.timeout(10_000) });
    logger.info(`Requested a tenants inventory refresh (run ${runId})`);
  } catch (e) {
    if (e instanceof ResponseError) {
      logger.warn(
        `The tenants backend answered ${e.statusCode} to the refresh request`,
      );
      return;
    }
    logger.warn(`Could not request a tenants refresh: ${(e as Error).message}`);
  }
}
