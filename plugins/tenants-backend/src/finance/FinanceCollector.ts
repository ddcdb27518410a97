import type {
  CollectorContext,
  TenantsCollector,
} from '@tenancy/plugin-tenants-node';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  addDays,
  addMonths,
  isoDate,
  monthOf,
  monthToDate,
} from '@tenancy/plugin-tenants-common';
import { describeError } from '../spend/spendFetch';
import type { FinanceStore } from './FinanceStore';
import type { TenantsStore } from '../inventory/store/types';
import type { FinanceSettings } from './settings';
import { readAnomalies, ANOMALY_DAYS } from './anomalies/anomalies';
import { fetchTenantBudgets } from './budgets/budgetsFetch';
import { loadCostClasses } from './footprint/costClasses';
import {
  fleetFootprintOf,
  foldUsage,
  footprintOf,
  usageTotal,
  type UsageByAccount,
} from './footprint/footprint';
import { fetchUsageLines } from './footprint/footprintFetch';
import { monthsDue } from './reports/chargebackFetch';
import { generateReport } from './reports/generateReport';
import {
  MonthRequests,
  unitCost,
  unitCostDistribution,
  UnitCost,
} from './unitCost/unitCost';
import { fetchMonthRequests } from './unitCost/requestsFetch';

/** Months the footprint and unit cost cover: the current UTC month and the two before. */
export const FINANCE_MONTHS = 3;

/**
 * The `finance` collector, run with every refresh after spend: anomalies (GetAnomalyMonitors,
 * GetAnomalies), the vend-time budgets (DescribeBudgets, DescribeNotificationsForBudget), the
 * usage lines of the footprint and unit cost (GetCostAndUsage by USAGE_TYPE / SERVICE; request
 * sums from GetMetricData), and the chargeback report of each closed month not yet stored
 * (once Cost Explorer no longer marks it estimated). Each tenant's budget state goes to the
 * tenants list too, for the overview's budget filter. Each part fails alone: its last values
 * stay and the failure is reported on the run.
 */
export class FinanceCollector implements TenantsCollector {
  readonly name = 'finance';

  constructor(
    private readonly deps: {
      store: () => Promise<FinanceStore>;
      settings: FinanceSettings;
      /** Where the overview's budget filter reads each tenant's budget state. */
      tenants: Pick<TenantsStore, 'updateTenantSummaries'>;
    },
  ) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const store = await this.deps.store();
    const part = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        ctx.reportError({
          source: name,
          message: `Finance: ${name} not refreshed, last values kept: ${describeError(
            e,
          )}`,
        });
      }
    };
    const byAccount = new Map(ctx.tenants.map(t => [t.accountId, t.tenantId]));
    const today = isoDate(ctx.now);
    const ce = await ctx.clients.costExplorer();

    await part('anomalies', async () => {
      const reading = await readAnomalies(
        ce,
        { start: addDays(today, -ANOMALY_DAYS), end: today },
        byAccount,
      );
      await store.replaceDocuments(
        'anomalies',
        new Map([
          [
            '',
            reading.monitors === 'none'
              ? { monitors: 'none' }
              : {
                  monitors: reading.monitors,
                  tenants: Object.fromEntries(reading.byTenant),
                  unattributed: reading.unattributed.length,
                },
          ],
        ]),
        ctx.now,
      );
    });

    await part('budgets', async () => {
      const payer =
        this.deps.settings.managementAccountId ??
        (await (await ctx.clients.sts()).send(new GetCallerIdentityCommand({})))
          .Account ??
        '';
      const { views } = await fetchTenantBudgets(
        await ctx.clients.budgets(),
        payer,
        ctx.tenants.map(t => t.tenantId),
      );
      await store.replaceDocuments('budget', views, ctx.now);
      await this.deps.tenants.updateTenantSummaries(
        ctx.tenants.map(t => ({
          tenantId: t.tenantId,
          budgetState: views.get(t.tenantId)?.state ?? null,
        })),
      );
    });

    const current = monthOf(today);
    const first = addMonths(current, 1 - FINANCE_MONTHS);
    await part('footprint', async () => {
      const rules = await loadCostClasses(this.deps.settings.costClassesPath);
      // folded page by page per tenant account-month: the lines themselves are not held
      const usage: UsageByAccount = new Map();
      await fetchUsageLines(
        ce,
        rules,
        { start: `${first}-01`, end: monthToDate(ctx.now).end },
        this.deps.settings.metric,
        lines => {
          for (const l of lines)
            if (byAccount.has(l.accountId)) foldUsage(rules, usage, l);
        },
      );
      const perTenant = new Map(
        ctx.tenants.map(t => [t.tenantId, footprintOf(usage.get(t.accountId))]),
      );
      await store.replaceDocuments('footprint', perTenant, ctx.now);
      const fleet = new Map<string, unknown>();
      for (let m = first; m <= current; m = addMonths(m, 1))
        fleet.set(m, fleetFootprintOf(rules, usage, byAccount, m));
      await store.replaceDocuments('footprint-fleet', fleet, ctx.now);

      // Unit cost: the same lines' spend per tenant-month over its requests.
      const cw = await ctx.clients.cloudWatch();
      const costs = new Map<string, UnitCost[]>();
      const fleetUnit = new Map<string, unknown>();
      // A closed month's request sums do not change: read once, kept (GetMetricData is paid).
      const known = await store.documents<Record<string, MonthRequests>>(
        'requests',
      );
      const requestDocs = new Map<string, Record<string, MonthRequests>>();
      for (let m = first; m <= current; m = addMonths(m, 1)) {
        const kept = m < current ? known.get(m) : undefined;
        const accounts = [...byAccount.keys()].filter(
          id => !kept || !(id in kept),
        );
        const read = accounts.length
          ? await fetchMonthRequests(cw, accounts, m, ctx.now)
          : new Map<string, MonthRequests>();
        const sums: Record<string, MonthRequests> = { ...kept };
        for (const id of accounts)
          sums[id] = read.get(id) ?? { accountId: id, month: m };
        requestDocs.set(m, sums);
        const requests = new Map(Object.entries(sums));
        const month: UnitCost[] = ctx.tenants.map(t =>
          unitCost(
            t.tenantId,
            m,
            usageTotal(usage.get(t.accountId)?.get(m)),
            requests.get(t.accountId),
          ),
        );
        for (const c of month) {
          const list = costs.get(c.tenantId) ?? [];
          list.push(c);
          costs.set(c.tenantId, list);
        }
        fleetUnit.set(m, unitCostDistribution(m, month));
      }
      await store.replaceDocuments('requests', requestDocs, ctx.now);
      await store.replaceDocuments('unit-cost', costs, ctx.now);
      await store.replaceDocuments('unit-cost-fleet', fleetUnit, ctx.now);
    });

    await part('reports', async () => {
      const stored = new Set((await store.listReports()).map(r => r.month));
      for (const month of monthsDue(today, addMonths(current, -2), stored)) {
        await generateReport({
          ce,
          store,
          month,
          tenants: ctx.tenants,
          now: ctx.now,
          pageMetric: this.deps.settings.metric,
        });
      }
    });
  }
}
