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

/**
 * Topic on which the catalog's Tenant entity provider announces that every Tenant entity it
 * applied for a refresh run is readable through the catalog API (payload
 * {@link InventoryCatalogedEvent}). The tenants backend starts the other sources' first reads
 * of a cold start on it (`tenancy.refresh.coldStartWait`), so the catalog ingests the
 * inventory before the cold reads compete with it for the process.
 * @public
 */
export const INVENTORY_CATALOGED_TOPIC = 'tenancy.inventory.cataloged';

/** Payload of {@link INVENTORY_CATALOGED_TOPIC}. @public */
export interface InventoryCatalogedEvent {
  /** Id of the refresh run whose inventory was applied. */
  runId: string;
  /** Tenant entities readable in the catalog when announced. */
  entityCount: number;
}
