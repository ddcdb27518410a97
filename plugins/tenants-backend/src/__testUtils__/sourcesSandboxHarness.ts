/*
 * Test and benchmark harness: the real refresh (inventory + spend, health, compliance, deployments collectors)
 * against a running @tenancy/aws-sandbox, on a knex database. Not part of the plugin's runtime.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigReader } from '@backstage/config';
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  DefaultAwsClientFactory,
  InMemoryAwsCallMeter,
  createGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import type { Knex } from 'knex';
import { DefaultTenantsCollectorRegistry } from '../refresh/collectorRegistry';
import { InventoryCollector } from '../inventory/InventoryCollector';
import { TenantsRefresher } from '../refresh/TenantsRefresher';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import Router from 'express-promise-router';
import { createSpendSource } from '../spend';
import { createAlarmsSource, createHealthSource } from '../health';
import { createComplianceSource } from '../compliance';
import { createDeploymentsSource } from '../deployments';
import { createFinanceSource } from '../finance';
import type { TenantsSubRouterFactory } from '../routeContext';

const SANDBOX_KEYS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

type AwsCredentialsManager = NonNullable<
  NonNullable<
    Parameters<typeof DefaultAwsClientFactory.fromConfig>[1]
  >['credentialsManager']
>;
type AwsCredentialIdentity = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

/**
 * Credentials for the sandbox: the main keys for the management account and one AssumeRole
 * (sandbox STS) per central account, cached — role assumptions do not grow with N.
 */
export function sandboxCredentials(
  endpoint: string,
): AwsCredentialsManager & { assumed: () => number; forget: () => void } {
  const sts = new STSClient({
    endpoint,
    region: 'us-east-1',
    credentials: SANDBOX_KEYS,
    maxAttempts: 8,
  });
  const cache = new Map<string, Promise<AwsCredentialIdentity>>();
  const assume = (accountId: string) => {
    let creds = cache.get(accountId);
    if (!creds) {
      creds = sts
        .send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
            RoleSessionName: 'tenancy-refresh',
          }),
        )
        .then(r => ({
          accessKeyId: r.Credentials!.AccessKeyId!,
          secretAccessKey: r.Credentials!.SecretAccessKey!,
          sessionToken: r.Credentials!.SessionToken,
        }));
      cache.set(accountId, creds);
    }
    return creds;
  };
  return {
    assumed: () => cache.size,
    /** Drops the assumed roles (after a sandbox reset, which forgets its sessions). */
    forget: () => cache.clear(),
    async getCredentialProvider(opts?: { accountId?: string; arn?: string }) {
      const accountId = opts?.accountId;
      if (!accountId)
        return { sdkCredentialProvider: async () => SANDBOX_KEYS };
      await assume(accountId);
      return { accountId, sdkCredentialProvider: () => assume(accountId) };
    },
  };
}

/** App config pointing the tenants plugin at a sandbox endpoint (`regions`: `tenancy.aws.regions`). */
export function sandboxConfig(
  endpoint: string,
  extra: Record<string, unknown> = {},
  regions?: string[],
) {
  return new ConfigReader({
    aws: {
      mainAccount: SANDBOX_KEYS,
      accountDefaults: { roleName: 'OrganizationAccountAccessRole' },
    },
    tenancy: {
      aws: {
        endpoint,
        region: 'us-east-1',
        managementAccountId: '000000000000',
        monitoringAccountId: '000000000001',
        securityAccountId: '000000000002',
        retryBaseDelayMs: 2,
        maxAttempts: 10,
        ...(regions ? { regions } : {}),
      },
      ...extra,
    },
  });
}

const silentLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};

const noAuditor = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

/** A refresher wired like the plugin, on `knex`, against the sandbox at `endpoint`. */
export async function createSandboxRefresh(
  endpoint: string,
  knex: Knex,
  options: {
    /** Regions to read, default the config's one region. */
    regions?: string[];
    /** The collectors to register, default spend, health and compliance. */
    sources?: Array<
      'spend' | 'health' | 'compliance' | 'deployments' | 'finance'
    >;
    /** The clock of the finance routes (the sandbox's), default the system clock. */
    now?: () => Date;
    /** Other OUs holding tenants, e.g. `['/Suspended']`. */
    extraOuPaths?: string[];
    /** More `tenancy.*` config, e.g. `{ releases: { target: 'pipeline' } }`. */
    tenancy?: Record<string, unknown>;
  } = {},
) {
  const wanted = new Set(options.sources ?? ['spend', 'health', 'compliance']);
  const config = sandboxConfig(endpoint, options.tenancy, options.regions);
  const database: DatabaseService = { getClient: async () => knex };
  const store = await KnexTenantsStore.create(database);
  const meter = new InMemoryAwsCallMeter();
  const credentials = sandboxCredentials(endpoint);
  const clients = DefaultAwsClientFactory.fromConfig(config, {
    credentialsManager: credentials,
    meter,
  });
  const shared = { config, database, tenants: store };
  const sources = [
    ...(wanted.has('spend') ? [createSpendSource(shared)] : []),
    ...(wanted.has('health')
      ? [createAlarmsSource(shared), createHealthSource(shared)]
      : []),
    ...(wanted.has('compliance')
      ? [
          createComplianceSource({
            ...shared,
            guardrails: createGuardrailCatalog(() =>
              resolveGuardrailCatalogPath(config),
            ),
          }),
        ]
      : []),
    ...(wanted.has('deployments')
      ? [createDeploymentsSource({ ...shared, clients })]
      : []),
    ...(wanted.has('finance')
      ? [
          createFinanceSource({
            config,
            database,
            clients,
            tenants: store,
            now: options.now,
          }),
        ]
      : []),
  ];
  const collectors = new DefaultTenantsCollectorRegistry();
  sources.forEach(s => collectors.register(s.collector!));
  /** The spend, health and compliance routes. */
  const router: TenantsSubRouterFactory = async ctx => {
    const r = Router();
    for (const s of sources)
      if (s.createRouter) r.use(await s.createRouter(ctx));
    return r;
  };
  const refresher = new TenantsRefresher({
    store,
    clients,
    inventory: new InventoryCollector({
      ouPath: '/Tenants',
      ...(options.extraOuPaths ? { extraOuPaths: options.extraOuPaths } : {}),
      tagsMaxAgeMs: 24 * 3600_000,
      staleTagReadsPerRun: 20,
      tagConcurrency: 4,
    }),
    collectors,
    logger: silentLogger,
    auditor: noAuditor,
    scheduler: { triggerTask: async () => {} },
    timeoutMs: 15 * 60_000,
  } as ConstructorParameters<typeof TenantsRefresher>[0]);
  return {
    store,
    meter,
    clients,
    credentials,
    refresher,
    router,
    config,
    sources,
  };
}
