/**
 * Node library of the Tenancy plugins: the AWS client factory (credentials, endpoint override,
 * retries, call meter), pagination helpers, AWS → Backstage error mapping, the guardrail
 * catalog (loader and service), config readers, Organizations OU helpers, the tenants
 * sources extension point and the database service that serializes knex migrations across
 * replicas.
 *
 * @packageDocumentation
 */
export * from './clients';
export * from './config';
export * from './organizations';
export * from './sources';
export * from './database';
export {
  toBackstageError,
  isAwsError,
  AwsRoleMisconfiguredError,
} from './errors';
export {
  paginate,
  collectAll,
  chunk,
  type PaginateOptions,
} from './pagination';
export {
  loadGuardrailCatalog,
  parseGuardrailCatalog,
  resolveGuardrailCatalogPath,
  minifyPolicy,
} from './guardrails';
export {
  createGuardrailCatalog,
  guardrailCatalogServiceRef,
  type GuardrailCatalogService,
} from './guardrailCatalogServiceRef';
export {
  pipelineExecutionName,
  parsePipelineExecutionName,
  executionFailureReason,
  listAllExecutions,
} from './pipelineExecutions';
