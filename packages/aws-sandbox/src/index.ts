/**
 * A local AWS-compatible endpoint for the Tenancy demo, integration tests and benchmarks
 * (development and tests only; never point it at anything real).
 *
 * In process: {@link startSandbox}. As a child process (scripts, benchmarks):
 * {@link startSandboxProcess}.
 *
 * @packageDocumentation
 */
export { startSandbox } from './sandbox';
export type { RunningSandbox } from './sandbox';
export { startSandboxProcess } from './sandboxProcess';
export type { SandboxProcess, SandboxProcessOptions } from './sandboxProcess';
export type {
  SandboxOptions,
  SandboxDurations,
  SandboxLimits,
  ResolvedSandboxOptions,
} from './core/options';
export { DEMO_DURATIONS } from './core/options';
export { createClock, DEFAULT_SANDBOX_TIME } from './core/clock';
export type { SandboxClock } from './core/clock';
export {
  FaultController,
  AWS_LIKE_RATE_LIMITS,
  EMAIL_FAILURE_SUFFIXES,
  throttlingError,
} from './core/faults';
export type {
  FaultRule,
  RateLimitRule,
  ActiveFaultRule,
  FaultTarget,
} from './core/faults';
export type { SandboxStats } from './core/runtime';
export { AwsServiceError } from './core/errors';
export type {
  AwsServiceErrorOptions,
  ThrottlingErrorShape,
} from './core/errors';
export type {
  AwsProtocol,
  OperationContext,
  OperationHandler,
  OperationInput,
  OperationOutput,
  RestRoute,
  ServiceDefinition,
} from './core/service';
export { SandboxData, defineDataSlot } from './core/context';
export type { DataSlot } from './core/context';
export * from './core/organization/organization';
export { createRng, hash32 } from './core/random';
export type { Rng } from './core/random';
export { SANDBOX_OWNER_TEAMS } from './core/organization/names';
export { SANDBOX_EMAIL_DOMAIN } from './core/organization/generate';
export type * from './core/state';
export { SANDBOX_STATE_MACHINES } from './services/sfn';
// Names and limits the data services answer with.
export { CE_GROUPS_PER_PAGE } from './services/costExplorer/ceRequest';
export {
  MAX_METRIC_DATA_QUERIES,
  MAX_DATAPOINTS,
} from './services/cloudWatch/getMetricData';
export { ALARM_REGION } from './services/cloudWatch/alarms';
export {
  CONFIG_AGGREGATOR_NAME,
  CONFIG_AGGREGATOR_REGION,
} from './services/config/configAggregator';
