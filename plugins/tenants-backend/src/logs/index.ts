import type { CacheService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { BuiltInTenantsSource } from '../routeContext';
import { createLogsRouter } from './routes';
import { readLogsSettings } from './settings';
import { TenantLogs } from './TenantLogs';

/**
 * The logs source: a tenant's recent errors and top error messages from CloudWatch Logs
 * Insights in the monitoring account, queried on request (no collector, no table):
 * `GET /tenants/:tenantId/logs/recent-errors` and `…/logs/top-messages` (`tenants.logs.read`).
 * @throws Error naming the key when a `tenancy.logs.*` setting is not positive.
 */
export function createLogsSource(deps: {
  config: Config;
  clients: AwsClientFactory;
  cache?: CacheService;
  /** The clock; default the system clock (tests pass the sandbox's). */
  now?: () => Date;
}): BuiltInTenantsSource {
  const logs = new TenantLogs({
    clients: deps.clients,
    settings: readLogsSettings(deps.config),
    cache: deps.cache,
    now: deps.now,
  });
  return { id: 'logs', createRouter: createLogsRouter({ logs }) };
}
