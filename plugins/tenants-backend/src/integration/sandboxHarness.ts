import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startSandbox } from '@tenancy/aws-sandbox';
import { DefaultAwsClientFactory } from '@tenancy/plugin-tenants-node';
import { DefaultTenantsCollectorRegistry } from '../collectors/registry';
import { InventoryCollector } from '../inventory/InventoryCollector';
import { TenantsRefresher } from '../refresh/TenantsRefresher';
import { KnexTenantsStore } from '../store/KnexTenantsStore';
import { testAuditor } from '../routes/testApp';

/**
 * The inventory refresh wired to a running AWS sandbox: real SDK clients through the client
 * factory (endpoint override), the real store. For the integration test and the benchmark.
 */
export async function createSandboxRefresh(options: { knex: Knex; tenants: number; seed?: number }) {
  const sandbox = await startSandbox({ port: 0, tenants: options.tenants, seed: options.seed ?? 1 });
  const config = new ConfigReader({
    aws: { mainAccount: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } },
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
  const store = await KnexTenantsStore.create(mockServices.database({ knex: options.knex }));
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
    logger: mockServices.logger.mock(),
    auditor: testAuditor(),
    timeoutMs: 15 * 60_000,
  });
  return { sandbox, clients, store, refresher };
}
