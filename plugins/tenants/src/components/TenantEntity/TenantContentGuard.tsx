import { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useTenantContentAccess } from './useTenantContentAccess';
import type { GuardedTenantContent } from './permittedTabs';

/**
 * Renders a permission-guarded Tenant entity content only for a user who may read it; anyone
 * else (a shared link to a tab they do not have) is sent to the entity's Overview, as the tab
 * is not on their page either. A progress bar stands in while the decision loads.
 */
export function TenantContentGuard(props: {
  content: GuardedTenantContent;
  children: ReactNode;
}) {
  const access = useTenantContentAccess();
  const { entity } = useEntity();
  const entityLink = useRouteRef(entityRouteRef);
  if (access.loading) return <Progress />;
  if (!access[props.content]) {
    return <Navigate to={entityLink(entityRouteParams(entity))} replace />;
  }
  return <>{props.children}</>;
}
