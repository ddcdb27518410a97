export type { AwsClientFactory, TenancyAwsSettings } from './AwsClientFactory';
export type { AwsCallMeter } from './AwsCallMeter';
export { InMemoryAwsCallMeter, meterKey } from './AwsCallMeter';
export {
  DefaultAwsClientFactory,
  type DefaultAwsClientFactoryOptions,
} from './DefaultAwsClientFactory';
export { awsClientFactoryServiceRef } from './awsClientFactoryServiceRef';
export {
  createTenancyRetryStrategy,
  DEFAULT_AWS_MAX_ATTEMPTS,
  EXTRA_RETRYABLE_ERROR_NAMES,
  type TenancyRetryStrategyOptions,
} from './retryStrategy';
