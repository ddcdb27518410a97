import { useEntity } from '@backstage/plugin-catalog-react';

/** The tenant id of the Tenant entity on the page: its `metadata.name`. */
export function useTenantId(): string {
  const { entity } = useEntity();
  return entity.metadata.name;
}

/** The regions the Tenant entity on the page runs in: its `spec.regions` (may be empty). */
export function useTenantRegions(): string[] {
  const { entity } = useEntity();
  const regions = (entity.spec as { regions?: unknown } | undefined)?.regions;
  return Array.isArray(regions)
    ? regions.filter((r): r is string => typeof r === 'string')
    : [];
}
