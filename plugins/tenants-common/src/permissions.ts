/**
 * Permissions of the Tenancy plugins. Every route of the tenants backend checks one of these.
 *
 * The tenant-scoped permissions use the resource type {@link TENANT_RESOURCE_TYPE}, so a
 * permission policy can answer with a conditional decision (for example "only tenants whose
 * owner is one of the user's groups") that the backend applies to single tenants and to lists.
 *
 * @packageDocumentation
 */
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of one tenant (one AWS account); its resource ref is the tenant id.
 * @public
 */
export const TENANT_RESOURCE_TYPE = 'tenants-tenant';

/**
 * Read a tenant: the tenants list, the tenant detail, its activity, the refresh runs.
 * Resource permission on {@link TENANT_RESOURCE_TYPE}.
 * @public
 */
export const tenantReadPermission = createPermission({
  name: 'tenants.tenant.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Read a tenant's health (CloudWatch metrics and alarms).
 * Resource permission on {@link TENANT_RESOURCE_TYPE}.
 * @public
 */
export const tenantHealthReadPermission = createPermission({
  name: 'tenants.health.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Read a tenant's guardrail compliance and threat findings.
 * Resource permission on {@link TENANT_RESOURCE_TYPE}.
 * @public
 */
export const tenantComplianceReadPermission = createPermission({
  name: 'tenants.compliance.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Read a tenant's deployments of the tenant stack (release version, status, history).
 * Resource permission on {@link TENANT_RESOURCE_TYPE}.
 * @public
 */
export const tenantDeploymentsReadPermission = createPermission({
  name: 'tenants.deployments.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Read a tenant's recent log lines: the Logs Insights queries of `/tenants/{tenantId}/logs/…`,
 * run in the monitoring account over the tenant's shared log groups. Log lines may hold
 * customer data, so every query is also an audit event.
 * Resource permission on {@link TENANT_RESOURCE_TYPE}.
 * @public
 */
export const tenantLogsReadPermission = createPermission({
  name: 'tenants.logs.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Read spend: a tenant's spend (resource permission on {@link TENANT_RESOURCE_TYPE}), and, when
 * granted unconditionally, the fleet spend and the CSV export.
 * @public
 */
export const tenantSpendReadPermission = createPermission({
  name: 'tenants.spend.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Start a refresh of the fleet snapshot (`POST /refresh`). Not tenant-scoped.
 * @public
 */
export const tenantRefreshPermission = createPermission({
  name: 'tenants.refresh',
  attributes: { action: 'update' },
});

/**
 * Offboard a tenant: suspend, clean up and close its AWS account, or reinstate it (the Offboard
 * tenant template's actions check it with the task initiator's credentials). Resource permission
 * on {@link TENANT_RESOURCE_TYPE}; the demo policy grants it to platform engineers only.
 * @public
 */
export const tenantOffboardPermission = createPermission({
  name: 'tenants.tenant.offboard',
  attributes: { action: 'delete' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Every permission of the Tenancy plugins.
 * @public
 */
export const tenantsPermissions = [
  tenantReadPermission,
  tenantHealthReadPermission,
  tenantComplianceReadPermission,
  tenantDeploymentsReadPermission,
  tenantLogsReadPermission,
  tenantSpendReadPermission,
  tenantRefreshPermission,
  tenantOffboardPermission,
];
