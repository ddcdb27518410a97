import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  TenantsApiClient,
  type TenantsApiReleaseStartInput,
} from '@tenancy/plugin-tenants-common';

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
  /**
   * Records who started the release operations whose ids (StackSet OperationIds, execution
   * names) start with `operationPrefix` (`POST /api/tenants/releases/starts`), for the
   * Deployments history's who. Best effort, as `record`.
   */
  recordReleaseStart(start: TenantsApiReleaseStartInput): Promise<void>;
}

/** The recorder that posts to the tenants backend through its typed `TenantsApiClient`. */
export class TenantsBackendActivityRecorder implements ActivityRecorder {
  private readonly api: TenantsApiClient;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      timeoutMs?: number;
    },
  ) {
    this.api = new TenantsApiClient({ discoveryApi: deps.discovery });
  }

  async record(activity: VendingActivity): Promise<void> {
    await this.#send('Tenant activity', (api, options) =>
      api.recordActivity({ kind: 'vending', ...activity }, options),
    );
  }

  async recordReleaseStart(start: TenantsApiReleaseStartInput): Promise<void> {
    await this.#send('Release start', (api, options) =>
      api.recordReleaseStart(start, options),
    );
  }

  /** Sends one request with a plugin-to-plugin token; a failure is logged at debug level. */
  async #send(
    what: string,
    call: (
      api: TenantsApiClient,
      options: { token: string; signal: AbortSignal },
    ) => Promise<unknown>,
  ): Promise<void> {
    try {
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'tenants',
      });
      await call(this.api, {
        token,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5000),
      });
    } catch (e) {
      this.deps.logger.debug(
        `${what} not recorded: ${
          e instanceof ResponseError
            ? `tenants backend answered ${e.statusCode}`
            : (e as Error).message
        }`,
      );
    }
  }
}
