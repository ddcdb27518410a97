/**
 * CloudWatch's per-sandbox data (the tenants' metric profiles and the alarms' sort order), kept
 * in the sandbox's runtime context (`ctx.data`), and shared request helpers.
 */
import type { OperationContext } from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { DataAccount } from '../../core/dataAccounts';
import { accountById, defineDataSlot, orgAccounts } from '../../core/context';
import { MetricProfile, buildMetricProfile } from './metricModel';
import { accountRegions } from '../config/complianceModel';

/** What CloudWatch keeps between calls. */
export interface CloudWatchData {
  /** Metric profiles by `accountId@region` (rebuilt when the account's data changes). */
  metricProfiles: Map<string, MetricProfile>;
  /** Tenant accounts in alarm-name order, for one account list. */
  alarmOrder?: { from: DataAccount[]; list: DataAccount[] };
}

const CLOUD_WATCH_DATA = defineDataSlot<CloudWatchData>('cloudWatch', () => ({
  metricProfiles: new Map(),
}));

/** CloudWatch's data in this sandbox. */
export function cloudWatchData(ctx: OperationContext): CloudWatchData {
  return ctx.data.slot(CLOUD_WATCH_DATA);
}

/**
 * The metric profile of a tenant account in the request's region: undefined for shared
 * accounts and in a region the account does not run in (its `regions` tag, else us-east-1) —
 * CloudWatch is regional, so a region's monitoring sink sees only what was published there.
 */
export function metricProfile(
  ctx: OperationContext,
  accountId: string,
): MetricProfile | undefined {
  const cache = cloudWatchData(ctx).metricProfiles;
  const account = accountById(ctx, accountId);
  if (!account || account.kind !== 'tenant') return undefined;
  if (!accountRegions(account).includes(ctx.region)) return undefined;
  const key = `${accountId}@${ctx.region}`;
  const cached = cache.get(key);
  if (cached && cached.account === account) return cached;
  const built = buildMetricProfile(ctx.data.seed, account, ctx.region);
  cache.set(key, built);
  return built;
}

/** Tenant accounts of the organization, sorted by account id. */
export function tenantAccounts(ctx: OperationContext): DataAccount[] {
  return orgAccounts(ctx).filter(a => a.kind === 'tenant');
}

function toMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string') return NaN;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

/** Reads an AWS JSON timestamp (epoch seconds, ISO string or Date) as epoch ms. */
export function timestampMs(
  value: unknown,
  name: string,
  error: (m: string) => AwsServiceError,
): number {
  const ms = toMs(value);
  if (!Number.isFinite(ms))
    throw error(`The parameter ${name} is required and must be a timestamp.`);
  return ms;
}
