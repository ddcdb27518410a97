/**
 * Cached metric profiles and shared request helpers of the observability services.
 */
import type { OperationContext } from '../types';
import { AwsServiceError } from '../types';
import { DataAccount } from '../billing/accounts';
import { accountById, dataContext, orgAccounts } from '../billing/context';
import { MetricProfile, buildMetricProfile } from './metricModel';

/** The metric profile of a tenant account (undefined for shared accounts). */
export function metricProfile(
  ctx: OperationContext,
  accountId: string,
): MetricProfile | undefined {
  const dc = dataContext(ctx);
  let cache = dc.caches.get('metricProfiles') as
    | Map<string, MetricProfile>
    | undefined;
  if (!cache) {
    cache = new Map();
    dc.caches.set('metricProfiles', cache);
  }
  const account = accountById(ctx, accountId);
  if (!account || account.kind !== 'tenant') return undefined;
  const cached = cache.get(accountId);
  if (cached && cached.account === account) return cached;
  const built = buildMetricProfile(dc.seed, account);
  cache.set(accountId, built);
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

/** Opaque offset tokens bound to a request fingerprint. */
export function offsetToken(fp: string, offset: number): string {
  return Buffer.from(JSON.stringify({ fp, o: offset })).toString('base64url');
}

/** Decodes an offset token, or throws `error` when it is not one of ours for this request. */
export function readOffsetToken(
  token: unknown,
  fp: string,
  error: () => AwsServiceError,
): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(
      Buffer.from(String(token), 'base64url').toString('utf8'),
    );
    if (parsed.fp === fp && Number.isInteger(parsed.o) && parsed.o >= 0)
      return parsed.o;
  } catch {
    // fall through
  }
  throw error();
}
