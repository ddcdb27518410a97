/**
 * Node library of the Tenancy plugins: the AWS client factory (credentials, endpoint override,
 * retries, call meter), pagination helpers, AWS → Backstage error mapping and the guardrail
 * catalog loader.
 *
 * @packageDocumentation
 */
export * from './clients';
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
