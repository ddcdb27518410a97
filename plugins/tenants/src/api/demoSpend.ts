import {
  addMonths,
  centsToUsd,
  daysInMonth,
  monthOf,
  usdToCents,
  type FleetSpend,
  type FleetSpendQuery,
  type TenantSpend,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { seededRandom } from './demoData';

/** AWS service names as Cost Explorer spells them. @internal */
export const DEMO_SERVICES = [
  'Amazon Elastic Compute Cloud - Compute',
  'Amazon Relational Database Service',
  'Amazon Simple Storage Service',
  'AWS Lambda',
  'Amazon CloudWatch',
];
const SERVICES = DEMO_SERVICES;

/** Deterministic spend of one demo tenant (usage + tax headline, record types apart). @internal */
export function demoTenantSpend(t: TenantSummary, now: Date): TenantSpend {
  const month = monthOf(now);
  if (t.spendMonthToDate === null) {
    return {
      metric: 'AmortizedCost',
      currency: 'USD',
      monthToDate: '0.00',
      forecastMonthEnd: null,
      lastMonth: '0.00',
      changeRatio: null,
      monthly: [],
      daily: [],
      byService: [],
      noData: true,
    };
  }
  const rnd = seededRandom(usdToCents(t.spendMonthToDate));
  const mtd = usdToCents(t.spendMonthToDate);
  const day = now.getUTCDate() - 1;
  const monthly = Array.from({ length: 13 }, (_, i) => {
    const usage =
      i === 12 ? Math.round(mtd / 1.05) : Math.round(mtd * (1.2 + rnd()));
    const tax = i === 12 ? mtd - usage : Math.round(usage * 0.05);
    const credit = i % 4 === 1 ? -Math.round(usage * 0.2) : 0;
    const refund = i % 6 === 2 ? -Math.round(usage * 0.05) : 0;
    return {
      month: addMonths(month, i - 12),
      amounts: {
        usage: centsToUsd(usage),
        tax: centsToUsd(tax),
        credit: centsToUsd(credit),
        refund: centsToUsd(refund),
        net: centsToUsd(usage + tax + credit + refund),
      },
      estimated: i === 12,
    };
  });
  const perDay = Math.floor(mtd / Math.max(day, 1));
  const daily = Array.from({ length: day }, (_, i) => ({
    date: `${month}-${String(i + 1).padStart(2, '0')}`,
    amount: centsToUsd(i === day - 1 ? mtd - perDay * (day - 1) : perDay),
    estimated: i === day - 1,
  }));
  const days = daysInMonth(month);
  const shares = [0.45, 0.25, 0.15, 0.1];
  const byService = SERVICES.map((service, i) => ({
    service,
    amount: centsToUsd(
      i < 4
        ? Math.round(mtd * shares[i])
        : mtd - shares.reduce((s, x) => s + Math.round(mtd * x), 0),
    ),
  }));
  const lastMonth =
    usdToCents(monthly[11].amounts.usage) + usdToCents(monthly[11].amounts.tax);
  return {
    metric: 'AmortizedCost',
    currency: 'USD',
    monthToDate: t.spendMonthToDate,
    forecastMonthEnd:
      day > 0 ? centsToUsd(Math.round((mtd / day) * days)) : null,
    lastMonth: centsToUsd(lastMonth),
    changeRatio:
      lastMonth === 0
        ? null
        : Math.round(((mtd - lastMonth) / lastMonth) * 1000) / 1000,
    monthly,
    daily,
    byService,
    noData: false,
  };
}

/** Deterministic finance view of one month for the demo tenants. @internal */
export function demoFleetSpend(
  allTenants: TenantSummary[],
  month: string,
  now: Date,
): FleetSpend {
  const [y, m] = month.split('-').map(Number);
  const monthShift =
    (y - now.getUTCFullYear()) * 12 + (m - 1 - now.getUTCMonth());
  const rnd = seededRandom(y * 100 + m);
  const tenants = allTenants
    .flatMap(t =>
      t.spendMonthToDate === null
        ? []
        : [{ ...t, mtd: usdToCents(t.spendMonthToDate) }],
    )
    .map((t, i) => {
      const amount = Math.round(t.mtd * (1 + monthShift * 0.03 + rnd() * 0.2));
      const previous =
        i % 11 === 3 ? 0 : Math.round(amount * (0.8 + rnd() * 0.4));
      return {
        tenantId: t.tenantId,
        accountId: t.accountId,
        amount: centsToUsd(amount),
        previousAmount: centsToUsd(previous),
        changeRatio:
          previous === 0
            ? null
            : Math.round(((amount - previous) / previous) * 1000) / 1000,
      };
    });
  const tenantsTotal = tenants.reduce((s, t) => s + usdToCents(t.amount), 0);
  const previousTenants = tenants.reduce(
    (s, t) => s + usdToCents(t.previousAmount),
    0,
  );
  const shared = Math.round(tenantsTotal * 0.08);
  const unallocated = Math.round(tenantsTotal * 0.015);
  const movers = [...tenants]
    .map(t => ({
      tenantId: t.tenantId,
      delta: usdToCents(t.amount) - usdToCents(t.previousAmount),
      changeRatio: t.changeRatio,
    }))
    .sort(
      (a, b) =>
        Math.abs(b.delta) - Math.abs(a.delta) ||
        a.tenantId.localeCompare(b.tenantId),
    )
    .slice(0, 5)
    .map(t => ({
      tenantId: t.tenantId,
      change: centsToUsd(t.delta),
      changeRatio: t.changeRatio,
    }));
  const total = tenantsTotal + shared + unallocated;
  const shares = [0.45, 0.25, 0.15, 0.1];
  return {
    month,
    metric: 'AmortizedCost',
    currency: 'USD',
    total: centsToUsd(total),
    tenantsTotal: centsToUsd(tenantsTotal),
    shared: centsToUsd(shared),
    unallocated: centsToUsd(unallocated),
    previousMonthTotal: centsToUsd(Math.round(previousTenants * 1.095)),
    tenants,
    movers,
    byService: SERVICES.map((service, i) => ({
      service,
      amount: centsToUsd(
        i < 4
          ? Math.round(total * shares[i])
          : total - shares.reduce((s, x) => s + Math.round(total * x), 0),
      ),
    })),
    estimated: monthShift === 0,
  };
}

/**
 * One page of a demo month's tenant rows, as the backend pages them: search `q` in tenant and
 * account ids, sort (default amount, largest first; ties by tenant id in the same direction),
 * then `offset`/`limit`.
 * @internal
 */
export function pageDemoFleet(
  spend: FleetSpend,
  page: Omit<FleetSpendQuery, 'month'> = {},
): FleetSpend {
  const q = page.q?.trim().toLowerCase();
  const sort = page.sort ?? 'amount';
  const order =
    page.order ?? (sort === 'name' || sort === 'account' ? 'asc' : 'desc');
  const key = (t: FleetSpend['tenants'][number]): number | string | null => {
    if (sort === 'name') return t.tenantId;
    if (sort === 'account') return t.accountId;
    if (sort === 'amount') return usdToCents(t.amount);
    if (sort === 'previous')
      return t.previousAmount === null ? null : usdToCents(t.previousAmount);
    return t.previousAmount === null
      ? null
      : usdToCents(t.amount) - usdToCents(t.previousAmount);
  };
  const rows = spend.tenants
    .filter(t => !q || `${t.tenantId} ${t.accountId}`.toLowerCase().includes(q))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null)
        return (ka === null ? 1 : 0) - (kb === null ? 1 : 0);
      const c = ka < kb ? -1 : Number(ka > kb);
      const tie = a.tenantId.localeCompare(b.tenantId);
      return order === 'asc' ? c || tie : -c || -tie;
    });
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 50;
  return {
    ...spend,
    tenants: rows.slice(offset, offset + limit),
    totalCount: rows.length,
    limit,
    offset,
  };
}
