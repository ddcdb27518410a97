/**
 * AWS service names exactly as Cost Explorer's SERVICE dimension spells them, with the
 * shape of their typical daily spend.
 */

/** One billable AWS service. */
export interface BilledService {
  /** Cost Explorer SERVICE value. */
  name: string;
  /** Median daily cost for a standard-tier tenant, in cents. */
  dailyCents: number;
  /** Weekend multiplier (compute and requests drop, storage does not). */
  weekend: number;
  /** Whether the spend can carry the `tenant` cost-allocation tag. */
  taggable: boolean;
  /** True for global services billed in the `global` region. */
  global?: boolean;
  /** Every tenant account runs it (the baseline or the metrics need it). */
  core?: boolean;
}

/** The services of the sandbox; the first entries are in every account. */
export const BILLED_SERVICES: readonly BilledService[] = [
  {
    name: 'AWS Lambda',
    dailyCents: 420,
    weekend: 0.7,
    taggable: true,
    core: true,
  },
  {
    name: 'Amazon API Gateway',
    dailyCents: 310,
    weekend: 0.7,
    taggable: true,
    core: true,
  },
  {
    name: 'Amazon DynamoDB',
    dailyCents: 520,
    weekend: 0.8,
    taggable: true,
    core: true,
  },
  {
    name: 'Amazon Simple Storage Service',
    dailyCents: 260,
    weekend: 1,
    taggable: true,
    core: true,
  },
  {
    name: 'AmazonCloudWatch',
    dailyCents: 140,
    weekend: 0.95,
    taggable: false,
    core: true,
  },
  {
    name: 'AWS Config',
    dailyCents: 60,
    weekend: 1,
    taggable: false,
    core: true,
  },
  {
    name: 'Amazon GuardDuty',
    dailyCents: 75,
    weekend: 0.9,
    taggable: false,
    core: true,
  },
  {
    name: 'AWS CloudTrail',
    dailyCents: 20,
    weekend: 1,
    taggable: false,
    core: true,
  },
  {
    name: 'AWS Key Management Service',
    dailyCents: 35,
    weekend: 1,
    taggable: false,
    core: true,
  },
  {
    name: 'Amazon Virtual Private Cloud',
    dailyCents: 110,
    weekend: 1,
    taggable: true,
    core: true,
  },
  {
    name: 'Amazon Elastic Compute Cloud - Compute',
    dailyCents: 1800,
    weekend: 0.9,
    taggable: true,
  },
  { name: 'EC2 - Other', dailyCents: 380, weekend: 1, taggable: true },
  {
    name: 'Amazon Relational Database Service',
    dailyCents: 1100,
    weekend: 1,
    taggable: true,
  },
  {
    name: 'Amazon CloudFront',
    dailyCents: 230,
    weekend: 0.8,
    taggable: true,
    global: true,
  },
  {
    name: 'Elastic Load Balancing',
    dailyCents: 190,
    weekend: 1,
    taggable: true,
  },
  {
    name: 'Amazon Simple Queue Service',
    dailyCents: 45,
    weekend: 0.7,
    taggable: true,
  },
  {
    name: 'Amazon Simple Notification Service',
    dailyCents: 18,
    weekend: 0.7,
    taggable: true,
  },
  { name: 'AWS Secrets Manager', dailyCents: 13, weekend: 1, taggable: true },
  {
    name: 'Amazon Route 53',
    dailyCents: 17,
    weekend: 1,
    taggable: true,
    global: true,
  },
  { name: 'Amazon ElastiCache', dailyCents: 640, weekend: 1, taggable: true },
  {
    name: 'Amazon Elastic Container Service',
    dailyCents: 520,
    weekend: 0.9,
    taggable: true,
  },
  {
    name: 'Amazon EC2 Container Registry (ECR)',
    dailyCents: 22,
    weekend: 1,
    taggable: true,
  },
  {
    name: 'Amazon Elastic Kubernetes Service',
    dailyCents: 240,
    weekend: 1,
    taggable: true,
  },
  { name: 'AWS Step Functions', dailyCents: 55, weekend: 0.7, taggable: true },
  { name: 'Amazon Kinesis', dailyCents: 290, weekend: 0.9, taggable: true },
  {
    name: 'Amazon OpenSearch Service',
    dailyCents: 870,
    weekend: 1,
    taggable: true,
  },
  {
    name: 'AWS WAF',
    dailyCents: 95,
    weekend: 0.9,
    taggable: true,
    global: true,
  },
  { name: 'AWS Glue', dailyCents: 330, weekend: 0.5, taggable: true },
  { name: 'Amazon Athena', dailyCents: 85, weekend: 0.4, taggable: true },
  { name: 'Amazon Cognito', dailyCents: 120, weekend: 0.8, taggable: true },
  { name: 'AWS Backup', dailyCents: 140, weekend: 1, taggable: true },
  {
    name: 'Amazon Elastic File System',
    dailyCents: 160,
    weekend: 1,
    taggable: true,
  },
  { name: 'AWS Systems Manager', dailyCents: 12, weekend: 1, taggable: false },
  { name: 'Amazon EventBridge', dailyCents: 16, weekend: 0.7, taggable: true },
  { name: 'AWS X-Ray', dailyCents: 28, weekend: 0.7, taggable: true },
  {
    name: 'Amazon Simple Email Service',
    dailyCents: 33,
    weekend: 0.6,
    taggable: true,
  },
  { name: 'AWS Security Hub', dailyCents: 48, weekend: 1, taggable: false },
  { name: 'Amazon Inspector', dailyCents: 52, weekend: 1, taggable: false },
  { name: 'Amazon Redshift', dailyCents: 2100, weekend: 1, taggable: true },
  { name: 'Amazon SageMaker', dailyCents: 1350, weekend: 0.6, taggable: true },
  { name: 'Amazon Bedrock', dailyCents: 760, weekend: 0.5, taggable: true },
  { name: 'Amazon MQ', dailyCents: 210, weekend: 1, taggable: true },
  { name: 'AWS Transfer Family', dailyCents: 720, weekend: 1, taggable: true },
  { name: 'Amazon Macie', dailyCents: 64, weekend: 1, taggable: false },
  { name: 'AWS Data Transfer', dailyCents: 150, weekend: 0.8, taggable: false },
];

/** Services that only shared (security, infrastructure, monitoring, management) accounts run. */
export const SHARED_ONLY_SERVICES: readonly BilledService[] = [
  {
    name: 'AWS Support (Business)',
    dailyCents: 3300,
    weekend: 1,
    taggable: false,
    global: true,
  },
  {
    name: 'AWS Cost Explorer',
    dailyCents: 40,
    weekend: 0.3,
    taggable: false,
    global: true,
  },
  {
    name: 'AWS Organizations',
    dailyCents: 0,
    weekend: 1,
    taggable: false,
    global: true,
  },
];

/** The pseudo-service under which Cost Explorer reports tax. */
export const TAX_SERVICE = 'Tax';

/** Every SERVICE value the sandbox can report, in a stable order. */
export const ALL_SERVICE_NAMES: readonly string[] = [
  ...BILLED_SERVICES.map(s => s.name),
  ...SHARED_ONLY_SERVICES.map(s => s.name),
  TAX_SERVICE,
];

/** The regions the organization's workloads run in (the approved regions of the guardrails). */
export const WORKLOAD_REGIONS = [
  'us-east-1',
  'eu-west-1',
  'eu-central-1',
] as const;

/** Record types the sandbox produces (Cost Explorer RECORD_TYPE values). */
export const RECORD_TYPES = [
  'Credit',
  'DiscountedUsage',
  'Refund',
  'Tax',
  'Upfront reservation fee',
  'Usage',
] as const;

/** One of {@link RECORD_TYPES}. */
export type RecordType = (typeof RECORD_TYPES)[number];
