/**
 * Cost Explorer USAGE_TYPE values of the sandbox's line items: each service line bills one
 * usage type, spelled as AWS spells it, with AWS's region prefix (`EU-` for eu-west-1, `EUC1-`
 * for eu-central-1, none for us-east-1 and global services). Enough variety for the fixed-cost
 * footprint's classification (guardrails/cost-classes.yaml): instance hours, NAT gateway hours,
 * load balancer hours, provisioned capacity, next to requests, GB-seconds and storage.
 */
import { ALL_SERVICE_NAMES } from './serviceCatalog';
import type { RecordType } from './serviceCatalog';

/** AWS's usage-type region prefixes of the sandbox's regions. */
export const USAGE_TYPE_REGION_PREFIX: Readonly<Record<string, string>> = {
  'us-east-1': '',
  'us-east-2': 'USE2-',
  'us-west-2': 'USW2-',
  'eu-west-1': 'EU-',
  'eu-central-1': 'EUC1-',
  global: '',
};

/** The usage type each service line bills (one per service, a typical one). */
const BASE_USAGE_TYPE: Readonly<Record<string, string>> = {
  'AWS Lambda': 'Lambda-GB-Second',
  'Amazon API Gateway': 'ApiGatewayRequest',
  'Amazon DynamoDB': 'ReadRequestUnits',
  'Amazon Simple Storage Service': 'TimedStorage-ByteHrs',
  AmazonCloudWatch: 'CW:MetricMonitorUsage',
  'AWS Config': 'ConfigurationItemRecorded',
  'Amazon GuardDuty': 'PaidEventsAnalyzed',
  'AWS CloudTrail': 'PaidEventsRecorded',
  'AWS Key Management Service': 'KMS-Keys',
  'Amazon Virtual Private Cloud': 'PublicIPv4:InUseAddress',
  'Amazon Elastic Compute Cloud - Compute': 'BoxUsage:m5.large',
  'EC2 - Other': 'NatGateway-Hours',
  'Amazon Relational Database Service': 'InstanceUsage:db.t3.medium',
  'Amazon CloudFront': 'DataTransfer-Out-Bytes',
  'Elastic Load Balancing': 'LoadBalancerUsage',
  'Amazon Simple Queue Service': 'Requests-Tier1',
  'Amazon Simple Notification Service': 'Requests-Tier1',
  'AWS Secrets Manager': 'AWSSecretsManager-Secrets',
  'Amazon Route 53': 'HostedZone',
  'Amazon ElastiCache': 'NodeUsage:cache.t3.medium',
  'Amazon Elastic Container Service': 'Fargate-vCPU-Hours:perCPU',
  'Amazon EC2 Container Registry (ECR)': 'TimedStorage-ByteHrs',
  'Amazon Elastic Kubernetes Service': 'AmazonEKS-Hours:perCluster',
  'AWS Step Functions': 'StateTransition',
  'Amazon Kinesis': 'Storage-ShardHour',
  'Amazon OpenSearch Service': 'ESInstance:t3.medium',
  'AWS WAF': 'Request',
  'AWS Glue': 'Crawler-DPU-Hour',
  'Amazon Athena': 'DataScannedInTB',
  'Amazon Cognito': 'CognitoUserPoolsMAU',
  'AWS Backup': 'WarmStorage-ByteHrs-EFS',
  'Amazon Elastic File System': 'TimedStorage-ByteHrs',
  'AWS Systems Manager': 'PS-Advanced-Param-Tier1',
  'Amazon EventBridge': 'Event-64K-Chunks',
  'AWS X-Ray': 'XRay-TracesStored',
  'Amazon Simple Email Service': 'Message',
  'AWS Security Hub': 'PaidComplianceCheck',
  'Amazon Inspector': 'Inspector2-EC2InstanceScan',
  'Amazon Redshift': 'Node:ra3.xlplus',
  'Amazon SageMaker': 'Hosting:ml.m5.large',
  'Amazon Bedrock': 'InputTokenCount',
  'Amazon MQ': 'BrokerUsage:mq.m5.large',
  'AWS Transfer Family': 'ProtocolHours',
  'Amazon Macie': 'SensitiveDataDiscovery',
  'AWS Data Transfer': 'DataTransfer-Regional-Bytes',
  'AWS Support (Business)': 'Dollar',
  'AWS Cost Explorer': 'APIRequest',
  'AWS Organizations': 'Organizations-Usage',
};

/** USAGE_TYPE of a line item with no usage (tax): Cost Explorer's placeholder. */
export const NO_USAGE_TYPE = 'NoUsageType';

/**
 * The USAGE_TYPE of a line item: the service's usage type with the region's prefix; tax and an
 * RI's upfront fee carry none of their own.
 */
export function usageTypeOf(
  serviceIndex: number,
  region: string,
  recordType: RecordType,
): string {
  if (recordType === 'Tax') return NO_USAGE_TYPE;
  const base = BASE_USAGE_TYPE[ALL_SERVICE_NAMES[serviceIndex]];
  if (!base) return NO_USAGE_TYPE;
  if (recordType === 'Upfront reservation fee')
    return `${USAGE_TYPE_REGION_PREFIX[region] ?? ''}HeavyUsage:m5.large`;
  return `${USAGE_TYPE_REGION_PREFIX[region] ?? ''}${base}`;
}
