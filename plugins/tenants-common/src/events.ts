/**
 * Topic of the Backstage events service on which the tenants backend announces that a refresh
 * run that read the inventory has ended successfully and stored it (payload
 * {@link InventoryRefreshedEvent}). The Tenant entity provider of the catalog applies the
 * inventory on it at once instead of waiting for its next scheduled check.
 * @public
 */
export const INVENTORY_REFRESHED_TOPIC = 'tenancy.inventory.refreshed';

/** Payload of {@link INVENTORY_REFRESHED_TOPIC}. @public */
export interface InventoryRefreshedEvent {
  /** Id of the refresh run (`GET /api/tenants/refresh-runs`). */
  runId: string;
  /** Tenants stored by the run. */
  tenantCount: number;
  /** When the run ended, ISO 8601 UTC. */
  finishedAt: string;
}
