import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  TenantsApiClient,
  tenantLifecycleOf,
  type TenantSpend,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { pollUntil } from '../poll';
import {
  type PortalServices,
  requestTenantsRefresh,
  TENANT_VENDED_TOPIC,
  tenantEntity,
} from '../registrar';

/**
 * What the portal shows for a tenant while it is offboarded: `offboarding` (ACTIVE, in the
 * suspended OU), `closing` (PENDING_CLOSURE), `closed` (SUSPENDED after CloseAccount, or
 * CLOSED), `active` (ACTIVE, outside the suspended OU: reinstated).
 * @public
 */
export type OffboardingState = 'offboarding' | 'closing' | 'closed' | 'active';

/** The portal's view of a tenant, as `tenancy:tenant:state` waits for it. */
export interface TenantPortalView {
  /** Organizations State the tenants backend holds, e.g. PENDING_CLOSURE. */
  state: string;
  ouPath: string;
  /** The shown state. */
  shown: OffboardingState | string;
}

/** Options of the portal calls: on behalf of the task's initiator, with progress lines. */
export interface TenantPortalOptions {
  credentials: BackstageCredentials;
  logger: LoggerService;
  timeoutSeconds: number;
  signal?: AbortSignal;
}

/**
 * The tenants backend and catalog as the offboarding actions use them.
 * @public
 */
export interface TenantPortal {
  /**
   * Refreshes the tenants inventory and waits until it shows the tenant as `want`, then makes
   * its Tenant entity follow at once and waits until the catalog shows the same account state.
   * @throws Error at the deadline naming the state last seen.
   */
  followState(
    tenant: { tenantId: string; accountId: string; want: OffboardingState },
    options: TenantPortalOptions & { suspendedOuPath: string },
  ): Promise<TenantPortalView>;
  /** The tenant's stored spend (`GET /api/tenants/tenants/:id/spend`). */
  readSpend(
    tenantId: string,
    options: Pick<TenantPortalOptions, 'credentials'>,
  ): Promise<TenantSpend>;
}

/** Drops the lines of the refresh requests after the first. */
const SILENT: LoggerService = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => SILENT,
};

/** Order of the offboarding states: waiting for one is done by any later one. */
const ORDER: Record<string, number> = { offboarding: 0, closing: 1, closed: 2 };

/**
 * True when the portal shows `want` or, for `closing`, the state after it (`closed`): AWS may
 * finish a closure between two refreshes.
 */
export function reached(shown: string, want: OffboardingState): boolean {
  if (shown === want) return true;
  return want === 'closing' && ORDER[shown] === ORDER.closed;
}

/** What the portal shows for a tenant row. */
export function shownState(
  t: Pick<TenantSummary, 'state' | 'ouPath' | 'tags'>,
  suspendedOuPath: string,
): string {
  const lifecycle = tenantLifecycleOf(t.state, t.tags);
  if (lifecycle !== 'active') return lifecycle;
  return t.ouPath === suspendedOuPath ? 'offboarding' : 'active';
}

/** The portal's {@link TenantPortal}: the tenants backend over HTTP, the catalog service, events. */
export class BackendTenantPortal implements TenantPortal {
  private readonly api: TenantsApiClient;

  constructor(private readonly deps: PortalServices) {
    this.api = new TenantsApiClient({ discoveryApi: deps.discovery });
  }

  private async token(credentials: BackstageCredentials) {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'tenants',
    });
    return token;
  }

  async readSpend(
    tenantId: string,
    options: Pick<TenantPortalOptions, 'credentials'>,
  ): Promise<TenantSpend> {
    return (await this.api.getTenantSpend(tenantId, {
      token: await this.token(options.credentials),
    })) as TenantSpend;
  }

  async followState(
    tenant: { tenantId: string; accountId: string; want: OffboardingState },
    options: TenantPortalOptions & { suspendedOuPath: string },
  ): Promise<TenantPortalView> {
    const { logger } = options;
    let looks = 0;
    const wait = <T>(
      what: string,
      check: () => Promise<[boolean, string, T]>,
    ) =>
      pollUntil<T>({
        what,
        check: async () => {
          const [done, status, value] = await check();
          return { done, status, value };
        },
        timeoutSeconds: options.timeoutSeconds,
        poll: this.deps.poll,
        clock: this.deps.clock,
        logger,
        signal: options.signal,
        onTimeout:
          'The change is made in AWS; the portal shows it after the next tenants refresh.',
      });
    const row = await wait<TenantSummary>(
      `Tenant ${tenant.tenantId} on /tenants`,
      async () => {
        // A refresh per look: the tenants backend answers the running one when there is one.
        await requestTenantsRefresh(
          this.deps,
          options.credentials,
          looks++ === 0 ? logger : SILENT,
        );
        const t = (await this.api.getTenant(tenant.tenantId, {
          token: await this.token(options.credentials),
        })) as TenantSummary;
        const shown = shownState(t, options.suspendedOuPath);
        return [reached(shown, tenant.want), `shown ${shown}`, t];
      },
    );
    const entity = tenantEntity({
      tenantId: row.tenantId,
      displayName: row.tags.displayName,
      accountId: row.accountId,
      accountName: row.accountName,
      owner: row.owner ?? 'group:default/platform-engineers',
      tier: row.tier ?? 'unassigned',
      ouPath: row.ouPath,
      regions: row.regions,
      state: row.state,
    });
    await this.deps.events?.publish({
      topic: TENANT_VENDED_TOPIC,
      eventPayload: { entity },
    });
    const entityRef = `tenant:default/${tenant.tenantId}`.toLocaleLowerCase(
      'en-US',
    );
    await wait<void>(`Tenant entity ${entityRef}`, async () => {
      const e = await this.deps.catalog.getEntityByRef(entityRef, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      });
      const state = (e?.spec as { state?: string } | undefined)?.state;
      return [state === row.state, `State ${state ?? 'none'}`, undefined];
    });
    return {
      state: row.state,
      ouPath: row.ouPath,
      shown: shownState(row, options.suspendedOuPath),
    };
  }
}
