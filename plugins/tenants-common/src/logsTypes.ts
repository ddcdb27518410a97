import type { components } from './generated/openapi';

type Schemas = components['schemas'];

/**
 * One region's Logs Insights run of a logs answer: status (`Complete`, `TimedOut` when stopped
 * at the backend's deadline, `NoLogGroups`, …), the log group ARNs queried (≤ 50), statistics
 * and the console link. @public
 */
export type LogsQueryRegion = Schemas['LogsQueryRegion'];

/** One ERROR line: ISO-8601 UTC timestamp, region, log group name, message, request id. @public */
export type RecentErrorRow = Schemas['RecentErrorRow'];

/** One error message and its occurrences in the time range. @public */
export type TopErrorMessage = Schemas['TopErrorMessage'];

/**
 * `GET /tenants/{tenantId}/logs/recent-errors`: the time range (UTC, `minutes`), the query text
 * as sent (paste it into the console), each region's run and the rows, newest first. @public
 */
export type TenantRecentErrors = Schemas['TenantRecentErrors'];

/** `GET /tenants/{tenantId}/logs/top-messages`: like {@link TenantRecentErrors}, rows by count. @public */
export type TenantTopErrorMessages = Schemas['TenantTopErrorMessages'];
