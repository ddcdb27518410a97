import { useEntity } from '@backstage/plugin-catalog-react';

/** The tenant id of the Tenant entity on the page: its `metadata.name`. */
export function useTenantId(): string {
  const { entity } = useEntity();
  return entity.metadata.name;
}
