import type { TenantContentAccess } from './useTenantContentAccess';

/** The decision of {@link TenantContentAccess} that each guarded Tenant entity content needs. */
export type GuardedTenantContent = Exclude<
  keyof TenantContentAccess,
  'loading'
>;

/**
 * The route path (relative to the entity page) of each permission-guarded Tenant content of the
 * plugin's `/alpha` export: `entity-content:tenants/<name>` mounts at `<name>`.
 */
export const GUARDED_TENANT_CONTENT_PATHS: Record<
  string,
  GuardedTenantContent
> = {
  health: 'health',
  guardrails: 'guardrails',
  spend: 'spend',
  deployments: 'deployments',
};

/** One tab of the entity page's header, or a group of tabs (the catalog's content groups). */
export type EntityHeaderTab =
  | { id: string; label: string; href: string }
  | {
      id: string;
      label: string;
      items: Array<{ id: string; label: string; href: string }>;
    };

function guardOf(tabId: string): GuardedTenantContent | undefined {
  const path = tabId.replace(/^\//, '').replace(/\/\*$/, '');
  return Object.prototype.hasOwnProperty.call(
    GUARDED_TENANT_CONTENT_PATHS,
    path,
  )
    ? GUARDED_TENANT_CONTENT_PATHS[path]
    : undefined;
}

/**
 * The entity page's tabs less those the user may not open: a guarded tab stays only when its
 * decision is `true` (while the decisions load, `access.loading`, guarded tabs are left out); a
 * group keeps its permitted items and goes when none is left. Tabs of other plugins stay.
 */
export function permittedTenantTabs<T extends EntityHeaderTab>(
  tabs: T[],
  access: TenantContentAccess,
): T[] {
  const allowed = (id: string) => {
    const guard = guardOf(id);
    return !guard || (!access.loading && access[guard]);
  };
  const result: T[] = [];
  for (const tab of tabs) {
    if ('items' in tab) {
      const items = tab.items.filter(item => allowed(item.id));
      if (items.length > 0) result.push({ ...tab, items });
    } else if (allowed(tab.id)) {
      result.push(tab);
    }
  }
  return result;
}
