/**
 * CloudWatch ListMetrics: the caller's own metrics, or, from the monitoring account with
 * IncludeLinkedAccounts, those of every linked (tenant) account, 500 per page.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { MONITORING_ACCOUNT_ID } from '../../core/organization/organization';
import { cwError } from './getMetricData';
import { metricProfile, tenantAccounts } from './data';
import { MetricIdentity, metricCatalog } from './metricModel';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/** Metrics per ListMetrics page, as CloudWatch returns. */
export const LIST_METRICS_PAGE = 500;

function matches(m: MetricIdentity, input: OperationInput): boolean {
  if (input.Namespace && m.Namespace !== input.Namespace) return false;
  if (input.MetricName && m.MetricName !== input.MetricName) return false;
  const filters: { Name?: string; Value?: string }[] = Array.isArray(
    input.Dimensions,
  )
    ? input.Dimensions
    : [];
  return filters.every(f =>
    m.Dimensions.some(
      d => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value),
    ),
  );
}

/** The ListMetrics handler. */
export function listMetrics(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  if (Array.isArray(input.Dimensions) && input.Dimensions.length > 10) {
    throw cwError(
      'ValidationError',
      `1 validation error detected: Value at 'dimensions' failed to satisfy constraint: Member must have length less than or equal to 10`,
    );
  }
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') {
    throw cwError(
      'ValidationError',
      `1 validation error detected: Value '${input.RecentlyActive}' at 'recentlyActive' failed to satisfy constraint: Member must satisfy enum value set: [PT3H]`,
    );
  }
  const linked =
    input.IncludeLinkedAccounts === true ||
    input.IncludeLinkedAccounts === 'true';
  if (input.OwningAccount && !linked) {
    throw cwError(
      'InvalidParameterCombination',
      'OwningAccount can only be used with IncludeLinkedAccounts set to true.',
    );
  }
  let accounts = tenantAccounts(ctx);
  if (ctx.callerAccountId === MONITORING_ACCOUNT_ID) {
    accounts = linked ? accounts : [];
  } else {
    accounts = accounts.filter(a => a.accountId === ctx.callerAccountId);
  }
  if (input.OwningAccount)
    accounts = accounts.filter(a => a.accountId === input.OwningAccount);

  const fp = requestFingerprint(input, 'NextToken');
  const pos = decodePageToken(input.NextToken, fp, {
    invalid: () =>
      cwError(
        'InvalidNextToken',
        'The NextToken is invalid or belongs to another request.',
      ),
  }) ?? { i: 0, m: 0 };
  const metrics: MetricIdentity[] = [];
  const owners: string[] = [];
  let next: { i: number; m: number } | undefined;
  for (let i = pos.i; i < accounts.length && !next; i++) {
    const p = metricProfile(ctx, accounts[i].accountId);
    if (!p) continue;
    const catalog = metricCatalog(p);
    for (let m = i === pos.i ? pos.m : 0; m < catalog.length; m++) {
      if (!matches(catalog[m], input)) continue;
      if (metrics.length === LIST_METRICS_PAGE) {
        next = { i, m };
        break;
      }
      metrics.push(catalog[m]);
      owners.push(p.account.accountId);
    }
  }
  return {
    Metrics: metrics,
    ...(linked ? { OwningAccounts: owners } : {}),
    ...(next
      ? {
          NextToken: encodePageToken(fp, next),
        }
      : {}),
  };
}
