export type {
  CollectorContext,
  CollectorError,
  TenantsCollector,
  TenantsCollectorRegistry,
} from './types';
export type { TenantsSource, TenantsSourceRouteContext } from './source';
export {
  tenantsSourcesExtensionPoint,
  type TenantsSourcesExtensionPoint,
} from './extensionPoint';
