import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** What the vending actions record for a tenant's Activity tab. @public */
export interface VendingActivity {
  tenantId: string;
  /** Short text for a person, e.g. `Account 222222222222 created (tenancy:account:create)`. */
  summary: string;
  taskId?: string;
  actor?: string;
}

/**
 * Records vending activity with the tenants backend (`POST /api/tenants/activity`).
 * Best effort: never throws, a failure is logged at debug level.
 * @public
 */
export interface ActivityRecorder {
  record(activity: VendingActivity): Promise<void>;
}

/** The recorder that posts to the tenants backend. */
export class TenantsBackendActivityRecorder implements ActivityRecorder {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      timeoutMs?: number;
    },
  ) {}

  async record(activity: VendingActivity): Promise<void> {
    try {
      const baseUrl = await this.deps.discovery.getBaseUrl('tenants');
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'tenants',
      });
      const res = await fetch(`${baseUrl}/activity`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ kind: 'vending', ...activity }),
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5000),
      });
      if (!res.ok) {
        this.deps.logger.debug(
          `Tenant activity not recorded: tenants backend answered ${res.status}`,
        );
      }
    } catch (e) {
      this.deps.logger.debug(
        `Tenant activity not recorded: ${(e as Error).message}`,
      );
    }
  }
}
