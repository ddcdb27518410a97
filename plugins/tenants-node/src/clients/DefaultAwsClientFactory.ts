import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { RetryStrategyV2 } from '@smithy/types';
import { AwsCallMeter, InMemoryAwsCallMeter, meterKey } from './AwsCallMeter';
import type { AwsClientFactory, TenancyAwsSettings } from './AwsClientFactory';
import {
  createTenancyRetryStrategy,
  DEFAULT_AWS_MAX_ATTEMPTS,
} from './retryStrategy';
import { readStackSetCallAs } from '../config/readers';

/** Options of {@link DefaultAwsClientFactory.fromConfig}. @public */
export interface DefaultAwsClientFactoryOptions {
  /** Credentials source; default `DefaultAwsCredentialsManager.fromConfig(config)`. */
  credentialsManager?: AwsCredentialsManager;
  /** Call meter; default a fresh in-memory meter. */
  meter?: AwsCallMeter;
  /** Retry strategy shared by every client (tests); default one {@link createTenancyRetryStrategy} per client with `tenancy.aws.maxAttempts`, so each client has its own retry quota as the SDK's do. */
  retryStrategy?: RetryStrategyV2;
  /** SDK request handler (tests inject a fake HTTP handler). */
  requestHandler?: unknown;
}

type AnyClient = {
  middlewareStack: {
    add(mw: unknown, opts: Record<string, unknown>): void;
  };
};

const US_EAST_1 = 'us-east-1';
const USER_AGENT = 'tenancy';

/**
 * The {@link AwsClientFactory} built from app-config (`aws.*` for credentials, `tenancy.aws.*`
 * for accounts, endpoint, region and retries).
 *
 * Credentials per account: an `aws.accounts` entry for the account wins; otherwise the main
 * account's credentials are used for the management account, and `aws.accountDefaults.roleName`
 * (assumed from the main account) for the other central accounts. Without a role name every
 * central account uses the main account's credentials (the sandbox setup).
 *
 * @public
 */
export class DefaultAwsClientFactory implements AwsClientFactory {
  readonly meter: AwsCallMeter;
  readonly settings: TenancyAwsSettings;
  readonly #credentials: AwsCredentialsManager;
  readonly #explicitAccounts: Set<string>;
  readonly #hasRoleDefault: boolean;
  readonly #retryStrategy: () => RetryStrategyV2;
  readonly #requestHandler: unknown;
  readonly #cache = new Map<string, Promise<unknown>>();

  /**
   * Reads `aws` and `tenancy.aws` from config.
   * @throws Error when `aws` credentials config is invalid.
   */
  static fromConfig(
    config: Config,
    options: DefaultAwsClientFactoryOptions = {},
  ): DefaultAwsClientFactory {
    const aws = config.getOptionalConfig('tenancy.aws');
    const callAs = readStackSetCallAs(config);
    const maxAttempts =
      aws?.getOptionalNumber('maxAttempts') ?? DEFAULT_AWS_MAX_ATTEMPTS;
    const settings: TenancyAwsSettings = {
      region: aws?.getOptionalString('region') ?? US_EAST_1,
      endpoint: aws?.getOptionalString('endpoint'),
      managementAccountId: aws?.getOptionalString('managementAccountId'),
      monitoringAccountId: aws?.getOptionalString('monitoringAccountId'),
      securityAccountId: aws?.getOptionalString('securityAccountId'),
      stackSetAdminAccountId: aws?.getOptionalString('stackSetAdminAccountId'),
      stackSetCallAs: callAs,
      maxAttempts,
    };
    const explicitAccounts = new Set(
      (config.getOptionalConfigArray('aws.accounts') ?? []).map(c =>
        c.getString('accountId'),
      ),
    );
    const hasRoleDefault = Boolean(
      config.getOptionalString('aws.accountDefaults.roleName'),
    );
    return new DefaultAwsClientFactory({
      settings,
      credentialsManager:
        options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
      meter: options.meter ?? new InMemoryAwsCallMeter(),
      retryStrategy: options.retryStrategy
        ? () => options.retryStrategy!
        : () =>
            createTenancyRetryStrategy({
              maxAttempts,
              baseDelayMs: aws?.getOptionalNumber('retryBaseDelayMs'),
            }),
      requestHandler: options.requestHandler,
      explicitAccounts,
      hasRoleDefault,
    });
  }

  private constructor(opts: {
    settings: TenancyAwsSettings;
    credentialsManager: AwsCredentialsManager;
    meter: AwsCallMeter;
    retryStrategy: () => RetryStrategyV2;
    requestHandler: unknown;
    explicitAccounts: Set<string>;
    hasRoleDefault: boolean;
  }) {
    this.settings = opts.settings;
    this.#credentials = opts.credentialsManager;
    this.meter = opts.meter;
    this.#retryStrategy = opts.retryStrategy;
    this.#requestHandler = opts.requestHandler;
    this.#explicitAccounts = opts.explicitAccounts;
    this.#hasRoleDefault = opts.hasRoleDefault;
  }

  organizations(): Promise<OrganizationsClient> {
    return this.#client(
      'organizations',
      this.settings.managementAccountId,
      US_EAST_1,
      c => new OrganizationsClient(c),
    );
  }

  costExplorer(): Promise<CostExplorerClient> {
    return this.#client(
      'costExplorer',
      this.settings.managementAccountId,
      US_EAST_1,
      c => new CostExplorerClient(c),
    );
  }

  budgets(): Promise<BudgetsClient> {
    return this.#client(
      'budgets',
      this.settings.managementAccountId,
      US_EAST_1,
      c => new BudgetsClient(c),
    );
  }

  cloudFormation(): Promise<CloudFormationClient> {
    const account =
      this.settings.stackSetAdminAccountId ?? this.settings.managementAccountId;
    return this.#client(
      'cloudFormation',
      account,
      this.settings.region,
      c => new CloudFormationClient(c),
    );
  }

  cloudWatch(region?: string): Promise<CloudWatchClient> {
    return this.#client(
      'cloudWatch',
      this.settings.monitoringAccountId,
      region ?? this.settings.region,
      c => new CloudWatchClient(c),
    );
  }

  cloudWatchLogs(region?: string): Promise<CloudWatchLogsClient> {
    return this.#client(
      'cloudWatchLogs',
      this.settings.monitoringAccountId,
      region ?? this.settings.region,
      c => new CloudWatchLogsClient(c),
    );
  }

  configService(region?: string): Promise<ConfigServiceClient> {
    return this.#client(
      'configService',
      this.settings.securityAccountId,
      region ?? this.settings.region,
      c => new ConfigServiceClient(c),
    );
  }

  guardDuty(region?: string): Promise<GuardDutyClient> {
    return this.#client(
      'guardDuty',
      this.settings.securityAccountId,
      region ?? this.settings.region,
      c => new GuardDutyClient(c),
    );
  }

  sfn(region?: string): Promise<SFNClient> {
    return this.#client(
      'sfn',
      this.settings.managementAccountId,
      region ?? this.settings.region,
      c => new SFNClient(c),
    );
  }

  sts(): Promise<STSClient> {
    return this.#client(
      'sts',
      undefined,
      this.settings.region,
      c => new STSClient(c),
    );
  }

  sqs(accountId?: string, region?: string): Promise<SQSClient> {
    return this.#client(
      'sqs',
      accountId ?? this.settings.managementAccountId,
      region ?? this.settings.region,
      c => new SQSClient(c),
    );
  }

  async #credentialsFor(
    accountId: string | undefined,
  ): Promise<AwsCredentialIdentityProvider> {
    const useAccount =
      accountId !== undefined &&
      (this.#explicitAccounts.has(accountId) ||
        (this.#hasRoleDefault &&
          accountId !== this.settings.managementAccountId));
    const provider = await this.#credentials.getCredentialProvider(
      useAccount ? { accountId } : undefined,
    );
    return provider.sdkCredentialProvider;
  }

  #client<T extends object>(
    service: string,
    accountId: string | undefined,
    region: string,
    build: (clientConfig: Record<string, unknown>) => T,
  ): Promise<T> {
    const key = `${service}|${accountId ?? 'main'}|${region}`;
    let cached = this.#cache.get(key) as Promise<T> | undefined;
    if (!cached) {
      cached = this.#credentialsFor(accountId).then(credentials => {
        const client = build({
          region,
          credentials,
          customUserAgent: USER_AGENT,
          retryStrategy: this.#retryStrategy(),
          ...(this.settings.endpoint
            ? { endpoint: this.settings.endpoint }
            : {}),
          ...(this.#requestHandler
            ? { requestHandler: this.#requestHandler }
            : {}),
        });
        this.#addMeter(client as unknown as AnyClient);
        return client;
      });
      cached.catch(() => this.#cache.delete(key));
      this.#cache.set(key, cached);
    }
    return cached;
  }

  #addMeter(client: AnyClient) {
    const meter = this.meter;
    client.middlewareStack.add(
      (
          next: (args: unknown) => Promise<unknown>,
          context: { clientName?: string; commandName?: string },
        ) =>
        async (args: unknown) => {
          meter.record(
            meterKey(
              context.clientName ?? 'Unknown',
              context.commandName ?? 'Unknown',
            ),
          );
          return next(args);
        },
      { step: 'initialize', name: 'tenancyCallMeter', override: true },
    );
  }
}
