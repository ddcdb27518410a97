import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCallMeter } from './AwsCallMeter';

/**
 * Builds every AWS SDK v3 client Tenancy uses, for the right central account, with one
 * credentials source (`@backstage/integration-aws-node`), the endpoint override
 * (`tenancy.aws.endpoint`), one retry policy and the call meter. Clients are cached per
 * (service, account, region).
 *
 * Rejects with an `Error` when no credentials are configured for the account.
 *
 * @public
 */
export interface AwsClientFactory {
  /** Organizations in the management account, region pinned to us-east-1. */
  organizations(): Promise<OrganizationsClient>;
  /** Cost Explorer in the management (payer) account, us-east-1. */
  costExplorer(): Promise<CostExplorerClient>;
  /** AWS Budgets in the management account, us-east-1. */
  budgets(): Promise<BudgetsClient>;
  /** CloudFormation (StackSets) in the StackSet admin account, default region. */
  cloudFormation(): Promise<CloudFormationClient>;
  /** CloudWatch in the monitoring account (cross-account observability sink). */
  cloudWatch(region?: string): Promise<CloudWatchClient>;
  /** CloudWatch Logs in the monitoring account (Logs Insights over the linked source accounts' log groups). */
  cloudWatchLogs(region?: string): Promise<CloudWatchLogsClient>;
  /** AWS Config in the security account (aggregator). */
  configService(region?: string): Promise<ConfigServiceClient>;
  /** GuardDuty in the security account (administrator). */
  guardDuty(region?: string): Promise<GuardDutyClient>;
  /** Step Functions in the management account. */
  sfn(region?: string): Promise<SFNClient>;
  /** STS with the main account's credentials. */
  sts(): Promise<STSClient>;
  /**
   * SQS in the account that holds the live-events queue (`accountId`, default the management
   * account) and the queue's region (default region).
   */
  sqs(accountId?: string, region?: string): Promise<SQSClient>;
  /** Calls made through every client of this factory, by `Service.Operation`, e.g. `Organizations.ListAccountsForParent`. */
  readonly meter: AwsCallMeter;
}

/**
 * The `tenancy.aws` settings the factory read, for actions that need to name accounts.
 *
 * @public
 */
export interface TenancyAwsSettings {
  /** Default region for regional clients. */
  region: string;
  /** Endpoint override (sandbox, LocalStack), or undefined for real AWS. */
  endpoint?: string;
  managementAccountId?: string;
  monitoringAccountId?: string;
  securityAccountId?: string;
  /** Account that administers the StackSets (default: management). */
  stackSetAdminAccountId?: string;
  /** `SELF` or `DELEGATED_ADMIN`, passed as `CallAs` to StackSet APIs. */
  stackSetCallAs: 'SELF' | 'DELEGATED_ADMIN';
  /** Attempts per call including the first. */
  maxAttempts: number;
}
