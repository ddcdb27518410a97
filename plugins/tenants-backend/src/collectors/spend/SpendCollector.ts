import type { TenantsCollector, CollectorContext } from '../types';
import type { TenantsStore } from '../../store/types';
import type { InsightsStore } from '../../insights/InsightsStore';
import type { InsightsSettings } from '../../insights/settings';
import { fetchSpend } from './spendFetch';
import { buildTenantSpend, SpendFact } from './spendModel';
import { addMonths, monthOf, monthToDate } from './dates';

/**
 * The `spend` collector: reads Cost Explorer from the payer account (see {@link fetchSpend}),
 * stores the facts (closed months once) and writes each tenant's month-to-date spend and
 * month-over-month change into the tenants list's summary columns.
 */
export class SpendCollector implements TenantsCollector {
  readonly name = 'spend';

  constructor(
    private readonly deps: {
      insights: () => Promise<InsightsStore>;
      tenants: TenantsStore;
      settings: InsightsSettings;
    },
  ) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const { settings } = this.deps;
    const metric = settings.spendMetric;
    const insights = await this.deps.insights();
    const ce = await ctx.clients.costExplorer();
    const result = await fetchSpend(
      ce,
      {
        now: ctx.now,
        metric,
        tagKey: settings.tenantTagKey,
        tenantAccountIds: new Set(ctx.tenants.map(t => t.accountId)),
        cachedClosedMonths: await insights.cachedClosedMonths(metric),
        dailyStoredThrough: await insights.getMeta<string>(
          `spend.dailyThrough.${metric}`,
        ),
      },
      slice => insights.replaceSpend(metric, [slice], [], ctx.now),
    );
    await insights.replaceSpend(
      metric,
      [],
      result.closedMonthsFetched,
      ctx.now,
    );
    await insights.setMeta(`spend.tagStatus.${metric}`, result.tagStatus);
    await insights.setMeta(`spend.dailyThrough.${metric}`, result.dailyThrough);
    await insights.setMeta('spend.collectedAt', ctx.now.toISOString());
    await insights.setMeta(
      'spend.tenants',
      ctx.tenants.map(t => ({ tenantId: t.tenantId, accountId: t.accountId })),
    );

    const facts = await insights.spendFacts({
      metric,
      from: `${addMonths(monthOf(ctx.now), -1)}-01`,
      to: monthToDate(ctx.now).end,
      accountIds: undefined,
      dimensions: ['RECORD_TYPE', 'TOTAL'],
    });
    const byAccount = new Map<string, SpendFact[]>();
    for (const f of facts) {
      const list = byAccount.get(f.accountId) ?? [];
      list.push(f);
      byAccount.set(f.accountId, list);
    }
    const updates = ctx.tenants.map(t => {
      const s = buildTenantSpend(
        byAccount.get(t.accountId) ?? [],
        ctx.now,
        metric,
      );
      return {
        tenantId: t.tenantId,
        spendMonthToDate: s.noData ? null : s.monthToDate,
        spendChangeRatio: s.changeRatio,
      };
    });
    await this.deps.tenants.updateTenantSummaries(updates);
  }
}
