export {
  readStackSetCallAs,
  readTenantsOuPaths,
  readTenantTagKey,
  readBaselineStackSetName,
  readRefreshConcurrency,
  readAwsRegions,
  type StackSetCallAs,
} from './readers';
export * from './centralAccounts';
