import { ReactNode } from 'react';
import { Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { NoPermission } from './AsyncState';

type Permission = Parameters<typeof usePermission>[0]['permission'];

/**
 * Renders its children only when the user holds `permission` (for `resourceRef`, the tenant
 * id); otherwise a clear message naming the permission, never a tab that errors.
 */
export function PermissionGate(props: {
  permission: Permission;
  resourceRef?: string;
  what: string;
  children: ReactNode;
}) {
  const { loading, allowed } = usePermission(
    (props.resourceRef
      ? { permission: props.permission, resourceRef: props.resourceRef }
      : { permission: props.permission }) as Parameters<
      typeof usePermission
    >[0],
  );
  if (loading) return <Progress />;
  if (!allowed) {
    return (
      <NoPermission what={props.what} permission={props.permission.name} />
    );
  }
  return <>{props.children}</>;
}
