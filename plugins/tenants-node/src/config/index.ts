export {
  readStackSetCallAs,
  readTenantsOuPaths,
  readTenantTagKey,
  readBaselineStackSetName,
  readRefreshConcurrency,
  type StackSetCallAs,
} from './readers';
export * from './centralAccounts';
