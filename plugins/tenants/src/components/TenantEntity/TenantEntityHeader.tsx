import { Header } from '@backstage/ui';
import {
  EntityRefLink,
  useEntity,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import type { EntityHeaderLayoutProps } from '@backstage/plugin-catalog-react/alpha';
import { useTenantContentAccess } from './useTenantContentAccess';
import { permittedTenantTabs } from './permittedTabs';

/**
 * The header of a Tenant's entity page in the new frontend system: its title, kind and tier,
 * its owner, and the tabs the signed-in user may open (a Health, Guardrails, Spend or
 * Deployments tab only with `tenants.{health,compliance,spend,deployments}.read` on this tenant).
 */
export function TenantEntityHeader(props: EntityHeaderLayoutProps) {
  const { entity } = useEntity();
  const access = useTenantContentAccess();
  const presentation = useEntityPresentation(entity);
  const spec = (entity.spec ?? {}) as { tier?: unknown; owner?: unknown };
  const tier = typeof spec.tier === 'string' ? spec.tier : undefined;
  const owner = typeof spec.owner === 'string' ? spec.owner : undefined;
  return (
    <Header
      title={presentation.primaryTitle}
      tags={[{ label: entity.kind }, ...(tier ? [{ label: tier }] : [])]}
      metadata={
        owner
          ? [
              {
                label: 'Owner',
                value: <EntityRefLink entityRef={owner} defaultKind="group" />,
              },
            ]
          : []
      }
      tabs={permittedTenantTabs(props.tabs, access)}
      activeTabId={props.activeTabId}
    />
  );
}
