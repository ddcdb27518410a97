import type {
  AuditorService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import { startSandbox } from '@tenancy/aws-sandbox';
import { DefaultAwsClientFactory } from '@tenancy/plugin-tenants-node';
import { DefaultTenantsCollectorRegistry } from '../refresh/collectorRegistry';
import { InventoryCollector } from '../inventory/InventoryCollector';
import { TenantsRefresher } from '../refresh/TenantsRefresher';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';

/** An auditor that drops events (scripts) — tests pass their own. */
const quietAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

/** A logger that drops everything (scripts) — tests pass their own. */
export const quietLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return quietLogger;
  },
};

/**
 * The inventory refresh wired to a running AWS sandbox: real SDK clients through the client
 * factory (endpoint override), the real store. Used by the integration test and the benchmark
 * (so nothing here depends on jest).
 */
export async function createSandboxRefresh(options: {
  knex: Knex;
  tenants: number;
  seed?: number;
  logger?: LoggerService;
  auditor?: AuditorService;
}) {
  const sandbox = await startSandbox({
    port: 0,
    tenants: options.tenants,
    seed: options.seed ?? 1,
  });
  const config = new ConfigReader({
    aws: {
      mainAccount: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    },
    tenancy: {
      aws: {
        endpoint: sandbox.endpoint,
        region: 'us-east-1',
        managementAccountId: '000000000000',
        monitoringAccountId: '000000000001',
        securityAccountId: '000000000002',
      },
    },
  });
  const clients = DefaultAwsClientFactory.fromConfig(config);
  const database: DatabaseService = { getClient: async () => options.knex };
  const store = await KnexTenantsStore.create(database);
  const refresher = new TenantsRefresher({
    store,
    clients,
    inventory: new InventoryCollector({
      ouPath: '/Tenants',
      extraOuPaths: ['/Suspended'],
      tagsMaxAgeMs: 86_400_000,
      staleTagReadsPerRun: 20,
      tagConcurrency: 8,
    }),
    collectors: new DefaultTenantsCollectorRegistry(),
    logger: options.logger ?? quietLogger,
    auditor: options.auditor ?? quietAuditor,
    timeoutMs: 15 * 60_000,
  });
  return { sandbox, clients, store, refresher };
}
