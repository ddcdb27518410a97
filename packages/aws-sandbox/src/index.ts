/**
 * A local AWS-compatible endpoint for the Tenancy demo, integration tests and benchmarks
 * (development and tests only; never point it at anything real).
 *
 * @packageDocumentation
 */
export { startSandbox } from './sandbox';
export type { RunningSandbox } from './sandbox';
export type {
  SandboxOptions,
  SandboxDurations,
  SandboxLimits,
  ResolvedSandboxOptions,
} from './options';
export { DEMO_DURATIONS } from './options';
export { createClock, DEFAULT_SANDBOX_TIME } from './clock';
export type { SandboxClock } from './clock';
export {
  FaultController,
  AWS_LIKE_RATE_LIMITS,
  EMAIL_FAILURE_SUFFIXES,
  throttlingError,
} from './faults';
export type { FaultRule, RateLimitRule, ActiveFaultRule } from './faults';
export type { SandboxStats } from './runtime';
export { AwsServiceError } from './types';
export type {
  AwsProtocol,
  AwsServiceErrorOptions,
  OperationContext,
  OperationHandler,
  OperationInput,
  OperationOutput,
  RestRoute,
  ServiceDefinition,
  ThrottlingErrorShape,
} from './types';
export * from './model/organization';
export { createRng, hash32 } from './model/random';
export type { Rng } from './model/random';
export { SANDBOX_OWNER_TEAMS } from './model/names';
export { SANDBOX_EMAIL_DOMAIN } from './model/generate';
export type * from './model/state';
export { SANDBOX_STATE_MACHINES } from './services/sfn';
// Billing and observability (part 2): names and limits the data services answer with.
export { CE_GROUPS_PER_PAGE } from './billing/ceRequest';
export {
  MAX_METRIC_DATA_QUERIES,
  MAX_DATAPOINTS,
} from './observability/getMetricData';
export { ALARM_REGION } from './observability/alarms';
export {
  CONFIG_AGGREGATOR_NAME,
  CONFIG_AGGREGATOR_REGION,
} from './observability/configAggregator';
