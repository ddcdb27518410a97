import type { HealthStatus } from './types';

/**
 * Sort rank of a health status, the one order of the tenants list (server and demo client):
 * healthy first (0), then unknown, degraded, critical last (3). Sorting descending puts the
 * tenants that need attention first.
 * @public
 */
export const HEALTH_RANK: Readonly<Record<HealthStatus, number>> = {
  healthy: 0,
  unknown: 1,
  degraded: 2,
  critical: 3,
};

/**
 * Compares two health statuses by {@link HEALTH_RANK} (a missing status counts as `unknown`):
 * negative when `a` sorts before `b` ascending.
 * @public
 */
export function compareHealth(
  a: HealthStatus | null | undefined,
  b: HealthStatus | null | undefined,
): number {
  return HEALTH_RANK[a ?? 'unknown'] - HEALTH_RANK[b ?? 'unknown'];
}
