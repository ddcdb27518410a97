import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { TenantsSource } from './source';

/**
 * Lets backend modules add data sources to the tenants plugin.
 * @public
 */
export interface TenantsSourcesExtensionPoint {
  /**
   * Adds a source after the built-in ones (inventory, spend, health, compliance). The plugin
   * throws ConflictError at start when two sources share an id.
   */
  addSource(source: TenantsSource): void;
}

/**
 * The extension point (id `tenants.sources`) through which modules register
 * {@link TenantsSource}s:
 * `env.registerInit({ deps: { sources: tenantsSourcesExtensionPoint }, init: ({ sources }) => sources.addSource(mySource) })`.
 * @public
 */
export const tenantsSourcesExtensionPoint =
  createExtensionPoint<TenantsSourcesExtensionPoint>({
    id: 'tenants.sources',
  });
