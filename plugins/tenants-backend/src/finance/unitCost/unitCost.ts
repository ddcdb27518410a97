/**
 * Unit cost: a tenant's spend per 1,000 requests per UTC month, with the fleet's distribution.
 * Requests are the health source's CloudWatch sums: API Gateway `Count` when the tenant has any,
 * else Lambda `Invocations`. See docs/aws-behaviours/finance.md#unit-cost.
 */
import { Amount, formatUsd } from '../../spend/money';

/** Which metric counted the requests. */
export type RequestSource = 'apiGatewayCount' | 'lambdaInvocations';

/** Requests of one account and month (sums of CloudWatch datapoints, whole numbers). */
export interface MonthRequests {
  accountId: string;
  /** `YYYY-MM` (UTC) */
  month: string;
  apiGatewayCount?: number;
  lambdaInvocations?: number;
}

/** Unit cost of one tenant-month. */
export type UnitCost =
  | {
      tenantId: string;
      month: string;
      /** Spend (usage + tax), USD, 2 decimals. */
      spend: string;
      requests: number;
      source: RequestSource;
      /** USD per 1,000 requests, 4 decimals (half away from zero). */
      per1000: string;
    }
  | {
      tenantId: string;
      month: string;
      spend: string;
      requests: null;
      /** Why no unit cost: no request metric reported for the month. */
      reason: 'no request data';
    };

const UNIT = 10n ** 10n;

/**
 * `spend × 1000 / count` in USD with 4 decimals, half away from zero, exact (no float).
 */
export function per1000Requests(spend: Amount, count: bigint): string {
  const num = spend * 1000n * 10000n;
  const den = count * UNIT;
  const abs = num < 0n ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  const text = `${q / 10000n}.${(q % 10000n).toString().padStart(4, '0')}`;
  return num < 0n && q > 0n ? `-${text}` : text;
}

/**
 * Unit cost of one tenant-month.
 * @param spend - the month's usage + tax (exact)
 * @param requests - the month's request sums, undefined when the health source has none
 */
export function unitCost(
  tenantId: string,
  month: string,
  spend: Amount,
  requests: MonthRequests | undefined,
): UnitCost {
  const api = requests?.apiGatewayCount ?? 0;
  const lambda = requests?.lambdaInvocations ?? 0;
  let source: RequestSource | undefined;
  if (api > 0) source = 'apiGatewayCount';
  else if (lambda > 0) source = 'lambdaInvocations';
  const spendText = formatUsd(spend);
  if (!source)
    return {
      tenantId,
      month,
      spend: spendText,
      requests: null,
      reason: 'no request data',
    };
  const count = source === 'apiGatewayCount' ? api : lambda;
  return {
    tenantId,
    month,
    spend: spendText,
    requests: count,
    source,
    per1000: per1000Requests(spend, BigInt(Math.round(count))),
  };
}

/** The fleet's distribution of unit costs in one month (USD per 1,000 requests). */
export interface UnitCostDistribution {
  month: string;
  tenantsWithData: number;
  tenantsWithoutData: number;
  /** Nearest-rank percentiles; all null when no tenant has request data. */
  min: string | null;
  p25: string | null;
  median: string | null;
  p75: string | null;
  p90: string | null;
  max: string | null;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
function rank<T>(sorted: T[], p: number): T {
  const i = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[i - 1];
}

/** The distribution of one month's unit costs across the fleet. */
export function unitCostDistribution(
  month: string,
  costs: readonly UnitCost[],
): UnitCostDistribution {
  const values = costs
    .filter(c => c.month === month)
    .flatMap(c => (c.requests === null ? [] : [c.per1000]))
    .map(v => ({ v, n: Number(v) }))
    .sort((a, b) => a.n - b.n);
  const without = costs.filter(
    c => c.month === month && c.requests === null,
  ).length;
  const pick = (p: number) => (values.length ? rank(values, p).v : null);
  return {
    month,
    tenantsWithData: values.length,
    tenantsWithoutData: without,
    min: values.length ? values[0].v : null,
    p25: pick(25),
    median: pick(50),
    p75: pick(75),
    p90: pick(90),
    max: values.length ? values[values.length - 1].v : null,
  };
}
