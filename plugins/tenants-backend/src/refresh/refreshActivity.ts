import type { TenantActivity } from '@tenancy/plugin-tenants-common';
import type { InventoryChange, StoredTenant } from '../inventory/store/types';

/** Activity entries for what the inventory changed: tenants found, gone, or changed state. */
export function activityFor(
  runId: string,
  now: Date,
  change: InventoryChange,
  previous: StoredTenant[],
  tenants: StoredTenant[],
): TenantActivity[] {
  const at = now.toISOString();
  const entry = (tenantId: string, summary: string): TenantActivity => ({
    id: `${runId}:${tenantId}`,
    tenantId,
    kind: 'refresh',
    summary,
    at,
  });
  const before = new Map(previous.map(t => [t.tenantId, t]));
  const after = new Map(tenants.map(t => [t.tenantId, t]));
  return [
    ...change.added.map(id =>
      entry(id, `Found in the tenants OU by refresh ${runId}`),
    ),
    ...change.removed.map(id =>
      entry(id, `No longer in the tenants OU (refresh ${runId})`),
    ),
    ...change.updated.flatMap(id => {
      const old = before.get(id);
      const cur = after.get(id);
      if (!old || !cur) return [];
      const parts: string[] = [];
      if (old.state !== cur.state)
        parts.push(`state ${old.state} → ${cur.state}`);
      if (old.ouPath !== cur.ouPath)
        parts.push(`OU ${old.ouPath} → ${cur.ouPath}`);
      if (old.owner !== cur.owner)
        parts.push(`owner ${old.owner ?? 'none'} → ${cur.owner ?? 'none'}`);
      return parts.length
        ? [entry(id, `Changed: ${parts.join(', ')} (refresh ${runId})`)]
        : [];
    }),
  ];
}
